# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsRebatePolicyTier(models.Model):
    _name = "dms.rebate.policy.tier"
    _inherit = ["dms.rebate.policy.tier", "dms.audit.mixin"]

    _dms_audit_fields = ("policy_id", "threshold", "rate")
