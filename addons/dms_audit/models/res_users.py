# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "dms.audit.mixin"]

    _dms_audit_fields = ("groups_id", "active", "dms_territory_ids")

    def _dms_audit_touched(self, vals):
        names = super()._dms_audit_touched(vals)
        # the user form sends its group checkboxes and selections as in_group_<id> / sel_groups_<ids>
        if "groups_id" not in names and any(key.startswith(("in_group_", "sel_groups_")) for key in vals):
            names.append("groups_id")
        return names

    def write(self, vals):
        # topmost override: core writes the implied groups in a second write, recorded with this one
        return self._dms_audit_write(vals, super().write)
