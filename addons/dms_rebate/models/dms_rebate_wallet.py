# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL

from odoo.addons.dms_dealer.tools import spreadsheet


class DmsRebateWallet(models.Model):
    """Rebate wallet (返利池) of a dealer in a company; the ledger is ``line_ids``.

    The row is also the lock every movement takes, so the balance cannot go negative
    when two orders use the wallet at the same time.
    """

    _name = "dms.rebate.wallet"
    _description = "Rebate Wallet"
    _order = "partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("dms.rebate.wallet.line", "wallet_id", string="Movements")
    balance = fields.Monetary(
        currency_field="currency_id", compute="_compute_balance", help="Usable (not expired) balance today."
    )
    lock_counter = fields.Integer(readonly=True, copy=False)

    _sql_constraints = [
        ("partner_company_uniq", "UNIQUE(partner_id, company_id)", "A dealer has one rebate wallet per company."),
    ]

    @api.depends("line_ids.amount")
    def _compute_balance(self):
        for wallet in self:
            wallet.balance = wallet._get_balance()

    def _get_balance(self, day=None):
        """Usable balance on ``day`` (today by default), read from the ledger."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return sum(residual for _line, residual in self._get_available_credits(day))

    @api.model
    def _get_or_create(self, partner, company):
        partner = partner.commercial_partner_id
        wallet = self.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])
        if not wallet:
            self.env.cr.execute(
                SQL(
                    """INSERT INTO dms_rebate_wallet (partner_id, company_id, lock_counter, create_uid, create_date,
                                                      write_uid, write_date)
                       VALUES (%s, %s, 0, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                       ON CONFLICT (partner_id, company_id) DO NOTHING""",
                    partner.id,
                    company.id,
                    self.env.uid,
                    self.env.uid,
                )
            )
            wallet = self.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])
        return wallet

    def _lock(self):
        """Row lock with a write: a concurrent transaction fails with a serialization error."""
        self.ensure_one()
        self.env.cr.execute(SQL("UPDATE dms_rebate_wallet SET lock_counter = lock_counter + 1 WHERE id = %s", self.id))
        self.invalidate_recordset(["lock_counter"])
        self.line_ids.invalidate_recordset()

    def _get_available_credits(self, day):
        """[(credit line, residual)] usable on ``day``, first to expire first."""
        self.ensure_one()
        Line = self.env["dms.rebate.wallet.line"].sudo()
        credits = Line.search(
            [
                ("wallet_id", "=", self.id),
                ("line_type", "=", "credit"),
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">=", day),
            ],
            order="expiry_date asc, id asc",
        )
        return self._get_residuals(credits)

    def _get_residuals(self, credits):
        """[(credit line, residual)] of ``credits`` that still hold something."""
        if not credits:
            return []
        Line = self.env["dms.rebate.wallet.line"].sudo()
        used = dict(Line._read_group([("credit_line_id", "in", credits.ids)], ["credit_line_id"], ["amount:sum"]))
        result = []
        for credit in credits:
            residual = credit.currency_id.round(credit.amount + used.get(credit, 0.0))
            if credit.currency_id.compare_amounts(residual, 0.0) > 0:
                result.append((credit, residual))
        return result

    @api.model
    def _cron_expire(self):
        """Expire what is left of credits past their expiry date: an ``expiry`` movement and
        the entry Rebate wallet Dr / Rebate expense Cr (the forfeited rebate is no longer a cost)."""
        today = fields.Date.context_today(self)
        Line = self.env["dms.rebate.wallet.line"].sudo()
        credits = Line.search([("line_type", "=", "credit"), ("expiry_date", "<", today)])
        for wallet, wallet_credits in credits.grouped("wallet_id").items():
            with self.env.cr.savepoint():
                wallet._lock()
                wallet._expire(wallet._get_residuals(wallet_credits), today)

    def _expire(self, residuals, today):
        self.ensure_one()
        if not residuals:
            return self.env["dms.rebate.wallet.line"]
        config = self.company_id._dms_rebate_get_config()
        total = self.currency_id.round(sum(residual for _credit, residual in residuals))
        label = self.env._("Expired rebate wallet credit")
        common = {"partner_id": self.partner_id.id, "name": label}
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": config["journal"].id,
                    "company_id": self.company_id.id,
                    "date": today,
                    "ref": label,
                    "line_ids": [
                        Command.create(dict(common, account_id=config["wallet"].id, debit=total, credit=0.0)),
                        Command.create(dict(common, account_id=config["expense"].id, debit=0.0, credit=total)),
                    ],
                }
            )
        )
        move.action_post()
        return (
            self.env["dms.rebate.wallet.line"]
            .sudo()
            .create(
                [
                    {
                        "wallet_id": self.id,
                        "line_type": "expiry",
                        "date": today,
                        "amount": -residual,
                        "credit_line_id": credit.id,
                        "move_id": move.id,
                        "name": label,
                    }
                    for credit, residual in residuals
                ]
            )
        )

    def _add_credit(self, settlement, amount=None):
        self.ensure_one()
        amount = settlement.amount if amount is None else amount
        validity = settlement.policy_id.wallet_validity_days or self.company_id.dms_rebate_wallet_validity_days
        return self._add_credit_line(amount, settlement._get_label(), validity, settlement_id=settlement.id)

    def _add_credit_line(self, amount, name, validity_days=0, **links):
        """Credit ``amount`` to the wallet under its lock, usable ``validity_days`` (0: no expiry).

        ``links`` are the source document's fields on the movement (``settlement_id=...``): the
        one way money enters a wallet, for rebate settlements and any other payer.
        """
        self.ensure_one()
        self._lock()
        today = fields.Date.context_today(self)
        return (
            self.env["dms.rebate.wallet.line"]
            .sudo()
            .create(
                dict(
                    links,
                    wallet_id=self.id,
                    line_type="credit",
                    date=today,
                    amount=amount,
                    expiry_date=fields.Date.add(today, days=validity_days) if validity_days else False,
                    name=name,
                )
            )
        )

    def _claw_back(self, amount, settlement, move):
        """Take a clawback back from the wallet (first to expire first); the caller holds the lock
        and checked the balance."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self._consume(
            amount,
            today,
            {
                "line_type": "clawback",
                "settlement_id": settlement.id,
                "move_id": move.id,
                "name": self.env._("Clawback %(label)s", label=settlement._get_label()),
            },
        )

    def _use(self, amount, day, order, order_line=None):
        """Debit ``amount`` first-to-expire first; raise if the usable balance is short."""
        self.ensure_one()
        self._lock()
        return self._consume(
            amount,
            day,
            {
                "line_type": "debit",
                "sale_order_id": order.id,
                "sale_line_id": order_line.id if order_line else False,
                "name": self.env._("Used on %(order)s", order=order.name),
            },
        )

    def _consume(self, amount, day, vals):
        """Negative movements of ``amount`` over the credits usable on ``day``, first to expire first."""
        currency = self.currency_id
        available = self._get_available_credits(day)
        total = sum(residual for _credit, residual in available)
        if currency.compare_amounts(amount, total) > 0:
            raise UserError(
                self.env._(
                    "The rebate wallet of %(dealer)s holds %(balance)s usable on %(date)s; %(amount)s cannot be used.",
                    dealer=self.partner_id.display_name,
                    balance=total,
                    date=day,
                    amount=amount,
                )
            )
        vals_list = []
        remaining = amount
        for credit, residual in available:
            if currency.is_zero(remaining):
                break
            take = min(residual, remaining)
            remaining = currency.round(remaining - take)
            vals_list.append(
                dict(
                    vals,
                    wallet_id=self.id,
                    date=fields.Date.context_today(self),
                    amount=-take,
                    credit_line_id=credit.id,
                )
            )
        return self.env["dms.rebate.wallet.line"].sudo().create(vals_list)

    def _reverse_lines(self, debit_lines, reason):
        """Give back the debits of ``debit_lines`` (an order cancelled or its rebate line removed)."""
        self.ensure_one()
        self._lock()
        Line = self.env["dms.rebate.wallet.line"].sudo()
        debit_lines = debit_lines.filtered(lambda line: line.line_type == "debit" and not line.reversal_line_ids)
        if not debit_lines:
            return Line
        return Line.create(
            [
                {
                    "wallet_id": self.id,
                    "line_type": "reversal",
                    "date": fields.Date.context_today(self),
                    "amount": -line.amount,
                    "credit_line_id": line.credit_line_id.id,
                    "reversed_line_id": line.id,
                    "sale_order_id": line.sale_order_id.id,
                    "name": reason,
                }
                for line in debit_lines
            ]
        )

    # ------------------------------------------------------------------ export
    def _get_statement_rows(self, date_from=None, date_to=None):
        self.ensure_one()
        domain = [("wallet_id", "=", self.id)]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        lines = self.env["dms.rebate.wallet.line"].search(domain, order="date, id")
        rows = []
        running = 0.0
        for line in lines:
            running += line.amount
            rows.append(
                [
                    line.date,
                    dict(line._fields["line_type"]._description_selection(self.env))[line.line_type],
                    line.name or "",
                    line.sale_order_id.name or line.settlement_id.name or "",
                    line.amount if line.amount > 0 else 0.0,
                    -line.amount if line.amount < 0 else 0.0,
                    running,
                    line.expiry_date or "",
                ]
            )
        return rows

    def _export_statement_xlsx(self, date_from=None, date_to=None):
        """Statement of movements as .xlsx bytes."""
        self.ensure_one()
        workbook, sheet = spreadsheet.new_workbook(self.env._("Rebate Wallet"))
        spreadsheet.append_row(sheet, [self.env._("Dealer"), self.partner_id.display_name, self.partner_id.ref or ""])
        spreadsheet.append_row(sheet, [self.env._("Currency"), self.currency_id.name])
        spreadsheet.append_row(sheet, [])
        spreadsheet.append_row(
            sheet,
            [
                self.env._("Date"),
                self.env._("Type"),
                self.env._("Description"),
                self.env._("Source"),
                self.env._("Credit"),
                self.env._("Debit"),
                self.env._("Balance"),
                self.env._("Expiry Date"),
            ],
        )
        for row in self._get_statement_rows(date_from, date_to):
            spreadsheet.append_row(sheet, row)
        return spreadsheet.workbook_bytes(workbook)

    def action_export_statement(self):
        self.ensure_one()
        content = self._export_statement_xlsx()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"rebate_wallet_{self.partner_id.ref or self.partner_id.id}.xlsx",
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": spreadsheet.XLSX_MIMETYPE,
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}
