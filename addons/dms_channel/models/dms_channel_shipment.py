# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class DmsChannelShipment(models.Model):
    """One shipment of a channel order by its seller (partial shipments allowed)."""

    _name = "dms.channel.shipment"
    _description = "Channel Shipment"
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    order_id = fields.Many2one(
        "dms.channel.order", string="Channel Order", required=True, readonly=True, ondelete="restrict", index=True
    )
    seller_id = fields.Many2one(related="order_id.seller_id", store=True, index=True)
    buyer_id = fields.Many2one(related="order_id.buyer_id", store=True, index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    date = fields.Datetime(string="Shipped On", required=True, readonly=True, default=fields.Datetime.now)
    carrier = fields.Char(string="Carrier", readonly=True)
    tracking_ref = fields.Char(string="Tracking Number", readonly=True)
    line_ids = fields.One2many("dms.channel.shipment.line", "shipment_id", string="Lines", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Shipments are recorded by the seller's Ship action only."))
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            vals["name"] = sequence.next_by_code("dms.channel.shipment") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Shipments cannot be changed."))
        return super().write(vals)
