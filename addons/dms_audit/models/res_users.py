# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "dms.audit.mixin"]

    _dms_audit_fields = ("groups_id", "active", "dms_territory_ids")
