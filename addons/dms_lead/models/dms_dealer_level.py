# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsDealerLevel(models.Model):
    _inherit = "dms.dealer.level"

    dms_lead_capacity = fields.Integer(
        string="Open Leads (max)",
        default=10,
        help="Most leads a dealer of this level is offered or works at once, unless the dealer has its own "
        "setting. 0: dealers of this level get no leads.",
    )
