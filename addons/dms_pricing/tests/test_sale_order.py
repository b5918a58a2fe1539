# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DmsPricingCommon


@tagged("post_install", "-at_install")
class TestSaleOrderPricing(DmsPricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._dms_policy(
            [
                {"product_id": cls.tea.id, "partner_id": cls.dist_a.id, "fixed_price": 90.0},
                {"product_id": cls.tea.id, "partner_id": cls.dist_a.id, "min_qty": 100, "fixed_price": 85.0},
                {"product_id": cls.water.id, "fixed_price": 9.0},
            ]
        )

    def _order(self, partner, lines, user=None):
        env = self.env(user=user) if user else self.env
        return env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            }
        )

    def test_order_lines_take_policy_prices(self):
        order = self._order(self.dist_a, [(self.tea, 10), (self.tea, 100), (self.water, 5), (self.green_tea, 1)])
        tea, tea_tier, water, green = order.order_line
        self.assertEqual([line.price_unit for line in order.order_line], [90.0, 85.0, 9.0, 80.0])
        self.assertEqual(tea.dms_price_source, "policy")
        self.assertEqual(tea_tier.dms_price_policy_line_id.min_qty, 100)
        self.assertIn("tier ≥ 100", tea_tier.dms_price_explanation)
        self.assertIn(f"Customer price 90.00 from policy {self.policy.code} v1", tea.dms_price_explanation)
        self.assertIn("Price for everyone", water.dms_price_explanation)
        self.assertEqual((green.dms_price_source, green.dms_price_policy_line_id.id), ("pricelist", False))
        self.assertEqual(tea.discount, 0.0)
        # changing the quantity moves the line to another tier
        tea.product_uom_qty = 150
        self.assertEqual(tea.price_unit, 85.0)

    def test_form_onchange_path(self):
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.dist_a
            with form.order_line.new() as line:
                line.product_id = self.tea
                line.product_uom_qty = 2
                self.assertEqual(line.price_unit, 90.0)
                self.assertIn("Customer price", line.dms_price_explanation)
                line.product_uom_qty = 120
                self.assertEqual(line.price_unit, 85.0)
        self.assertEqual(form.record.order_line.dms_price_source, "policy")

    def test_tax_included_price_behaves_like_core(self):
        tax_incl = self.env["account.tax"].create(
            {"name": "10% incl", "amount": 10, "price_include_override": "tax_included"}
        )
        tax_excl = self.env["account.tax"].create({"name": "10% excl", "amount": 10})
        fpos = self.env["account.fiscal.position"].create(
            {"name": "Export", "tax_ids": [Command.create({"tax_src_id": tax_incl.id, "tax_dest_id": tax_excl.id})]}
        )
        self.water.taxes_id = tax_incl
        order = self._order(self.dist_b, [(self.water, 1), (self.green_tea, 1)])
        self.assertEqual(order.order_line[0].price_unit, 9.0)
        order.fiscal_position_id = fpos
        order.with_context(force_price_recomputation=True).order_line._compute_price_unit()
        # as core does with list prices: the included tax is taken out when mapped to an excluded one
        self.assertAlmostEqual(order.order_line[0].price_unit, 9.0 / 1.1, places=2)

    def test_other_currency_order(self):
        other = self.env["res.currency"].create({"name": "DMY", "symbol": "Y", "rounding": 0.01})
        self.env["res.currency.rate"].create(
            {"name": "2000-01-01", "rate": 7.0, "currency_id": other.id, "company_id": self.company.id}
        )
        pricelist = self.env["product.pricelist"].create({"name": "DMY", "currency_id": other.id})
        order = self._order(self.dist_a, [(self.tea, 1)])
        order.pricelist_id = pricelist
        order.action_update_prices()
        self.assertEqual(order.currency_id, other)
        self.assertAlmostEqual(order.order_line.price_unit, 630.0)
        self.assertAlmostEqual(order.order_line.dms_price_floor, 44.0 * 7)

    def test_manual_price_is_a_deviation(self):
        order = self._order(self.dist_a, [(self.tea, 10)], user=self.user_rep_a)
        line = order.order_line.with_user(self.user_rep_a)
        line.write({"price_unit": 88.0, "dms_price_change_reason": "Match competitor"})
        dev = line.dms_price_deviation_ids
        self.assertEqual(len(dev), 1)
        self.assertRecordValues(
            dev,
            [
                {
                    "user_id": self.user_rep_a.id,
                    "price_from": 90.0,
                    "price_to": 88.0,
                    "expected_price": 90.0,
                    "reason": "Match competitor",
                    "dealer_id": self.dist_a.id,
                    "product_id": self.tea.id,
                }
            ],
        )
        # a manual price is kept when the quantity changes
        line.product_uom_qty = 20
        self.assertEqual(line.price_unit, 88.0)
        # an explicit price at creation (API, portal) is logged too
        order2 = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": 1, "price_unit": 70.0})],
            }
        )
        self.assertRecordValues(order2.order_line.dms_price_deviation_ids, [{"price_from": 90.0, "price_to": 70.0}])
        # the execution report lists both, per dealer / salesperson / product
        report = self.env["dms.price.execution.report"].search([("order_id", "in", (order | order2).ids)])
        self.assertEqual(len(report), 2)
        self.assertEqual(set(report.mapped("dealer_id")), {self.dist_a})
        self.assertEqual(report.filtered(lambda r: r.order_id == order2).below_floor, False)
        # another region's manager does not see them
        self.assertFalse(
            self.env["dms.price.execution.report"]
            .with_user(self.user_region_west)
            .search([("order_id", "in", order.ids)])
        )
        self.assertFalse(
            self.env["dms.price.deviation"].with_user(self.user_rep_b).search([("order_id", "in", order.ids)])
        )

    def test_floor_blocks_confirmation_until_approved(self):
        order = self._order(self.dist_a, [(self.tea, 10), (self.water, 1)])
        order.order_line[0].price_unit = 40.0  # floor: 40 * 1.1 = 44
        self.assertTrue(order.order_line[0].dms_below_floor)
        self.assertFalse(order.order_line[1].dms_below_floor)
        self.assertTrue(order.dms_below_floor)
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        wizard = self.env["dms.floor.approval.wizard"].create({"order_id": order.id, "reason": "Clearance"})
        for user in (self.user_rep_a, self.user_region_east):
            with self.assertRaises(AccessError):
                wizard.with_user(user).action_approve()
        self.assertFalse(order.dms_floor_approved)
        wizard.with_user(self.user_pricing).action_approve()
        self.assertRecordValues(
            order,
            [
                {
                    "dms_floor_approved": True,
                    "dms_floor_approval_reason": "Clearance",
                    "dms_floor_approved_by_id": self.user_pricing.id,
                }
            ],
        )
        # lowering a price again voids the approval
        order.order_line[0].price_unit = 39.0
        self.assertFalse(order.dms_floor_approved)
        self.env["dms.floor.approval.wizard"].create({"order_id": order.id, "reason": "Clearance 2"}).with_user(
            self.user_pricing
        ).action_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        report = self.env["dms.price.execution.report"].search(
            [("order_id", "=", order.id), ("below_floor", "=", True)]
        )
        self.assertEqual(report.product_id, self.tea)

    def test_discount_counts_against_floor(self):
        order = self._order(self.dist_a, [(self.water, 10)])
        order.order_line.discount = 40  # 9 * 0.6 = 5.4 < 6
        self.assertTrue(order.order_line.dms_below_floor)
        wizard = self.env["dms.floor.approval.wizard"].create({"order_id": order.id, "reason": " "})
        with self.assertRaises(UserError):
            wizard.action_approve()

    def test_retailer_suggested_retail_floor(self):
        self._dms_policy([{"product_id": self.tea.id, "fixed_price": 110.0}], seller_id=self.sub_a.id)
        order = self._order(self.retail_a, [(self.tea, 1)])
        self.assertEqual(order.order_line.price_unit, 110.0)
        self.assertEqual(order.order_line.dms_price_floor, 120.0)
        self.assertTrue(order.dms_below_floor)  # online price must stay ≥ suggested retail

    def test_query_count_order_lines(self):
        """Creating an order priced by policies costs no more queries than core pricelist pricing,
        and the policy engine itself runs once per order."""
        products = self.env["product.product"].create(
            [
                {"name": f"QC {i}", "list_price": 5.0 + i, "categ_id": self.categ_tea.id, "taxes_id": False}
                for i in range(60)
            ]
        )
        self._dms_policy(
            [{"product_id": p.id, "partner_id": self.dist_a.id, "fixed_price": 3.0 + i} for i, p in enumerate(products)]
        )
        self.pricelist.item_ids = [
            Command.create({"applied_on": "0_product_variant", "product_id": p.id, "fixed_price": 2.0 + i})
            for i, p in enumerate(products)
        ]
        counts = {}
        for partner in (self.dist_a, self.dist_b):
            for n in (10, 60):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                order = self._order(partner, [(p, 1) for p in products[:n]])
                order.flush_recordset()
                counts[partner.name, n] = self.cr.sql_log_count - start
                expected = (3.0 if partner == self.dist_a else 2.0) + n - 1
                self.assertEqual(order.order_line[-1].price_unit, expected)
        policy_growth = counts[self.dist_a.name, 60] - counts[self.dist_a.name, 10]
        pricelist_growth = counts[self.dist_b.name, 60] - counts[self.dist_b.name, 10]
        self.assertLessEqual(policy_growth, pricelist_growth, counts)
