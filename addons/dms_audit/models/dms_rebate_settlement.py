# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsRebateSettlement(models.Model):
    _name = "dms.rebate.settlement"
    _inherit = ["dms.rebate.settlement", "dms.audit.mixin"]

    _dms_audit_fields = (
        "state",
        "policy_id",
        "partner_id",
        "period_start",
        "period_end",
        "amount",
        "method",
        "move_id",
        "approved_by_id",
    )
