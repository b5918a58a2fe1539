# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsDealerStatementResolve(models.TransientModel):
    _name = "dms.dealer.statement.resolve"
    _description = "Resolve a Disputed Statement Line"

    line_id = fields.Many2one("dms.dealer.statement.line", required=True, ondelete="cascade", readonly=True)
    statement_id = fields.Many2one(related="line_id.statement_id")
    currency_id = fields.Many2one(related="line_id.currency_id")
    reference = fields.Char(related="line_id.reference")
    line_amount = fields.Monetary(related="line_id.amount", string="Line Amount")
    dispute_comment = fields.Text(related="line_id.dispute_comment")
    decision = fields.Selection(
        [("accept", "Accept with an adjustment"), ("reject", "Reject")], default="accept", required=True
    )
    adjustment_type = fields.Selection(
        [
            ("credit", "Credit note (lowers what the dealer owes)"),
            ("debit", "Debit note (raises what the dealer owes)"),
        ],
        default="credit",
        required=True,
    )
    amount = fields.Monetary(currency_field="currency_id", string="Adjustment Amount")
    reason = fields.Text(help="Required to reject; kept with the line and in the statement's history.")

    def action_resolve(self):
        self.ensure_one()
        amount = 0.0
        if self.decision == "accept":
            amount = -abs(self.amount) if self.adjustment_type == "credit" else abs(self.amount)
        self.statement_id._dms_resolve_line(self.line_id, self.decision, amount=amount, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
