# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class DmsChannelReturnLine(models.Model):
    """One product of a channel return; its value nets the seller's sell-through once accepted.

    The field names match ``dms.channel.shipment.line`` (``seller_id``, ``date``, ``product_id``,
    ``product_qty``, ``price_subtotal``) so rebates and targets read both with one domain.
    """

    _name = "dms.channel.return.line"
    _description = "Channel Return Line"
    _order = "return_id, id"

    return_id = fields.Many2one("dms.channel.return", required=True, readonly=True, ondelete="cascade", index=True)
    order_line_id = fields.Many2one(
        "dms.channel.order.line", required=True, readonly=True, ondelete="restrict", index=True
    )
    product_id = fields.Many2one(related="order_line_id.product_id", store=True, index=True)
    product_uom_id = fields.Many2one(related="order_line_id.product_uom_id", string="Unit")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    state = fields.Selection(related="return_id.state", string="Status", store=True, index=True)
    date = fields.Datetime(related="return_id.date_accepted", string="Accepted On", store=True, index=True)
    seller_id = fields.Many2one(related="return_id.seller_id", string="Seller", store=True, index=True)
    buyer_id = fields.Many2one(related="return_id.buyer_id", string="Buyer", store=True)
    company_id = fields.Many2one(related="return_id.company_id", string="Company", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    product_qty = fields.Float(
        string="Quantity (product unit)", digits="Product Unit of Measure", compute="_compute_value", store=True
    )
    price_subtotal = fields.Monetary(
        string="Untaxed Value",
        currency_field="currency_id",
        compute="_compute_value",
        store=True,
        help="Untaxed value of the returned quantity at the order line's price (company currency).",
    )
    price_total = fields.Monetary(string="Value", currency_field="currency_id", compute="_compute_value", store=True)

    @api.depends("qty", "order_line_id.price_subtotal", "order_line_id.price_total", "order_line_id.product_qty")
    def _compute_value(self):
        for line in self:
            order_line = line.order_line_id.sudo()
            ordered = order_line.product_qty
            ratio = line.qty / ordered if ordered else 0.0
            line.price_subtotal = order_line.price_subtotal * ratio
            line.price_total = order_line.price_total * ratio
            uom, product_uom = order_line.product_uom_id, order_line.product_id.uom_id
            line.product_qty = uom._compute_quantity(line.qty, product_uom) if uom and uom != product_uom else line.qty

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Return lines are written with their return only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Return lines cannot be changed."))
        return super().write(vals)
