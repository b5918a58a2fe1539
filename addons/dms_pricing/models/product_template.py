# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dms_suggested_retail_price = fields.Monetary(
        string="Suggested Retail Price",
        currency_field="currency_id",
        help="Floor of the prices a dealer may offer to its end customers (retailers and consumers).",
    )
    dms_floor_price = fields.Monetary(
        string="Minimum Price",
        currency_field="currency_id",
        help="No customer may be priced under this without an approval.",
        groups="base.group_user",
    )
