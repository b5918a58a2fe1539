# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class DmsPriceExecutionReport(models.Model):
    """Price execution: order lines sold at another price than computed, or under their floor."""

    _name = "dms.price.execution.report"
    _description = "Price Execution"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "line_id"
    _depends = {
        "sale.order.line": [
            "order_id",
            "product_id",
            "dms_price_source",
            "product_uom_qty",
            "technical_price_unit",
            "price_unit",
            "dms_price_floor",
            "dms_below_floor",
            "display_type",
        ],
        "sale.order": [
            "date_order",
            "state",
            "dealer_id",
            "dealer_territory_id",
            "user_id",
            "company_id",
            "currency_id",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "dms.price.deviation": ["line_id"],
    }

    line_id = fields.Many2one("sale.order.line", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    state = fields.Selection(
        [("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"), ("cancel", "Cancelled")],
        readonly=True,
    )
    dealer_id = fields.Many2one("res.partner", readonly=True)
    dealer_territory_id = fields.Many2one("dms.territory", string="Territory", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    price_source = fields.Selection(
        [("policy", "Price Policy"), ("pricelist", "Pricelist"), ("list_price", "Sales Price")], readonly=True
    )
    qty = fields.Float(string="Quantity", readonly=True)
    computed_price = fields.Monetary(currency_field="currency_id", readonly=True, aggregator="avg")
    price_unit = fields.Monetary(string="Sold Price", currency_field="currency_id", readonly=True, aggregator="avg")
    floor = fields.Monetary(currency_field="currency_id", readonly=True, aggregator="avg")
    deviation_amount = fields.Monetary(
        currency_field="currency_id", readonly=True, help="(Sold price - computed price) × quantity."
    )
    is_deviation = fields.Boolean(string="Manual Price", readonly=True)
    below_floor = fields.Boolean(readonly=True)
    deviation_count = fields.Integer(string="# Price Changes", readonly=True)
    floor_breach_count = fields.Integer(string="# Floor Breaches", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT l.id AS id,
                   l.id AS line_id,
                   l.order_id AS order_id,
                   o.date_order AS date,
                   o.state AS state,
                   o.dealer_id AS dealer_id,
                   o.dealer_territory_id AS dealer_territory_id,
                   o.user_id AS salesperson_id,
                   l.product_id AS product_id,
                   t.categ_id AS categ_id,
                   o.company_id AS company_id,
                   o.currency_id AS currency_id,
                   l.dms_price_source AS price_source,
                   l.product_uom_qty AS qty,
                   l.technical_price_unit AS computed_price,
                   l.price_unit AS price_unit,
                   l.dms_price_floor AS floor,
                   (l.price_unit - COALESCE(l.technical_price_unit, 0)) * l.product_uom_qty AS deviation_amount,
                   (l.price_unit <> l.technical_price_unit) AS is_deviation,
                   COALESCE(l.dms_below_floor, FALSE) AS below_floor,
                   (SELECT COUNT(*) FROM dms_price_deviation d WHERE d.line_id = l.id) AS deviation_count,
                   CASE WHEN l.dms_below_floor THEN 1 ELSE 0 END AS floor_breach_count
              FROM sale_order_line l
              JOIN sale_order o ON o.id = l.order_id
              JOIN product_product p ON p.id = l.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
             WHERE l.display_type IS NULL
               AND (l.dms_below_floor OR l.price_unit <> l.technical_price_unit
                    OR EXISTS (SELECT 1 FROM dms_price_deviation d2 WHERE d2.line_id = l.id))
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def action_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }
