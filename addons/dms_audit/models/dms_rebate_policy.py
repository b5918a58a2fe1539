# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsRebatePolicy(models.Model):
    _name = "dms.rebate.policy"
    _inherit = ["dms.rebate.policy", "dms.audit.mixin"]

    _dms_audit_fields = (
        "state",
        "active",
        "date_start",
        "date_end",
        "level_ids",
        "territory_ids",
        "partner_ids",
        "product_ids",
        "categ_ids",
        "basis",
        "tier_mode",
        "cap_amount",
        "period_type",
        "settlement_method",
        "wallet_validity_days",
    )
