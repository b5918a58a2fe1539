# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import tagged

from .common import DmsRebateCommon


@tagged("post_install", "-at_install")
class TestRebatePerformance(DmsRebateCommon):
    """Query budgets: the cost of computing a policy does not grow with the number of dealers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Perf Dealer {i}",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "retailer",
                    "dealer_state": "active",
                    "territory_id": cls.terr_west.id,
                }
                for i in range(20)
            ]
        )
        cls.west_policy = cls._create_policy(
            name="West Perf", code="WP", territory_ids=[Command.set(cls.terr_west.ids)]
        )
        cls._approve_policy(cls.west_policy)
        moves = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": dealer.id,
                    "invoice_date": cls.last_month_start,
                    "date": cls.last_month_start,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product_tea.id,
                                "quantity": 10 + i,
                                "price_unit": 100.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for i, dealer in enumerate(cls.dealers)
            ]
        )
        moves.action_post()
        cls._run_accruals()

    def _simulate(self, partners):
        self.env.invalidate_all()
        return self.west_policy._compute_rebates(self.last_month_start, self.last_month_end, partners)

    def test_simulation_query_budget(self):
        self._simulate(self.dealers[:5])  # warm caches of the registry
        with self.assertQueryCount(QUERIES_SIMULATION):
            small = self._simulate(self.dealers[:5])
        with self.assertQueryCount(QUERIES_SIMULATION):
            large = self._simulate(self.dealers)
        self.assertEqual(len(small), 5)
        self.assertEqual(len(large), 20)
        self.assertEqual(large[self.dealers[10]]["earned"], 2000.0 * 0.02)

    def test_accrual_rerun_query_budget_and_books_once(self):
        accruals = self.env["dms.rebate.accrual"].search([("policy_root_id", "=", self.west_policy.id)])
        self.assertEqual(len(accruals), 20)
        self.assertEqual(sum(accruals.mapped("amount_booked")), sum((10 + i) * 100.0 * 0.02 for i in range(20)))
        # a rerun with nothing to book: one lock and one batched write, whatever the number of dealers
        for dealers in (self.dealers[:5], self.dealers):
            self.env.invalidate_all()
            with self.assertQueryCount(QUERIES_RERUN):
                self.env["dms.rebate.accrual"]._recompute(
                    self.west_policy, dealers, self.last_month_start, self.last_month_end
                )
        self.assertEqual(len(self.env["account.move"].search([("dms_rebate_accrual_id", "in", accruals.ids)])), 20)


QUERIES_SIMULATION = 15
QUERIES_RERUN = 22
