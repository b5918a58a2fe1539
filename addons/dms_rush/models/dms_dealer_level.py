# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsDealerLevel(models.Model):
    _inherit = "dms.dealer.level"

    rush_monthly_quota = fields.Integer(
        string="Rush Orders per Month",
        default=0,
        help="How many orders a dealer of this level may flag as urgent (加急) each calendar month; 0: none.",
    )

    _sql_constraints = [
        ("rush_monthly_quota_positive", "CHECK(rush_monthly_quota >= 0)", "The rush quota cannot be negative."),
    ]
