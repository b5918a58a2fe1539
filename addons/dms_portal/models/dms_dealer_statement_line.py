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

    def write(self, vals):
        if any(line.statement_id.state == "confirmed" for line in self):
            raise UserError(self.env._("A confirmed statement is a snapshot and cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(line.statement_id.state == "confirmed" for line in self):
            raise UserError(self.env._("A confirmed statement is a snapshot and cannot be changed."))
