# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsPricePolicyLine(models.Model):
    _name = "dms.price.policy.line"
    _inherit = ["dms.price.policy.line", "dms.audit.mixin"]

    _dms_audit_fields = (
        "policy_id",
        "product_id",
        "product_tmpl_id",
        "categ_id",
        "partner_id",
        "dealer_level_id",
        "territory_id",
        "min_qty",
        "compute_price",
        "fixed_price",
        "discount",
        "base",
        "base_policy_id",
    )
    # imports and revisions create lines by the thousand: one row per line
    _dms_audit_create_detail = False
