# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

KINDS = [
    ("opening", "Opening Balance"),
    ("invoice", "Invoice"),
    ("payment", "Payment"),
    ("refund", "Refund"),
    ("rebate", "Rebate"),
    ("other", "Other"),
    ("closing", "Closing Balance"),
]


class DmsDealerStatementLine(models.Model):
    _name = "dms.dealer.statement.line"
    _description = "Dealer Statement Line"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one("dms.dealer.statement", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer()
    currency_id = fields.Many2one(related="statement_id.currency_id")
    date = fields.Date()
    kind = fields.Selection(KINDS, required=True)
    reference = fields.Char()
    move_id = fields.Many2one(
        "account.move", ondelete="set null", help="Source entry; the amounts are a snapshot and do not follow it."
    )
    amount = fields.Monetary(currency_field="currency_id")
    balance = fields.Monetary(currency_field="currency_id")
    disputed = fields.Boolean(copy=False)
    dispute_comment = fields.Text(copy=False)
    dispute_date = fields.Datetime(copy=False)

    # ------------------------------------------------------------------
    # A statement's lines are what the books said: only a draft's lines change,
    # and the dispute marks only through the statement's dispute transition.
    # ------------------------------------------------------------------
    def _check_statement_draft(self, statements):
        if any(statement.state == "confirmed" for statement in statements):
            raise UserError(self.env._("A confirmed statement is a snapshot and cannot be changed."))
        if self.env["dms.dealer.statement"]._workflow_is_engine():
            return
        if any(statement.state != "draft" for statement in statements):
            raise UserError(self.env._("Only the lines of a draft statement can be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        statement_ids = {vals.get("statement_id") for vals in vals_list if vals.get("statement_id")}
        self._check_statement_draft(self.env["dms.dealer.statement"].browse(statement_ids))
        return super().create(vals_list)

    def write(self, vals):
        statements = self.statement_id
        if vals.get("statement_id"):
            statements |= statements.browse(vals["statement_id"])
        self._check_statement_draft(statements)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        self._check_statement_draft(self.statement_id)
