# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DmsPricingCommon


@tagged("post_install", "-at_install")
class TestPriceBatch(DmsPricingCommon):
    """``_get_prices_batch``: many partners in one call, the same prices as ``_get_prices`` one by one,
    and a number of queries that grows neither with the partners nor with the lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.other = env["res.currency"].create({"name": "DMB", "symbol": "B", "rounding": 0.01})
        env["res.currency.rate"].create(
            {"name": "2000-01-01", "rate": 2.0, "currency_id": cls.other.id, "company_id": cls.company.id}
        )
        cls.lemon = env["product.product"].create(
            {"name": "Test Lemon Tea", "list_price": 50.0, "standard_price": 20.0, "categ_id": cls.categ_tea.id}
        )
        cls.juice = env["product.product"].create(
            {"name": "Test Juice", "list_price": 30.0, "standard_price": 10.0, "categ_id": cls.categ_drinks.id}
        )
        cls.soda = env["product.product"].create(
            {"name": "Test Soda", "list_price": 8.0, "categ_id": env.ref("product.product_category_all").id}
        )
        cls.products = cls.tea | cls.green_tea | cls.water | cls.lemon | cls.juice | cls.soda
        cls.pricelist_b = env["product.pricelist"].create(
            {
                "name": "Test West Pricelist",
                "currency_id": cls.currency.id,
                "item_ids": [
                    Command.create({"applied_on": "0_product_variant", "product_id": cls.soda.id, "fixed_price": 7.0}),
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.juice.id,
                            "min_quantity": 10,
                            "compute_price": "percentage",
                            "percent_price": 20,
                        }
                    ),
                ],
            }
        )
        cls.pricelist.item_ids = [
            Command.create({"applied_on": "0_product_variant", "product_id": cls.soda.id, "fixed_price": 7.5})
        ]
        (cls.dist_b | cls.sub_b).property_product_pricelist = cls.pricelist_b
        cls.sh_strategic = cls._dms_create_dealer(
            "SH strategic", dealer_level_id=cls.level_strategic.id, territory_id=cls.terr_shanghai.id
        )
        cls.west_strategic = cls._dms_create_dealer(
            "West strategic", dealer_level_id=cls.level_strategic.id, territory_id=cls.terr_west.id
        )
        cls.east_core = cls._dms_create_dealer(
            "East core", dealer_level_id=cls.level_core.id, territory_id=cls.terr_east.id
        )
        cls.contact_a = env["res.partner"].create({"name": "Buyer of A", "parent_id": cls.dist_a.id})
        today = fields.Date.today()
        base = cls._dms_policy(
            [
                {"product_id": cls.tea.id, "fixed_price": 90.0},  # everyone
                {"product_id": cls.lemon.id, "fixed_price": 45.0},
                {"categ_id": cls.categ_drinks.id, "compute_price": "discount", "discount": 5.0},
            ],
            name="Base",
        )
        cls._dms_policy(
            [
                {"product_id": cls.tea.id, "territory_id": cls.terr_east.id, "fixed_price": 88.0},
                {"product_id": cls.tea.id, "dealer_level_id": cls.level_strategic.id, "fixed_price": 86.0},
                {
                    "product_id": cls.tea.id,
                    "dealer_level_id": cls.level_strategic.id,
                    "territory_id": cls.terr_east.id,
                    "fixed_price": 84.0,
                },
                {"product_id": cls.tea.id, "partner_id": cls.dist_a.id, "fixed_price": 82.0},
                {"product_id": cls.tea.id, "partner_id": cls.dist_a.id, "min_qty": 100, "fixed_price": 78.0},
                {"product_tmpl_id": cls.green_tea.product_tmpl_id.id, "fixed_price": 70.0, "min_qty": 10},
                {"categ_id": cls.categ_tea.id, "compute_price": "discount", "discount": 10.0},
                {
                    "product_id": cls.lemon.id,
                    "partner_id": cls.dist_b.id,
                    "compute_price": "discount",
                    "discount": 10.0,
                    "base": "policy",
                    "base_policy_id": base.id,
                },
            ],
            name="Targets",
        )
        cls._dms_policy([{"product_id": cls.water.id, "fixed_price": 18.0}], currency_id=cls.other.id, name="DMB")
        cls._dms_policy([{"product_id": cls.green_tea.id, "fixed_price": 60.0}], is_promotion=True, name="Promo")
        cls._dms_policy(
            [{"product_id": cls.juice.id, "fixed_price": 25.0}],
            date_start=today + timedelta(days=5),
            name="Later",
        )
        cls._dms_policy(
            [
                {"product_id": cls.tea.id, "fixed_price": 130.0},
                {"product_id": cls.tea.id, "partner_id": cls.retail_a.id, "fixed_price": 125.0},
            ],
            seller_id=cls.sub_a.id,
            name="Sub A",
        )
        cls.partners = (
            cls.dist_a
            | cls.dist_b
            | cls.sub_a
            | cls.sub_b
            | cls.retail_a
            | cls.sh_strategic
            | cls.west_strategic
            | cls.east_core
            | cls.contact_a
        )

    def _lines(self):
        lines = []
        for qty in (1.0, 10.0, 100.0):
            lines += [(product, qty) for product in self.products]
        return lines

    def _assert_batch_equals_single(self, **kw):
        engine = self.env["dms.price.engine"]
        requests = [(partner, self._lines()) for partner in self.partners]
        requests += [(self.dist_a, [(self.tea, 150.0)]), (self.dist_b, [])]  # the same partner twice, no lines
        batch = engine._get_prices_batch(requests, **kw)
        self.assertEqual(len(batch), len(requests))
        for (partner, lines), results in zip(requests, batch, strict=True):
            self.assertEqual(results, engine._get_prices(partner, lines, **kw), partner.name)
        return dict(zip(self.partners, batch, strict=False))

    def test_batch_equals_single(self):
        by_partner = self._assert_batch_equals_single()
        tea_1 = self.products.ids.index(self.tea.id)
        sources = {r["source"] for results in by_partner.values() for r in results}
        self.assertEqual(sources, {"policy", "pricelist", "list_price"})
        # every source of the fixture is reached: customer, its tier, level + territory, level, seller, ...
        self.assertEqual(by_partner[self.dist_a][tea_1]["price"], 82.0)
        self.assertEqual(by_partner[self.dist_a][len(self.products) * 2 + tea_1]["price"], 78.0)
        self.assertEqual(by_partner[self.contact_a][tea_1]["price"], 82.0)
        self.assertEqual(by_partner[self.sh_strategic][tea_1]["price"], 84.0)
        self.assertEqual(by_partner[self.west_strategic][tea_1]["price"], 86.0)
        self.assertEqual(by_partner[self.east_core][tea_1]["price"], 88.0)
        self.assertEqual(by_partner[self.sub_a][tea_1]["source"], "list_price")  # its seller dist_a has no policy
        self.assertEqual(by_partner[self.dist_b][tea_1]["price"], 90.0)
        self.assertEqual(by_partner[self.retail_a][tea_1]["price"], 125.0)
        self.assertEqual(by_partner[self.retail_a][tea_1]["floor"], 120.0)  # end customer: suggested retail
        lemon = self.products.ids.index(self.lemon.id)
        self.assertAlmostEqual(by_partner[self.dist_b][lemon]["price"], 40.5)  # 10 % off the base policy's 45
        soda = self.products.ids.index(self.soda.id)
        self.assertEqual(by_partner[self.dist_a][soda]["price"], 7.5)
        self.assertEqual(by_partner[self.dist_b][soda]["price"], 7.0)
        juice_10 = len(self.products) + self.products.ids.index(self.juice.id)
        self.assertEqual(by_partner[self.dist_b][juice_10]["source"], "policy")  # HQ's 5 % off drinks
        self.assertEqual(by_partner[self.sub_b][juice_10]["source"], "pricelist")  # dist_b prices nothing
        self.assertEqual(by_partner[self.sub_b][juice_10]["price"], 24.0)
        water = self.products.ids.index(self.water.id)
        self.assertEqual(by_partner[self.dist_a][water]["price"], 9.0)  # 18 DMB
        self.assertEqual(by_partner[self.dist_a][water]["floor"], 6.0)

    def test_batch_equals_single_other_date_and_currency(self):
        by_partner = self._assert_batch_equals_single(date=fields.Date.today() + timedelta(days=6), currency=self.other)
        juice = self.products.ids.index(self.juice.id)
        self.assertEqual(by_partner[self.dist_a][juice]["price"], 50.0)  # 25 from the later policy, in DMB

    def _many_partners(self, count):
        dealers = self.env["res.partner"]
        levels = self.level_strategic | self.level_core | self.level_regular
        territories = self.terr_east | self.terr_west | self.terr_shanghai | self.terr_chengdu
        for i in range(count):
            dealers |= self._dms_create_dealer(
                f"Batch dealer {i}",
                parent=self.sub_a if i % 5 == 4 else None,
                dealer_level_id=levels[i % 3].id,
                territory_id=territories[i % 4].id,
            )
        dealers.property_product_pricelist = self.pricelist
        dealers[::2].property_product_pricelist = self.pricelist_b
        self._dms_policy(
            [
                {"product_id": self.water.id, "partner_id": dealer.id, "fixed_price": 5.0 + i}
                for i, dealer in enumerate(dealers)
            ]
        )
        return dealers

    def test_query_count_constant_in_partners(self):
        """2 or 20 partners (60 lines each) cost the same number of queries."""
        engine = self.env["dms.price.engine"]
        dealers = self._many_partners(20)
        # both pricelists, both kinds of seller (HQ, a sub-dealer) in the 2 as in the 20
        lines = [(p, float(q)) for q in range(1, 11) for p in self.products]
        few = [(dealer, lines) for dealer in dealers[3:5]]
        many = [(dealer, lines) for dealer in dealers]
        engine._get_prices_batch(many)  # warm up registry-level caches
        counts = []
        for requests in (few, many):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            results = engine._get_prices_batch(requests)
            counts.append(self.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1], counts)
        self.assertEqual(results[3][self.products.ids.index(self.water.id)]["price"], 8.0)
        self.env.invalidate_all()
        with self.assertQueryCount(counts[0]):
            engine._get_prices_batch(few)
        self.env.invalidate_all()
        with self.assertQueryCount(counts[0]):
            engine._get_prices_batch(many)

    def test_python_cost_per_line(self):
        """No per-line search: 20 partners x 300 lines in well under a millisecond of CPU per line."""
        engine = self.env["dms.price.engine"]
        dealers = self._many_partners(20)
        requests = [(dealer, [(p, float(q)) for q in range(1, 51) for p in self.products]) for dealer in dealers]
        engine._get_prices_batch(requests[:1])
        self.env.invalidate_all()
        start, queries = time.process_time(), self.cr.sql_log_count
        engine._get_prices_batch(requests)
        cpu = time.process_time() - start
        lines = sum(len(lines) for _dealer, lines in requests)
        self.assertLess(self.cr.sql_log_count - queries, 30)
        self.assertLess(cpu / lines, 0.001, f"{cpu / lines * 1000:.3f} ms per line")
