# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsPrepaymentTopupReject(models.TransientModel):
    _name = "dms.prepayment.topup.reject"
    _description = "Reject a Prepayment Top-up"

    topup_id = fields.Many2one(
        "dms.prepayment.topup", required=True, default=lambda self: self.env.context.get("active_id")
    )
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        # the transition checks the caller (finance, record rules) itself
        self.topup_id.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
