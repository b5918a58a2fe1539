# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class DmsInventoryAgeReport(models.Model):
    """Stock age by lot (SQL view): days since the lot first entered the dealer's stock."""

    _name = "dms.inventory.age.report"
    _description = "Channel Stock Age by Lot"
    _auto = False
    _order = "age_days desc, id"
    _rec_name = "product_id"
    _depends = {
        "dms.channel.stock": ["dealer_id", "product_id", "lot_name", "expiration_date", "qty_on_hand", "company_id"],
        "dms.channel.stock.move": ["stock_id", "qty", "date"],
        "res.partner": ["dealer_path", "territory_id"],
    }

    dealer_id = fields.Many2one("res.partner", readonly=True)
    dealer_path = fields.Char(readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    expiration_date = fields.Date(string="Expiry Date", readonly=True)
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    date_in = fields.Date(string="First In", readonly=True)
    age_days = fields.Integer(string="Age (days)", readonly=True, aggregator="max")
    age_bucket = fields.Selection(
        [("0_30", "0-30 days"), ("31_90", "31-90 days"), ("91_180", "91-180 days"), ("181", "Over 180 days")],
        string="Age",
        readonly=True,
    )
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT s.id, s.dealer_id, p.dealer_path, p.territory_id, s.product_id, s.lot_name,
                           s.expiration_date, s.qty_on_hand, s.company_id, f.date_in::date AS date_in,
                           (CURRENT_DATE - f.date_in::date) AS age_days,
                           CASE WHEN CURRENT_DATE - f.date_in::date <= 30 THEN '0_30'
                                WHEN CURRENT_DATE - f.date_in::date <= 90 THEN '31_90'
                                WHEN CURRENT_DATE - f.date_in::date <= 180 THEN '91_180'
                                ELSE '181' END AS age_bucket
                      FROM dms_channel_stock s
                      JOIN res_partner p ON p.id = s.dealer_id
                      JOIN LATERAL (
                            SELECT MIN(m.date) AS date_in FROM dms_channel_stock_move m
                             WHERE m.stock_id = s.id AND m.qty > 0
                           ) f ON TRUE
                     WHERE s.qty_on_hand > 0
                )
                """,
                SQL.identifier(self._table),
            )
        )
