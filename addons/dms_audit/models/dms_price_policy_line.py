# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from odoo.addons.dms_pricing.models.dms_price_policy_line import DmsPricePolicyLine as PricingPolicyLine


class DmsPricePolicyLine(models.Model):
    _name = "dms.price.policy.line"
    _inherit = ["dms.price.policy.line", "dms.audit.mixin"]

    # the policy plus every field the policy's chatter already tracks: one list, kept in dms_pricing
    _dms_audit_fields = ("policy_id", *PricingPolicyLine._dms_tracked_fields)
    # imports and revisions create lines by the thousand: one row per line
    _dms_audit_create_detail = False
