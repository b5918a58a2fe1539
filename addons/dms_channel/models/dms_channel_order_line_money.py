# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsChannelOrderLine(models.Model):
    _inherit = "dms.channel.order.line"

    def _channel_unit_total(self):
        """Value of one unit of this line, taxes included (what the buyer owes per unit shipped)."""
        self.ensure_one()
        return self.price_total / self.product_qty if self.product_qty else 0.0
