# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsReturnRefuse(models.TransientModel):
    _name = "dms.return.refuse"
    _description = "Refuse a Return Request"

    request_id = fields.Many2one("dms.return.request", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        # acts as the user: the engine checks groups, record rules and separation of duties
        self.request_id.action_refuse(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
