# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import DmsOrderCommon

#: queries to create and save a 200-line dealer order (priced, taxed, every check kept): 54 measured,
#: against 473 before (2 analytic lookups and 1 pricelist rule search per line)
BUDGET_200_LINES = 60


@tagged("post_install", "-at_install")
class TestOrderSpeed(DmsOrderCommon):
    """A large dealer order costs at most one query per line on top of pricing (issue 16)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.company_data["default_tax_sale"]
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": f"Speed Tea {i}",
                    "default_code": f"SPEED-{i:03d}",
                    "type": "consu",
                    "list_price": 10.0 + i,
                    "taxes_id": [Command.set(cls.tax.ids)],
                }
                for i in range(200)
            ]
        )

    def _create(self, products):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 3.0}) for p in products],
            }
        )
        self.env.flush_all()
        return order

    def _count(self, products):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        order = self._create(products)
        return order, self.cr.sql_log_count - before

    def test_200_lines_cost_at_most_one_query_per_line(self):
        self._create(self.products[:5])  # warm the registry caches
        small, small_count = self._count(self.products[:20])
        large, large_count = self._count(self.products)
        # 180 more lines cost at most 180 more queries
        self.assertLessEqual(large_count - small_count, 180, (small_count, large_count))
        self.env.invalidate_all()
        with self.assertQueryCount(BUDGET_200_LINES):
            order = self._create(self.products)
        # nothing was skipped: every line is priced and taxed, the order is the dealer's
        self.assertEqual(len(order.order_line), 200)
        self.assertEqual(order.order_line.tax_id, self.tax)
        self.assertEqual(order.order_line[0].price_unit, 10.0)
        self.assertEqual(order.dealer_id, self.dist_a)
        self.assertEqual(large.amount_untaxed, order.amount_untaxed)

    def test_analytic_distribution_models_still_apply(self):
        plan = self.env["account.analytic.plan"].create({"name": "Speed Plan"})
        account = self.env["account.analytic.account"].create({"name": "Speed East", "plan_id": plan.id})
        self.env["account.analytic.distribution.model"].create(
            {"partner_id": self.dist_a.id, "analytic_distribution": {str(account.id): 100}}
        )
        order = self._create(self.products[:3])
        self.assertEqual(order.order_line.mapped("analytic_distribution"), [{str(account.id): 100}] * 3)
