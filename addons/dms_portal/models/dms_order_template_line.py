# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsOrderTemplateLine(models.Model):
    _name = "dms.order.template.line"
    _description = "Saved Portal Order Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("dms.order.template", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    product_uom_qty = fields.Float(string="Quantity", default=1.0, digits="Product Unit of Measure")

    _sql_constraints = [
        ("qty_positive", "CHECK(product_uom_qty > 0)", "Template quantities must be positive."),
    ]
