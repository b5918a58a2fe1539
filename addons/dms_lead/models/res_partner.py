# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_lead_capacity = fields.Integer(
        string="Open Leads (max)",
        groups="dms_dealer.group_dms_user",
        help="Most leads this dealer is offered or works at once. 0: the default of its level.",
    )

    @api.constrains("dms_lead_capacity")
    def _check_dms_lead_capacity(self):
        if any(partner.dms_lead_capacity < 0 for partner in self):
            raise ValidationError(self.env._("The number of open leads cannot be negative."))

    def _dms_lead_capacities(self):
        """Mapping dealer id -> most open leads (own setting, else its level's)."""
        return {
            partner.id: partner.sudo().dms_lead_capacity or partner.sudo().dealer_level_id.dms_lead_capacity
            for partner in self
        }
