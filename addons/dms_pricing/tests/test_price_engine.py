# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DmsPricingCommon


@tagged("post_install", "-at_install")
class TestPriceEngine(DmsPricingCommon):
    def test_no_policy_falls_back_to_list_price_then_pricelist(self):
        res = self._price(self.dist_a, self.tea)
        self.assertEqual((res["price"], res["source"], res["policy_line_id"]), (100.0, "list_price", False))
        self.pricelist.item_ids = [
            Command.create({"applied_on": "0_product_variant", "product_id": self.tea.id, "fixed_price": 95.0})
        ]
        res = self._price(self.dist_a, self.tea)
        self.assertEqual((res["price"], res["source"]), (95.0, "pricelist"))
        self.assertIn("Test Base Pricelist", res["explanation"])

    def test_precedence_customer_level_territory(self):
        policy = self._dms_policy(
            [
                {"product_id": self.tea.id, "fixed_price": 90.0},  # everyone
                {"product_id": self.tea.id, "territory_id": self.terr_east.id, "fixed_price": 88.0},
                {"product_id": self.tea.id, "dealer_level_id": self.level_strategic.id, "fixed_price": 86.0},
                {
                    "product_id": self.tea.id,
                    "dealer_level_id": self.level_strategic.id,
                    "territory_id": self.terr_east.id,
                    "fixed_price": 84.0,
                },
                {"product_id": self.tea.id, "partner_id": self.dist_a.id, "fixed_price": 82.0},
            ]
        )
        lines = policy.line_ids.sorted("id")
        # dist_a: strategic, East -> customer price
        res = self._price(self.dist_a, self.tea)
        self.assertEqual((res["price"], res["policy_line_id"], res["source"]), (82.0, lines[4].id, "policy"))
        self.assertIn("Customer price 82.00 from policy", res["explanation"])
        self.assertIn(f"{policy.code} v1", res["explanation"])
        # dist_b: core level, West -> everyone
        self.assertEqual(self._price(self.dist_b, self.tea)["price"], 90.0)
        # a new strategic dealer in West -> level price; in Shanghai (under East) -> level+territory
        west = self._dms_create_dealer(
            "West strategic", dealer_level_id=self.level_strategic.id, territory_id=self.terr_west.id
        )
        self.assertEqual(self._price(west, self.tea)["price"], 86.0)
        shanghai = self._dms_create_dealer(
            "SH strategic", dealer_level_id=self.level_strategic.id, territory_id=self.terr_shanghai.id
        )
        self.assertEqual(self._price(shanghai, self.tea)["price"], 84.0)
        # a core dealer in Shanghai: the East territory price (subtree)
        sh_core = self._dms_create_dealer(
            "SH core", dealer_level_id=self.level_core.id, territory_id=self.terr_shanghai.id
        )
        self.assertEqual(self._price(sh_core, self.tea)["price"], 88.0)
        # a contact person of dist_a gets the company's price
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.dist_a.id})
        self.assertEqual(self._price(contact, self.tea)["price"], 82.0)

    def test_promotion_ranks_after_targeted_prices(self):
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 95.0}])
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 85.0}], is_promotion=True)
        self._dms_policy([{"product_id": self.tea.id, "dealer_level_id": self.level_core.id, "fixed_price": 92.0}])
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 85.0)  # promotion > everyone
        self.assertEqual(self._price(self.dist_b, self.tea)["price"], 92.0)  # level > promotion

    def test_scope_and_tiers(self):
        self._dms_policy(
            [
                {"categ_id": self.categ_drinks.id, "compute_price": "discount", "discount": 5.0},
                {"categ_id": self.categ_tea.id, "compute_price": "discount", "discount": 10.0},
                {"product_tmpl_id": self.tea.product_tmpl_id.id, "fixed_price": 89.0},
                {"product_id": self.tea.id, "min_qty": 100, "fixed_price": 80.0},
                {"product_id": self.tea.id, "min_qty": 500, "fixed_price": 75.0},
            ]
        )
        prices = self._prices(
            self.dist_a,
            [(self.tea, 1), (self.tea, 100), (self.tea, 499), (self.tea, 500), (self.green_tea, 1), (self.water, 1)],
        )
        self.assertEqual([r["price"] for r in prices], [89.0, 80.0, 80.0, 75.0, 72.0, 9.5])
        self.assertIn("tier ≥ 100", prices[1]["explanation"])
        self.assertIn("10% off", prices[4]["explanation"])

    def test_discount_off_another_policy(self):
        base = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}], name="Base")
        self._dms_policy(
            [
                {
                    "product_id": self.tea.id,
                    "partner_id": self.dist_b.id,
                    "compute_price": "discount",
                    "discount": 10.0,
                    "base": "policy",
                    "base_policy_id": base.id,
                }
            ]
        )
        self.assertAlmostEqual(self._price(self.dist_b, self.tea)["price"], 81.0)

    def test_seller_prices(self):
        """A retailer under a sub-dealer gets the sub-dealer's prices, not HQ's."""
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 70.0}])  # HQ
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 130.0}], seller_id=self.sub_a.id)
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 70.0)
        res = self._price(self.retail_a, self.tea)
        self.assertEqual((res["price"], res["source"]), (130.0, "policy"))
        # the retailer's floor is the suggested retail price (end customer of a dealer)
        self.assertEqual(res["floor"], 120.0)
        # HQ-served dealers only get cost + margin as floor
        self.assertAlmostEqual(self._price(self.dist_a, self.tea)["floor"], 44.0)
        self.assertEqual(self._price(self.dist_a, self.water)["floor"], 6.0)
        # catalogue: HQ-served customers see all saleable products, the retailer only what its seller priced
        self.assertEqual(self.env["dms.price.engine"]._get_catalog_products(self.retail_a), self.tea)
        catalog = self.env["dms.price.engine"]._get_catalog_products(self.dist_a)
        self.assertTrue((self.tea | self.green_tea | self.water) <= catalog)

    def test_dates_and_states(self):
        today = fields.Date.today()
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 91.0}], date_end=today - timedelta(days=1))
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 92.0}], date_start=today + timedelta(days=1))
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 93.0}], approve=False)
        self.assertEqual(self._price(self.dist_a, self.tea)["source"], "list_price")
        self.assertEqual(self._price(self.dist_a, self.tea, date=today + timedelta(days=2))["price"], 92.0)
        self.assertEqual(self._price(self.dist_a, self.tea, date=today - timedelta(days=3))["price"], 91.0)

    def test_currency(self):
        other = self.env["res.currency"].create({"name": "DMX", "symbol": "D", "rounding": 0.01})
        self.env["res.currency.rate"].create(
            {"name": "2000-01-01", "rate": 2.0, "currency_id": other.id, "company_id": self.company.id}
        )
        # a policy priced in the other currency: 180 DMX = 90 in company currency
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 180.0}], currency_id=other.id)
        self.assertAlmostEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        res = self._price(self.dist_a, self.tea, currency=other)
        self.assertAlmostEqual(res["price"], 180.0)
        self.assertAlmostEqual(res["floor"], 88.0)  # (40 * 1.1) * 2
        # list price fallback converts too
        self.assertAlmostEqual(self._price(self.dist_a, self.water, currency=other)["price"], 20.0)

    def test_query_count_constant_in_lines(self):
        """Pricing 1 or 200 lines costs the same number of queries."""
        products = self.env["product.product"].create(
            [{"name": f"Bulk {i}", "list_price": 10.0 + i, "categ_id": self.categ_tea.id} for i in range(200)]
        )
        self._dms_policy(
            [
                {"product_id": p.id, "partner_id": self.dist_a.id, "fixed_price": 5.0 + i}
                for i, p in enumerate(products[:100])
            ]
            + [{"categ_id": self.categ_tea.id, "compute_price": "discount", "discount": 3.0}]
        )
        engine = self.env["dms.price.engine"]
        one = [(products[0], 1.0)]
        many = [(p, float(i % 7 + 1)) for i, p in enumerate(products)]
        engine._get_prices(self.dist_a, many)  # warm up registry-level caches
        counts = []
        for lines in (one, many):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            results = engine._get_prices(self.dist_a, lines)
            counts.append(self.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1], counts)
        self.assertLessEqual(counts[1], 10)
        self.assertEqual(results[0]["price"], 5.0)
        self.assertAlmostEqual(results[150]["price"], round((10.0 + 150) * 0.97, 2))
        self.env.invalidate_all()
        with self.assertQueryCount(counts[1]):
            engine._get_prices(self.dist_a, many)
