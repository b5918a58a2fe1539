# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsDealerApplicationReject(models.TransientModel):
    _name = "dms.dealer.application.reject"
    _description = "Reject Dealer Applications"

    application_ids = fields.Many2many("dms.dealer.application", string="Applications", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.application_ids._action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
