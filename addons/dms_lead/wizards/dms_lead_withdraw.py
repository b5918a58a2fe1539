# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsLeadWithdraw(models.TransientModel):
    """HQ takes a lead back from its dealer, with a reason; it goes to the next eligible dealer."""

    _name = "dms.lead.withdraw"
    _description = "Withdraw a Lead from its Dealer"

    assignment_id = fields.Many2one("dms.lead.assignment", required=True, ondelete="cascade")
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        # the assignment's own step checks the HQ group, the state and the reason
        self.assignment_id.action_withdraw(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
