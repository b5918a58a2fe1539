# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsRebatePolicyTier(models.Model):
    _name = "dms.rebate.policy.tier"
    _description = "Rebate Policy Tier"
    _order = "policy_id, sequence, threshold, id"

    policy_id = fields.Many2one("dms.rebate.policy", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    threshold = fields.Float(
        required=True,
        digits="Product Price",
        help="Basis (amount or quantity) from which the rate applies.",
    )
    rate = fields.Float(string="Rate (%)", required=True, digits=(16, 4))
    company_id = fields.Many2one(related="policy_id.company_id", store=True)

    @api.constrains("threshold", "rate", "sequence")
    def _check_policy_tiers(self):
        self.policy_id._check_tiers()

    @api.model_create_multi
    def create(self, vals_list):
        policy_ids = [vals["policy_id"] for vals in vals_list if vals.get("policy_id")]
        policies = self.env["dms.rebate.policy"].browse(policy_ids)
        policies._check_tiers_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.policy_id._check_tiers_editable()
        if vals.get("policy_id"):
            self.env["dms.rebate.policy"].browse(vals["policy_id"])._check_tiers_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_policy_approved(self):
        self.policy_id._check_tiers_editable()
