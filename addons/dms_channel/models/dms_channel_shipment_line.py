# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsChannelShipmentLine(models.Model):
    _name = "dms.channel.shipment.line"
    _description = "Channel Shipment Line"
    _order = "shipment_id, id"

    shipment_id = fields.Many2one(
        "dms.channel.shipment", string="Shipment", required=True, readonly=True, ondelete="cascade", index=True
    )
    order_line_id = fields.Many2one(
        "dms.channel.order.line", string="Order Line", required=True, readonly=True, ondelete="restrict"
    )
    product_id = fields.Many2one(related="order_line_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="order_line_id.product_uom_id")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
