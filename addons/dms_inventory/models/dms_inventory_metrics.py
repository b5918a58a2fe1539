# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

#: ledger kinds that take goods out of a dealer to its customers (sell-through and sell-out)
OUT_KINDS = ("sell_through_out", "sell_out")


class DmsInventoryMetrics(models.AbstractModel):
    """Batched reads behind cover, alerts and proposals: a fixed number of queries per batch of dealers."""

    _name = "dms.inventory.metrics"
    _description = "Channel Inventory Metrics"

    @api.model
    def _flush_sources(self):
        for model in ("dms.channel.stock", "dms.channel.stock.move", "dms.channel.order", "dms.channel.order.line"):
            self.env[model].flush_model()

    @api.model
    def _cover_data(self, dealer_ids, company, today, window_weeks, slow_days_max=0):
        """``{(dealer, product): {"on_hand", "outflow", "last_out", "in_transit"}}`` for ``dealer_ids``.

        ``outflow``: units out to customers in the trailing ``window_weeks`` weeks; ``last_out``:
        date of the last outflow within ``slow_days_max`` days (None: none in that window);
        ``in_transit``: shipped to the dealer and not received yet. Three queries.
        """
        self._flush_sources()
        ids = list(dealer_ids)
        if not ids:
            return {}
        since = datetime.combine(today - timedelta(weeks=window_weeks), time.min)
        slow_since = datetime.combine(today - timedelta(days=max(slow_days_max, window_weeks * 7)), time.min)
        data = {}

        def row(key):
            if key not in data:
                data[key] = {"on_hand": 0.0, "outflow": 0.0, "last_out": None, "in_transit": 0.0}
            return data[key]

        for dealer, product, qty in self.env.execute_query(
            SQL(
                """
                SELECT dealer_id, product_id, SUM(qty_on_hand)
                  FROM dms_channel_stock
                 WHERE dealer_id = ANY(%s) AND company_id = %s
              GROUP BY dealer_id, product_id
                """,
                ids,
                company.id,
            )
        ):
            row((dealer, product))["on_hand"] = qty
        for dealer, product, outflow, last_out in self.env.execute_query(
            SQL(
                """
                SELECT dealer_id, product_id, -SUM(qty) FILTER (WHERE date >= %s), MAX(date)
                  FROM dms_channel_stock_move
                 WHERE dealer_id = ANY(%s) AND company_id = %s AND kind IN %s AND date >= %s
              GROUP BY dealer_id, product_id
                """,
                since,
                ids,
                company.id,
                OUT_KINDS,
                slow_since,
            )
        ):
            values = row((dealer, product))
            values["outflow"] = outflow or 0.0
            values["last_out"] = last_out.date() if last_out else None
        for dealer, product, qty in self.env.execute_query(
            SQL(
                """
                SELECT o.buyer_id, l.product_id, SUM(COALESCE(l.qty_shipped, 0) - COALESCE(l.qty_received, 0))
                  FROM dms_channel_order_line l
                  JOIN dms_channel_order o ON o.id = l.order_id
                 WHERE o.buyer_id = ANY(%s) AND o.company_id = %s AND o.state = 'shipped'
              GROUP BY o.buyer_id, l.product_id
                """,
                ids,
                company.id,
            )
        ):
            row((dealer, product))["in_transit"] = qty or 0.0
        return data

    @api.model
    def _dealer_info(self, dealer_ids):
        """``{dealer: {"level_id", "territory_id", "served_by", "parent_id"}}`` (one query)."""
        self.env["res.partner"].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id, dealer_level_id, territory_id, dms_served_by, dealer_parent_id FROM res_partner "
                "WHERE id = ANY(%s)",
                list(dealer_ids),
            )
        )
        return {
            r[0]: {"level_id": r[1], "territory_id": r[2], "served_by": r[3] or "brand", "parent_id": r[4]}
            for r in rows
        }

    @api.model
    def _product_info(self, product_ids, company=None):
        """``{product: {"categ_path", "pack", "tax_rate"}}``: category path, smallest packaging, VAT rate (one query).

        ``tax_rate`` sums the percent taxes of the product: an upper bound of a line's taxes, so a cap on it is safe.
        """
        self.env["product.product"].flush_model()
        self.env["product.packaging"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT pp.id, c.parent_path,
                       (SELECT MIN(pk.qty) FROM product_packaging pk WHERE pk.product_id = pp.id AND pk.qty > 0),
                       (SELECT COALESCE(SUM(tx.amount), 0) FROM product_taxes_rel r
                          JOIN account_tax tx ON tx.id = r.tax_id
                         WHERE r.prod_id = pt.id AND tx.amount_type = 'percent' AND tx.active
                           AND tx.company_id = %s)
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN product_category c ON c.id = pt.categ_id
                 WHERE pp.id = ANY(%s)
                """,
                (company or self.env.company).id,
                list(product_ids),
            )
        )
        return {r[0]: {"categ_path": r[1] or "", "pack": r[2] or 0.0, "tax_rate": (r[3] or 0.0) / 100.0} for r in rows}

    @api.model
    def _today(self):
        return fields.Date.context_today(self)
