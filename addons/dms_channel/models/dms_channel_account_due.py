# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL, float_compare

from ..tools import statement
from .dms_channel_account import COMMITTED_STATES


class DmsChannelAccount(models.Model):
    """Per-order due dates and open amounts (payments allocated to orders), overdue reminders."""

    _name = "dms.channel.account"
    _inherit = ["dms.channel.account", "mail.thread"]

    reminder_date = fields.Date(
        string="Last Overdue Reminder", readonly=True, copy=False, help="Written once a day by the reminder job."
    )
    amount_overdue = fields.Monetary(string="Overdue", compute="_compute_amount_overdue", currency_field="currency_id")

    @api.depends("seller_id", "buyer_id", "payment_term_days")
    def _compute_amount_overdue(self):
        for account in self:
            rows, _unallocated = account._channel_order_lines() if account.id else ([], 0.0)
            account.amount_overdue = sum(row["open"] for row in rows if row["overdue"])

    def _channel_order_lines(self, today=None):
        """What each order owes: ``([{order, date, due, amount, paid, open, overdue}], unallocated)``.

        An order's amount is the value shipped (taxes included) net of its accepted returns, due
        ``payment_term_days`` after its first (not cancelled) shipment. Confirmed payments pay
        the order they were made for (or the orders they are split over) first, then the oldest
        due (``tools.statement.allocate``).
        """
        self.ensure_one()
        account = self.sudo()  # both parties read the same figures; the caller was checked on the account
        today = today or fields.Date.context_today(self)
        currency = account.currency_id
        rows = []
        for order in account._channel_orders(COMMITTED_STATES).sorted("id"):
            shipments = order.shipment_ids.filtered(lambda s: s.state != "cancel")
            if not shipments:
                continue
            shipped = sum(line.qty * line.order_line_id._channel_unit_total() for line in shipments.line_ids)
            returned = sum(ret.amount_total for ret in order.return_ids if ret.state == "accepted")
            first = min(shipments.mapped("date")).date()
            rows.append(
                {
                    "order": order,
                    "key": order.id,
                    "date": first,
                    "due": first + timedelta(days=account.payment_term_days),
                    "amount": currency.round(shipped - returned),
                }
            )
        payments = (
            self.env["dms.channel.payment"]
            .sudo()
            .search([("account_id", "=", account.id), ("state", "=", "confirmed")], order="date, id")
        )
        paid, unallocated = statement.allocate(
            rows,
            [
                {"amount": payment.amount, "order": payment.order_id.id or None, "split": payment._channel_split()}
                for payment in payments
            ],
        )
        for row in rows:
            row["paid"] = currency.round(paid[row["key"]])
            row["open"] = currency.round(row["amount"] - row["paid"])
            row["overdue"] = (
                row["due"] < today and float_compare(row["open"], 0.0, precision_rounding=currency.rounding) > 0
            )
        return rows, currency.round(unallocated)

    # ------------------------------------------------------------------
    # Overdue reminders
    # ------------------------------------------------------------------
    def _channel_claim_reminder(self, today):
        """Mark today's reminder of this account; False when it was already sent today.

        One UPDATE with the condition in it: two jobs (or two workers) at once, only one gets the row.
        """
        self.ensure_one()
        rows = self.env.execute_query(
            SQL(
                "UPDATE dms_channel_account SET reminder_date = %s WHERE id = %s "
                "AND (reminder_date IS NULL OR reminder_date < %s) RETURNING id",
                today,
                self.id,
                today,
            )
        )
        self.invalidate_recordset(["reminder_date"])
        return bool(rows)

    def _channel_reminder_partners(self):
        """Who is reminded: the users of the buyer and of the seller (their partners)."""
        self.ensure_one()
        parties = (self.buyer_id | self.seller_id).commercial_partner_id
        users = (
            self.env["res.users"]
            .sudo()
            .search([("partner_id.commercial_partner_id", "in", parties.ids), ("share", "=", True)])
        )
        return users.partner_id

    def _channel_send_reminder(self, overdue):
        self.ensure_one()
        currency = self.currency_id
        lines = []
        for row in overdue:
            amount = f"{row['open']:.2f}"
            line = self.env._(
                "%(order)s: %(open)s %(currency)s open, due %(due)s",
                order=row["order"].name,
                open=amount,
                currency=currency.name,
                due=row["due"],
            )
            lines.append(Markup("<li>%s</li>") % line)
        items = Markup("").join(lines)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            escape(
                self.env._(
                    "%(buyer)s owes %(seller)s for orders past their due date:",
                    buyer=self.buyer_id.name,
                    seller=self.seller_id.name,
                )
            ),
            items,
        )
        return self.message_post(
            body=body,
            subject=self.env._("Overdue channel balance: %(buyer)s", buyer=self.buyer_id.name),
            partner_ids=self._channel_reminder_partners().ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _cron_remind_overdue(self, today=None):
        """Daily: remind buyer and seller of each account with an overdue order, once a day."""
        today = today or fields.Date.context_today(self)
        accounts = self.sudo().search(["|", ("reminder_date", "=", False), ("reminder_date", "<", today)])
        sent = self.browse()
        for account in accounts:
            rows, _unallocated = account._channel_order_lines(today)
            overdue = [row for row in rows if row["overdue"]]
            if overdue and account._channel_claim_reminder(today):
                account._channel_send_reminder(overdue)
                sent |= account
        return sent
