# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dms_portal_min_qty = fields.Float(
        string="Portal Minimum Quantity",
        digits="Product Unit of Measure",
        help="Smallest quantity a dealer may order in the portal (0: no minimum).",
    )
