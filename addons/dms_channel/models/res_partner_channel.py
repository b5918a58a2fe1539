# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _channel_sells_to(self, buyer):
        """Whether this dealer sells to ``buyer`` in the channel (serves it, or has channel orders with it)."""
        self.ensure_one()
        buyer = buyer.sudo().commercial_partner_id
        if buyer._dms_channel_seller() == self:
            return True
        return bool(
            self.env["dms.channel.order"]
            .sudo()
            .search_count([("seller_id", "=", self.id), ("buyer_id", "=", buyer.id)], limit=1)
        )
