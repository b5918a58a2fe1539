# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        if "dms_state" not in vals:
            return super().write(vals)
        # sudo: the previous state of the very records being written, to tell what changed
        old = {order.id: order.dms_state for order in self.sudo()}
        res = super().write(vals)
        self.env["dms.api.webhook.delivery"]._queue_state_changes(self, old, "dms_state", ("partner_id",))
        return res
