# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

LEVELS = [("brand", "Brand Warehouse"), ("dealer", "Dealer Stock"), ("transit", "In Transit")]


class DmsInventoryReport(models.Model):
    """One view of the stock across the network (SQL view).

    Brand warehouses (internal ``stock.quant``), each dealer's channel stock (``dms.channel.stock``)
    and what was shipped to a dealer and not received yet (channel orders in state Shipped).
    Ids are stable: ``3 × source id`` + 0 (brand), 1 (dealer), 2 (in transit).
    """

    _name = "dms.inventory.report"
    _description = "Network Inventory"
    _auto = False
    _order = "level, dealer_id, product_id"
    _rec_name = "product_id"
    _depends = {
        "stock.quant": ["product_id", "location_id", "lot_id", "quantity", "company_id"],
        "stock.location": ["usage", "warehouse_id"],
        "stock.lot": ["name"],
        "dms.channel.stock": ["dealer_id", "product_id", "lot_name", "expiration_date", "qty_on_hand", "company_id"],
        "dms.channel.order": ["buyer_id", "state", "company_id"],
        "dms.channel.order.line": ["order_id", "product_id", "qty_shipped", "qty_received"],
        "res.partner": ["dealer_path", "territory_id"],
        "dms.territory": ["parent_path", "territory_type"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    level = fields.Selection(LEVELS, string="Where", readonly=True)
    dealer_id = fields.Many2one("res.partner", readonly=True)
    dealer_path = fields.Char(readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    region_id = fields.Many2one("dms.territory", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    expiration_date = fields.Date(string="Expiry Date", readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def _query(self):
        return SQL(
            """
            WITH territory_region AS (
                -- the region of each territory, once per territory rather than once per stock row
                SELECT t.id,
                       (SELECT r.id FROM dms_territory r
                         WHERE r.territory_type = 'region' AND t.parent_path LIKE r.parent_path || '%%'
                         ORDER BY r.parent_path DESC LIMIT 1) AS region_id
                  FROM dms_territory t
            )
            SELECT u.id, u.level, u.dealer_id, p.dealer_path, p.territory_id, tr.region_id,
                   u.warehouse_id, u.product_id, pt.categ_id, u.lot_name, u.expiration_date, u.qty, u.company_id
              FROM (
                    SELECT q.id * 3 AS id, 'brand' AS level, NULL::integer AS dealer_id, l.warehouse_id,
                           q.product_id, lot.name AS lot_name, NULL::date AS expiration_date,
                           q.quantity AS qty, q.company_id
                      FROM stock_quant q
                      JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
                 LEFT JOIN stock_lot lot ON lot.id = q.lot_id
                 UNION ALL
                    SELECT s.id * 3 + 1, 'dealer', s.dealer_id, NULL, s.product_id, s.lot_name, s.expiration_date,
                           s.qty_on_hand, s.company_id
                      FROM dms_channel_stock s
                     WHERE s.qty_on_hand <> 0
                 UNION ALL
                    SELECT ol.id * 3 + 2, 'transit', o.buyer_id, NULL, ol.product_id, NULL, NULL,
                           COALESCE(ol.qty_shipped, 0) - COALESCE(ol.qty_received, 0), o.company_id
                      FROM dms_channel_order_line ol
                      JOIN dms_channel_order o ON o.id = ol.order_id
                     WHERE o.state = 'shipped' AND COALESCE(ol.qty_shipped, 0) > COALESCE(ol.qty_received, 0)
                   ) u
              JOIN product_product pp ON pp.id = u.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN res_partner p ON p.id = u.dealer_id
         LEFT JOIN territory_region tr ON tr.id = p.territory_id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def action_open_moves(self):
        """Drill down: the ledger moves of this dealer and product (as the user: its rules apply)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_inventory.action_dms_inventory_moves")
        domain = [("product_id", "=", self.product_id.id)]
        if self.dealer_id:
            domain.append(("dealer_id", "=", self.dealer_id.id))
        if self.lot_name:
            domain.append(("lot_name", "=", self.lot_name))
        action["domain"] = domain
        return action
