# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .dms_fapiao_request import COUNTED_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_fapiao_line_ids = fields.One2many("dms.fapiao.request.line", "sale_order_id", string="VAT Invoice Requests")

    def _dms_fapiao_invoiced(self):
        """``{order id: invoiced amount}``: posted customer invoices net of refunds, company currency."""
        result = dict.fromkeys(self.ids, 0.0)
        for order in self.sudo():
            moves = order.invoice_ids.filtered(lambda m: m.state == "posted")
            result[order.id] = sum(moves.mapped("amount_total_signed"))
        return result

    def _dms_fapiao_requested(self, exclude=None):
        """``{order id: amount}`` already covered by requested or issued VAT invoices."""
        Line = self.env["dms.fapiao.request.line"].sudo()
        domain = [("sale_order_id", "in", self.ids), ("request_id.state", "in", COUNTED_STATES)]
        if exclude:
            domain.append(("request_id", "not in", exclude.ids))
        groups = Line._read_group(domain, ["sale_order_id"], ["amount:sum"])
        result = dict.fromkeys(self.ids, 0.0)
        result.update({order.id: amount for order, amount in groups})
        return result
