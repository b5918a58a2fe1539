# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        # the warehouse's hand-off activity is done with the delivery (see sale_order_handoff)
        self.sudo().filtered(lambda p: p.state == "done")._dms_activity_done(["dms_order.mail_activity_dms_deliver"])
        orders = self.sale_id | self.move_ids.sale_line_id.order_id
        if orders:
            orders.sudo()._dms_update_shipping_state()
        return res
