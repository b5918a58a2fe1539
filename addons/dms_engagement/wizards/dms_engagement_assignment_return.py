# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsEngagementAssignmentReturn(models.TransientModel):
    """Return a dealer's proof with what is missing."""

    _name = "dms.engagement.assignment.return"
    _description = "Return Task Proof"

    assignment_ids = fields.Many2many(
        "dms.engagement.assignment",
        string="Assignments",
        default=lambda self: self.env.context.get("active_ids") or [],
    )
    reason = fields.Text(required=True, help="Shown to the dealer in the portal.")

    def action_confirm(self):
        # acts as the reviewer: the engine checks groups, record rules and who may review
        self.assignment_ids.action_return(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
