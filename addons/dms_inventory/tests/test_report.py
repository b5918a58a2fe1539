# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryReport(DmsInventoryCommon, HttpCase, DmsRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._give_stock(cls.dist_a, cls.product_tea, 40, "L1")
        cls._give_stock(cls.sub_a, cls.product_tea, 10)
        cls._give_stock(cls.sub_b, cls.product_tea, 7)

    def _rows(self, user, domain=()):
        mine = (self.dist_a | self.dist_b | self.sub_a | self.sub_b | self.retail_a).ids
        return (
            self.env["dms.inventory.report"]
            .with_user(user)
            .search(list(domain) + [("level", "!=", "brand"), ("dealer_id", "in", mine)])
        )

    def test_levels_and_transit(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 4)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        rows = self._rows(self.user_hq, [("product_id", "=", self.product_tea.id)])
        transit = rows.filtered(lambda r: r.level == "transit")
        self.assertEqual((transit.dealer_id, transit.qty), (self.retail_a, 4.0))
        self.assertEqual(sum(rows.filtered(lambda r: r.dealer_id == self.sub_a).mapped("qty")), 6.0)
        self.assertEqual(rows.filtered(lambda r: r.dealer_id == self.dist_a).lot_name, "L1")
        self.assertEqual(rows.filtered(lambda r: r.dealer_id == self.dist_a).region_id, self.terr_east)
        order.with_user(self.portal_retail_a).action_receive()
        rows = self._rows(self.user_hq, [("product_id", "=", self.product_tea.id)])
        self.assertFalse(rows.filtered(lambda r: r.level == "transit"), "received: no longer in transit")

    def test_brand_warehouse_rows(self):
        warehouse = self.env["stock.warehouse"].sudo().search([("company_id", "=", self.company.id)], limit=1)
        self.env["stock.quant"].sudo()._update_available_quantity(self.product_water, warehouse.lot_stock_id, 33)
        rows = self.env["dms.inventory.report"].with_user(self.user_hq).search([("level", "=", "brand")])
        self.assertEqual(sum(rows.filtered(lambda r: r.product_id == self.product_water).mapped("qty")), 33)
        self.assertFalse(
            self.env["dms.inventory.report"].with_user(self.user_region_east).search([("level", "=", "brand")]),
            "brand warehouses are HQ's",
        )

    def test_roles(self):
        self.assertEqual(self._rows(self.user_hq).dealer_id, self.dist_a | self.sub_a | self.sub_b)
        self.assertEqual(self._rows(self.user_region_east).dealer_id, self.dist_a | self.sub_a)
        self.assertEqual(self._rows(self.user_region_west).dealer_id, self.sub_b)
        self.assertEqual(self._rows(self.portal_a_admin).dealer_id, self.dist_a | self.sub_a)
        self.assertEqual(self._rows(self.portal_a_user).dealer_id, self.dist_a)
        self.assertEqual(self._rows(self.portal_sub_a).dealer_id, self.sub_a)

    def test_rpc_and_drilldown(self):
        ids = self.rpc(self.portal_b_admin, "dms.inventory.report", "search", [])
        rows = self.env["dms.inventory.report"].browse(ids)
        self.assertEqual(rows.dealer_id, self.sub_b)
        self.assertRpcRefused(self.portal_b_admin, "dms.inventory.report", "write", ids, {"qty": 99})
        row = self._rows(self.user_region_east, [("dealer_id", "=", self.sub_a.id)])
        action = row.action_open_moves()
        moves = self.env["dms.channel.stock.move"].with_user(self.user_region_east).search(action["domain"])
        self.assertEqual(moves.dealer_id, self.sub_a)
        self.assertEqual(sum(moves.mapped("qty")), row.qty)

    def test_portal_page(self):
        self.authenticate(self.portal_a_admin.login, self.portal_a_admin.login)
        response = self.url_open("/my/inventory")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.sub_a.name, response.text)
        self.assertNotIn(self.sub_b.name, response.text)
        self.authenticate(self.user_hq.login, self.user_hq.login)
        self.assertEqual(self.url_open("/my/inventory").status_code, 404)

    def test_analysis(self):
        self._sell(self.sub_a, self.product_tea, 5, days_ago=10)
        row = (
            self.env["dms.inventory.turnover.report"]
            .with_user(self.user_region_east)
            .search([("dealer_id", "=", self.sub_a.id)])
        )
        self.assertEqual((row.qty_on_hand, row.outflow_365), (5.0, 5.0))
        self.assertAlmostEqual(row.turnover, 1.0)
        self.assertAlmostEqual(row.days_of_inventory, 365.0)
        ages = self.env["dms.inventory.age.report"].with_user(self.portal_a_admin).search([])
        self.assertEqual(ages.dealer_id, self.dist_a | self.sub_a)
        self.assertEqual(set(ages.mapped("age_bucket")), {"0_30"})
