# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, models
from odoo.exceptions import UserError

from odoo.addons.dms_portal.tools import statement as statement_tools

#: kind of a channel entry on the statement (dms_portal's line kinds)
ENTRY_KINDS = {"shipment": "invoice", "payment": "payment", "return": "refund"}


class DmsChannelAccount(models.Model):
    """The seller issues the statement of this account for a period: a ``dms.dealer.statement``
    (dms_portal's mechanism) whose lines are the channel entries of the period."""

    _inherit = "dms.channel.account"

    def _channel_statement_vals(self, date_from, date_to):
        """Values of the statement of ``date_from``–``date_to`` from the channel entries (as dms_portal's
        ``_prepare_statements_vals`` does from the books: totals and lines under ``"lines"``)."""
        self.ensure_one()
        account = self.sudo()
        digits = account.currency_id.decimal_places
        opening = 0.0
        movements = []
        for entry in account._channel_entries():
            day = entry["date"].date() if hasattr(entry["date"], "date") else entry["date"]
            amount = entry["debit"] - entry["credit"]
            if day < date_from:
                opening += amount
            elif day <= date_to:
                movements.append((day, ENTRY_KINDS.get(entry["kind"], "other"), entry["reference"], amount))
        lines, totals = statement_tools.build_statement(opening, movements, digits=digits)
        buyer = account.buyer_id
        env = self.with_context(lang=buyer.lang or self.env.lang).env
        return {
            "name": env._(
                "Statement %(seller)s → %(buyer)s %(period)s",
                seller=account.seller_id.ref or account.seller_id.name,
                buyer=buyer.ref or buyer.name,
                period=statement_tools.period_label(date_from, date_to),
            ),
            "partner_id": buyer.id,
            "company_id": account.company_id.id,
            "date_from": date_from,
            "date_to": date_to,
            "opening_balance": totals["opening"],
            "total_invoice": totals["invoice"],
            "total_payment": totals["payment"],
            "total_refund": totals["refund"],
            "total_rebate": totals["rebate"],
            "total_other": totals["other"],
            "closing_balance": totals["closing"],
            "lines": [dict(line, sequence=sequence, move_id=False) for sequence, line in enumerate(lines)],
        }

    def _channel_statements(self):
        self.ensure_one()
        return self.env["dms.dealer.statement"].sudo().search([("dms_channel_account_id", "=", self.id)])

    @api.model
    def _channel_acting_seller(self, account):
        """The acting portal user when it is a user of ``account``'s seller, else an AccessError."""
        Statement = self.env["dms.dealer.statement"]
        return Statement.new({"dms_channel_account_id": account.id})._dms_channel_check_seller()

    def action_dms_channel_issue_statement(self, month=None, date_from=None, date_to=None):
        """The seller issues (or rebuilds) the statement of a closed or the current period and sends it.

        Idempotent per period: a draft or sent statement is rebuilt from the channel books, a
        confirmed one is returned as it is, a disputed one waits for the seller's resolution.
        """
        self.ensure_one()
        user = self._channel_acting_seller(self)
        Statement = self.env["dms.dealer.statement"].sudo()
        start, end = Statement._dms_parse_period(month=month, date_from=date_from, date_to=date_to)
        statement = Statement.search(
            [
                ("dms_channel_account_id", "=", self.id),
                ("date_from", "=", start),
                ("date_to", "=", end),
            ],
            limit=1,
        )
        if statement.state == "confirmed":
            return statement
        if statement.state == "disputed":
            raise UserError(
                self.env._(
                    "%(statement)s has open disputes: resolve them (or reopen it) first.",
                    statement=statement.display_name,
                )
            )
        # the seller was checked: the statement is written as that user, in superuser mode
        Statement = Statement.with_user(user).sudo()
        if statement:
            statement.with_user(user).sudo()._workflow_apply("regenerate")
        else:
            vals = self._channel_statement_vals(start, end)
            lines = vals.pop("lines")
            vals.update(dms_channel_account_id=self.id, line_ids=[Command.create(line) for line in lines])
            statement = Statement.create(vals)
        statement = statement.with_user(user).sudo()
        if statement.state == "draft":
            statement._workflow_apply("send")
        return statement
