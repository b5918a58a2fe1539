# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class DmsRebateSettle(models.TransientModel):
    """Close a settlement period of one or more policies."""

    _name = "dms.rebate.settle"
    _description = "Close Rebate Period"

    policy_ids = fields.Many2many("dms.rebate.policy", string="Policies", required=True)
    date = fields.Date(
        string="Day in the Period",
        required=True,
        default=lambda self: fields.Date.subtract(fields.Date.context_today(self), months=1),
        help="Any day of the period to close; the period must have ended.",
    )

    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "dms.rebate.policy" and "policy_ids" in fields_list:
            res["policy_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return res

    def action_settle(self):
        self.ensure_one()
        if not self.env.user.has_group("dms_dealer.group_dms_finance"):
            raise UserError(self.env._("Only Finance can close rebate periods."))
        settlements = self.policy_ids._action_settle_period(self.date)
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_rebate.action_dms_rebate_settlement")
        action["domain"] = [("id", "in", settlements.ids)]
        return action
