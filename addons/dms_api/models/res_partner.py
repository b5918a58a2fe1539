# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # only HQ reads or sets it: a dealer never raises its own limit over RPC
    dms_api_rate_limit = fields.Integer(
        string="API Requests per Window",
        groups="dms_dealer.group_dms_hq_manager",
        help="Requests each API key of this dealer's users may make per rate-limit window "
        "(Settings: dms_api.rate_window seconds). 0: the default (dms_api.rate_limit).",
    )

    @api.constrains("dms_api_rate_limit")
    def _check_dms_api_rate_limit(self):
        for partner in self:
            if partner.dms_api_rate_limit < 0:
                raise ValidationError(self.env._("The API request limit cannot be negative."))
