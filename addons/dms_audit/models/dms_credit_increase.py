# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsCreditIncrease(models.Model):
    _name = "dms.credit.increase"
    _inherit = ["dms.credit.increase", "dms.audit.mixin"]

    _dms_audit_fields = ("partner_id", "amount", "date_start", "date_end")
