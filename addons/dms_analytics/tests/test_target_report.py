# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Target ranking: the same actual as the target form, the region above the area, each role's part."""

from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import DmsAnalyticsMixin


@tagged("post_install", "-at_install")
class TestTargetReport(DmsAnalyticsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_analytics()
        cls.product = cls.env["product.product"].create(
            {"name": "Ranking Tea", "categ_id": cls.categ_tea.id, "type": "consu"}
        )
        for partner, move_type, amount, day in (
            (cls.dist_a, "out_invoice", 900.0, date(2026, 5, 4)),
            (cls.dist_a, "out_refund", 100.0, date(2026, 5, 20)),
            (cls.dist_a, "out_invoice", 5000.0, date(2026, 7, 1)),  # next quarter: not counted
            (cls.dist_b, "out_invoice", 300.0, date(2026, 6, 30)),
        ):
            move = cls.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": cls.product.id, "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
            move.action_post()
        Target = cls.env["dms.dealer.target"]
        cls.target_a, cls.target_b, cls.target_sub = Target.create(
            [
                {"partner_id": cls.dist_a.id, "period_type": "quarter", "period_date": "2026-05-01", "amount": 1000.0},
                {"partner_id": cls.dist_b.id, "period_type": "quarter", "period_date": "2026-05-01", "amount": 200.0},
                {
                    "partner_id": cls.sub_a.id,
                    "period_type": "quarter",
                    "period_date": "2026-05-01",
                    "amount": 500.0,
                    "basis": "ordered",
                },
            ]
        )

    def _rows(self, user=None):
        Report = self.env["dms.analytics.target.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search([])

    def test_same_actual_as_the_target_and_ranked(self):
        rows = self._rows()
        self.assertEqual(rows.mapped("dealer_id"), self.dist_b + self.dist_a + self.sub_a, "best attainment first")
        by_target = {row.target_id: row for row in rows}
        for target in (self.target_a, self.target_b, self.target_sub):
            row = by_target[target]
            self.assertAlmostEqual(row.actual_amount, target.actual_amount, msg=target.name)
            self.assertAlmostEqual(row.attainment, round(target.attainment, 1), msg=target.name)
        self.assertEqual(by_target[self.target_a].actual_amount, 800.0)
        self.assertEqual(by_target[self.target_a].gap_amount, 200.0)
        self.assertEqual(by_target[self.target_b].attainment, 150.0)
        self.assertEqual(by_target[self.target_b].gap_amount, 0.0)
        # the region is the territory of type region above the dealer's area
        self.assertEqual(by_target[self.target_a].region_id, self.terr_east)
        self.assertEqual(by_target[self.target_b].region_id, self.terr_west)
        groups = self.env["dms.analytics.target.report"]._read_group([], ["region_id"], ["actual_amount:sum"])
        self.assertEqual(dict(groups), {self.terr_east: 800.0, self.terr_west: 300.0})

    def test_each_role_sees_its_part_and_drills_down(self):
        self.assertEqual(self._rows(self.user_region_east).dealer_id, self.dist_a + self.sub_a)
        self.assertEqual(self._rows(self.user_region_west).dealer_id, self.dist_b)
        self.assertEqual(self._rows(self.user_rep_a).dealer_id, self.dist_a + self.sub_a)
        self.assertEqual(len(self._rows(self.user_hq)), 3)
        row = self._rows(self.user_region_east).filtered(lambda r: r.dealer_id == self.dist_a)
        action = row.action_view_documents()
        invoices = self.env["account.move"].with_user(self.user_region_east).search(action["domain"])
        self.assertEqual(sorted(invoices.mapped("amount_untaxed")), [100.0, 900.0])
