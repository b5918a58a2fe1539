# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResGroups(models.Model):
    """Users added to a group from the group's form change access as much as from the user's."""

    _name = "res.groups"
    _inherit = ["res.groups", "dms.audit.mixin"]

    _dms_audit_fields = ("users", "implied_ids")
