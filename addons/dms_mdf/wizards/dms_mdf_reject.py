# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsMdfReject(models.TransientModel):
    """Reject a marketing activity or claim with a reason (the dealer reads it in the portal)."""

    _name = "dms.mdf.reject"
    _description = "Reject Marketing Activity or Claim"

    activity_id = fields.Many2one("dms.mdf.activity", readonly=True)
    claim_id = fields.Many2one("dms.mdf.claim", readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        # acts as the user: the engine checks the groups and the record rules of the rejected record
        (self.claim_id or self.activity_id).action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
