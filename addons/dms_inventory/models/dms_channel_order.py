# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsChannelOrder(models.Model):
    """Channel orders whose seller is not the buyer's upstream dealer: cross-dealer transfers (调货)
    and end-customer orders routed to a dealer (智能分单). Only trusted server code sets that seller."""

    _inherit = "dms.channel.order"

    dms_inventory_seller_id = fields.Many2one(
        "res.partner",
        string="Assigned Seller",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set by a transfer or a routed order: the dealer who sells, instead of the buyer's upstream dealer.",
    )

    def _workflow_guarded_fields(self):
        return super()._workflow_guarded_fields() | {"dms_inventory_seller_id"}

    @api.depends("dms_inventory_seller_id")
    def _compute_seller_id(self):
        assigned = self.filtered("dms_inventory_seller_id")
        for order in assigned:
            order.seller_id = order.dms_inventory_seller_id
        return super(DmsChannelOrder, self - assigned)._compute_seller_id()
