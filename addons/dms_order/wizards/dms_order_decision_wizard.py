# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsOrderDecisionWizard(models.TransientModel):
    """Asks the comment or reason of an approval, a rejection or a credit release."""

    _name = "dms.order.decision.wizard"
    _description = "Order Decision"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    approval_id = fields.Many2one("dms.order.approval", readonly=True)
    mode = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject"), ("release", "Release from Credit Hold")],
        required=True,
        readonly=True,
    )
    comment = fields.Text(string="Comment / Reason")

    @api.depends("mode", "order_id.name")
    def _compute_display_name(self):
        modes = dict(self._fields["mode"]._description_selection(self.env))
        for wizard in self:
            wizard.display_name = self.env._(
                "%(decision)s: %(order)s", decision=modes.get(wizard.mode, ""), order=wizard.order_id.name or ""
            )

    def action_apply(self):
        self.ensure_one()
        if self.mode == "approve":
            self.approval_id.action_approve(self.comment)
        elif self.mode == "reject":
            self.approval_id.action_reject(self.comment)
        else:
            self.order_id.action_dms_credit_release(self.comment)
        return {"type": "ir.actions.act_window_close"}
