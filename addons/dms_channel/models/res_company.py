# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_channel_accept_hours = fields.Integer(
        string="Channel Order Accept Deadline (hours)",
        default=0,
        help="A channel order still submitted after this many hours is escalated to the seller's upstream "
        "dealer, or to the region manager when the brand serves the seller. 0: no deadline.",
    )
