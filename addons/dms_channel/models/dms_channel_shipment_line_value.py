# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsChannelShipmentLine(models.Model):
    """Value of what was shipped (sell-through), stored so rebates, targets and reports sum it.

    Zero once the shipment is cancelled.

    ``price_subtotal`` is the untaxed value of the shipped quantity at the order line's price
    (the line's untaxed subtotal pro rata of the quantity), in company currency.
    """

    _inherit = "dms.channel.shipment.line"

    date = fields.Datetime(related="shipment_id.date", string="Shipped On", store=True, index=True)
    seller_id = fields.Many2one(related="shipment_id.seller_id", string="Seller", store=True, index=True)
    buyer_id = fields.Many2one(related="shipment_id.buyer_id", string="Buyer", store=True)
    company_id = fields.Many2one(related="shipment_id.company_id", string="Company", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    product_qty = fields.Float(
        string="Quantity (product unit)",
        digits="Product Unit of Measure",
        compute="_compute_channel_value",
        store=True,
        help="Shipped quantity in the product's own unit.",
    )
    price_subtotal = fields.Monetary(
        string="Untaxed Value",
        currency_field="currency_id",
        compute="_compute_channel_value",
        store=True,
        help="Untaxed value of the shipped quantity at the order line's price (company currency).",
    )

    @api.depends(
        "qty",
        "shipment_id.state",
        "order_line_id.price_subtotal",
        "order_line_id.product_qty",
        "order_line_id.product_uom_id",
    )
    def _compute_channel_value(self):
        for line in self:
            if line.shipment_id.state == "cancel":
                # a cancelled shipment sold nothing: rebates, targets and the flow report sum zero
                line.price_subtotal = line.product_qty = 0.0
                continue
            order_line = line.order_line_id.sudo()
            ordered = order_line.product_qty
            line.price_subtotal = order_line.price_subtotal * line.qty / ordered if ordered else 0.0
            uom = order_line.product_uom_id
            product_uom = order_line.product_id.uom_id
            line.product_qty = uom._compute_quantity(line.qty, product_uom) if uom and uom != product_uom else line.qty
