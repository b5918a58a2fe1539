# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_lead_accept_hours = fields.Integer(
        string="Lead Accept Deadline (hours)",
        default=24,
        help="Hours a dealer has to accept a lead offered to it before it goes to the next dealer.",
    )
    dms_lead_max_attempts = fields.Integer(
        string="Lead Offers Before HQ",
        default=3,
        help="Dealers a lead is offered to, one after the other, before it goes back to the HQ queue.",
    )

    @api.constrains("dms_lead_accept_hours", "dms_lead_max_attempts")
    def _check_dms_lead_settings(self):
        for company in self:
            if company.dms_lead_accept_hours < 1 or company.dms_lead_max_attempts < 1:
                raise ValidationError(
                    self.env._("The lead accept deadline and the number of offers must be at least 1.")
                )
