# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsChannelOrder(models.Model):
    """Channel orders count for the seller: its sell-through rebates follow each shipment."""

    _inherit = "dms.channel.order"

    def action_ship(self, quantities=None, carrier=None, tracking_ref=None):
        result = super().action_ship(quantities=quantities, carrier=carrier, tracking_ref=tracking_ref)
        order = self.sudo()
        shipment = order.shipment_ids.sorted("id")[-1:]
        if shipment:
            self.env["dms.rebate.accrual"].sudo()._recompute_for_channel(
                order.seller_id, shipment.date.date(), "sell_through", order.company_id
            )
        return result
