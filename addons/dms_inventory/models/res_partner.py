# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_vmi_enabled = fields.Boolean(
        string="Replenishment Proposals (VMI)",
        help="The dealer opted in: a scheduled job proposes orders that bring its cover back to target.",
    )
