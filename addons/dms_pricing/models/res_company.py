# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_hq_discount_threshold = fields.Float(
        string="HQ Approval Discount Threshold (%)",
        default=30.0,
        help="Policy lines discounting more than this percentage off their base need HQ approval.",
        groups="base.group_user",
    )
