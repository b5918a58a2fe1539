# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsDealerRelatedGroup(models.Model):
    _name = "dms.dealer.related.group"
    _inherit = ["dms.dealer.related.group", "dms.audit.mixin"]

    _dms_audit_fields = ("credit_limit",)
