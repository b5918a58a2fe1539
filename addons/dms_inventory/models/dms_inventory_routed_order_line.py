# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class DmsInventoryRoutedOrderLine(models.Model):
    _name = "dms.inventory.routed.order.line"
    _description = "Routed Order Line"
    _order = "order_id, id"

    order_id = fields.Many2one(
        "dms.inventory.routed.order", required=True, readonly=True, ondelete="cascade", index=True
    )
    dealer_id = fields.Many2one(related="order_id.dealer_id")
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Routed order lines come with their order only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Routed order lines cannot be changed."))
        return super().write(vals)
