# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_rush_sla_hours = fields.Integer(
        string="Rush Order SLA (hours)",
        default=24,
        help="A rush order must be shipped within this many hours after it was flagged.",
    )
