# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class DmsInventoryTurnoverReport(models.Model):
    """Inventory turnover and days of inventory per dealer and product (SQL view).

    Outflow: sell-through and sell-out of the last 365 days. Turnover = outflow / stock on hand;
    days of inventory = stock on hand / daily outflow (empty when nothing went out).
    The stock on hand stands for the average stock (the ledger keeps no daily snapshot).
    """

    _name = "dms.inventory.turnover.report"
    _description = "Channel Inventory Turnover"
    _auto = False
    _order = "dealer_id, product_id"
    _rec_name = "product_id"
    _depends = {
        "dms.channel.stock": ["dealer_id", "product_id", "qty_on_hand", "company_id"],
        "dms.channel.stock.move": ["dealer_id", "product_id", "kind", "qty", "date", "company_id"],
        "res.partner": ["dealer_path", "territory_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    dealer_id = fields.Many2one("res.partner", readonly=True)
    dealer_path = fields.Char(readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    outflow_365 = fields.Float(string="Outflow (365 days)", digits="Product Unit of Measure", readonly=True)
    turnover = fields.Float(string="Turnover (per year)", digits=(16, 2), readonly=True, aggregator="avg")
    days_of_inventory = fields.Float(string="Days of Inventory", digits=(16, 1), readonly=True, aggregator="avg")
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    WITH stock AS (
                        SELECT dealer_id, product_id, company_id, SUM(qty_on_hand) AS qty
                          FROM dms_channel_stock GROUP BY dealer_id, product_id, company_id
                    ), outflow AS (
                        SELECT dealer_id, product_id, company_id, -SUM(qty) AS qty
                          FROM dms_channel_stock_move
                         WHERE kind IN ('sell_through_out', 'sell_out')
                           AND date >= (now() AT TIME ZONE 'UTC') - interval '365 days'
                      GROUP BY dealer_id, product_id, company_id
                    )
                    SELECT MIN(st.id) AS id, s.dealer_id, p.dealer_path, p.territory_id, s.product_id, pt.categ_id,
                           s.qty AS qty_on_hand, COALESCE(o.qty, 0) AS outflow_365,
                           CASE WHEN s.qty > 0 THEN COALESCE(o.qty, 0) / s.qty END AS turnover,
                           CASE WHEN COALESCE(o.qty, 0) > 0 THEN s.qty / (o.qty / 365.0) END AS days_of_inventory,
                           s.company_id
                      FROM stock s
                      JOIN dms_channel_stock st
                        ON st.dealer_id = s.dealer_id AND st.product_id = s.product_id AND st.company_id = s.company_id
                 LEFT JOIN outflow o
                        ON o.dealer_id = s.dealer_id AND o.product_id = s.product_id AND o.company_id = s.company_id
                      JOIN res_partner p ON p.id = s.dealer_id
                      JOIN product_product pp ON pp.id = s.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  GROUP BY s.dealer_id, p.dealer_path, p.territory_id, s.product_id, pt.categ_id, s.qty, o.qty,
                           s.company_id
                )
                """,
                SQL.identifier(self._table),
            )
        )
