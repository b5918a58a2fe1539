# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "dms.audit.mixin"]

    _dms_audit_fields = (
        "credit_limit",
        "dealer_parent_id",
        "dealer_level_id",
        "dealer_state",
        "territory_id",
        "authorized_territory_ids",
    )

    def _dms_audit_records(self):
        # a contact's credit limit and territories follow its company (commercial fields): the
        # company's row says it all
        return self.sudo().filtered(lambda p: p.is_dealer or not p.parent_id).with_env(self.env)

    def _dms_audit_created(self):
        # contacts and customers are not dealers: their creation moves no money or access
        return self.sudo().filtered("is_dealer").with_env(self.env)

    def _dms_audit_deleted(self):
        return self._dms_audit_created()
