# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class DmsFloorApprovalWizard(models.TransientModel):
    _name = "dms.floor.approval.wizard"
    _description = "Approve a Price Floor Breach"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    line_ids = fields.Many2many("sale.order.line", compute="_compute_line_ids", string="Lines Under Floor")
    reason = fields.Text(required=True)

    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = wizard.order_id.order_line.filtered("dms_below_floor")

    def action_approve(self):
        self.ensure_one()
        if not self.env.user.has_group("dms_pricing.group_dms_pricing_manager"):
            raise AccessError(self.env._("Only pricing managers can approve prices under the floor."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for selling under the floor."))
        if not self.order_id.dms_below_floor:
            raise UserError(self.env._("No line of this order is under its floor."))
        self.order_id._dms_approve_floor(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
