# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dms_return_request_id = fields.Many2one(
        "dms.return.request", string="Return Request", readonly=True, copy=False, index="btree_not_null"
    )

    def _action_done(self):
        res = super()._action_done()
        requests = self.filtered(lambda p: p.state == "done").dms_return_request_id
        if requests:
            requests._dms_on_pickings_done()
        return res
