# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

APPROVER_TYPES = [
    ("region_manager", "Regional Manager of the Dealer's Territory"),
    ("hq", "HQ Manager"),
    ("finance", "Finance"),
    ("users", "Specific Users"),
]


class DmsOrderApprovalRuleStep(models.Model):
    _name = "dms.order.approval.rule.step"
    _description = "Order Approval Step"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("dms.order.approval.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    approver_type = fields.Selection(APPROVER_TYPES, required=True, default="region_manager")
    user_ids = fields.Many2many(
        "res.users",
        string="Approvers",
        domain=[("share", "=", False)],
        help="With 'Specific Users': any one of them approves the step.",
    )

    @api.constrains("approver_type", "user_ids")
    def _check_user_ids(self):
        for step in self:
            if step.approver_type == "users" and not step.user_ids:
                raise ValidationError(self.env._("Choose at least one approver for a 'Specific Users' step."))
            if step.user_ids.filtered("share"):
                raise ValidationError(self.env._("Portal users cannot approve orders."))

    def _get_step_key(self):
        """Hashable identity of the step: the same step of two rules is asked once."""
        self.ensure_one()
        if self.approver_type == "users":
            return ("users", tuple(sorted(self.user_ids.ids)))
        return (self.approver_type, ())
