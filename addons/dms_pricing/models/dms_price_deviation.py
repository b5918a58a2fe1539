# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsPriceDeviation(models.Model):
    """Append-only log of manual unit price changes on sale order lines."""

    _name = "dms.price.deviation"
    _description = "Price Deviation"
    _order = "date desc, id desc"

    line_id = fields.Many2one("sale.order.line", required=True, ondelete="cascade", index=True, readonly=True)
    order_id = fields.Many2one(related="line_id.order_id", store=True, index=True)
    dealer_id = fields.Many2one(related="line_id.order_id.dealer_id", string="Dealer", store=True, index=True)
    dealer_territory_id = fields.Many2one(
        related="line_id.order_id.dealer_territory_id", string="Territory", store=True, index=True
    )
    salesperson_id = fields.Many2one(related="line_id.order_id.user_id", string="Salesperson", store=True)
    product_id = fields.Many2one(related="line_id.product_id", store=True, index=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id", store=True)
    user_id = fields.Many2one("res.users", string="Changed By", required=True, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    price_from = fields.Monetary(string="From", currency_field="currency_id", readonly=True)
    price_to = fields.Monetary(string="To", currency_field="currency_id", readonly=True)
    expected_price = fields.Monetary(
        string="Computed Price", currency_field="currency_id", readonly=True, help="Price given by policy or pricelist."
    )
    deviation_pct = fields.Float(string="Deviation (%)", compute="_compute_deviation_pct", store=True, aggregator="avg")
    reason = fields.Char(readonly=True)

    @api.depends("price_to", "expected_price")
    def _compute_deviation_pct(self):
        for dev in self:
            dev.deviation_pct = (
                (dev.price_to - dev.expected_price) / dev.expected_price * 100.0 if dev.expected_price else 0.0
            )
