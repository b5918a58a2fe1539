# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dms_dealer_id = fields.Many2one(
        related="order_id.dealer_id", string="Dealer", store=True, index=True, help="Dealer of the order."
    )
    dms_order_date = fields.Datetime(related="order_id.date_order", string="Order Date", store=True)

    # ------------------------------------------------------------------
    # Any change of the content (whatever the path: one2many commands, a line
    # moved between orders, a recomputed quantity) is compared with the
    # approved / offered fingerprint of the orders concerned.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._dms_check_content()
        return lines

    def write(self, vals):
        orders = self.order_id
        res = super().write(vals)
        (orders | self.order_id)._dms_check_content()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._dms_check_content()
        return res

    # ------------------------------------------------------------------
    # Speed: core looks the analytic distribution models up once per line
    # (a search each, twice for a new line: 400 queries for a 200-line order).
    # When no model can apply to the lines' companies, the result of every
    # lookup is known without it (cached until a model changes).
    # ------------------------------------------------------------------
    def _compute_analytic_distribution(self):
        lines = self.filtered(lambda line: not line.display_type)
        if not lines:
            return super()._compute_analytic_distribution()
        Model = self.env["account.analytic.distribution.model"]
        if Model._dms_exists_for_companies(tuple(sorted(lines.company_id.ids))):
            return super()._compute_analytic_distribution()
        # what core assigns when no model matches: the line keeps its distribution
        for line in lines:
            line.analytic_distribution = line.analytic_distribution
        return None
