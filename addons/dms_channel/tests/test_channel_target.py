# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Channel sales count toward the seller's targets (sell-through / sell-out bases)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_channel_rebate import DmsChannelRebateCommon


@tagged("post_install", "-at_install")
class TestChannelTarget(DmsChannelRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categ_tea = cls.env["product.category"].create({"name": "Channel Tea"})
        cls.product_tea.categ_id = cls.categ_tea
        with freeze_time("2026-05-06 09:00:00"):
            order = cls._order(cls, cls.portal_sub_a, [(cls.product_tea, 30)])
            order.with_user(cls.portal_a_user).action_accept()
            order.with_user(cls.portal_a_user).action_ship(quantities={order.line_ids.id: 25})
            cls.env["dms.channel.sellout.report"].with_user(cls.portal_a_user)._receive_report(
                cls.dist_a,
                "MAY-T",
                [{"product_id": cls.product_tea.id, "qty": 7, "date": date(2026, 5, 6)}],
            )

    def _target(self, partner, basis, amount=10000.0):
        return self.env["dms.dealer.target"].create(
            {
                "partner_id": partner.id,
                "period_type": "month",
                "period_date": date(2026, 5, 15),
                "basis": basis,
                "amount": amount,
                "line_ids": [Command.create({"categ_id": self.categ_tea.id, "quantity_target": 50.0})],
            }
        )

    def test_sell_through_counts_for_the_seller(self):
        target = self._target(self.dist_a, "sell_through")
        self.assertEqual((target.actual_amount, target.attainment), (2500.0, 25.0))
        self.assertEqual((target.line_ids.actual_quantity, target.line_ids.actual_amount), (25.0, 2500.0))
        self.assertEqual(target.line_ids.attainment, 50.0)
        # the buyer's purchases are not its sales; the brand's invoices are not channel sales
        self.assertEqual(self._target(self.sub_a, "sell_through").actual_amount, 0.0)
        target.active = False
        self.assertEqual(self._target(self.dist_a, "invoiced").actual_amount, 0.0)

    def test_sell_out_counts_for_the_reporting_dealer(self):
        target = self._target(self.dist_a, "sell_out", amount=1400.0)
        self.assertEqual((target.actual_amount, target.attainment), (700.0, 50.0))
        self.assertEqual(target.line_ids.actual_quantity, 7.0)

    def test_other_month_counts_nothing(self):
        target = self.env["dms.dealer.target"].create(
            {
                "partner_id": self.dist_a.id,
                "period_type": "month",
                "period_date": date(2026, 6, 1),
                "basis": "sell_through",
                "amount": 100.0,
            }
        )
        self.assertEqual(target.actual_amount, 0.0)

    def test_drill_down(self):
        target = self._target(self.dist_a, "sell_through")
        action = target.action_view_documents()
        orders = self.env["dms.channel.order"].search(action["domain"])
        self.assertEqual(orders.seller_id, self.dist_a)
        self.assertEqual(len(orders), 1)

    def test_scorecard_measures_channel_sales(self):
        """The scorecard's sales measures read the same actuals (its basis may be a channel basis)."""
        Target = self.env["dms.dealer.target"]
        actuals = Target._dms_get_actuals(
            self.dist_a, date(2026, 5, 1), date(2026, 5, 31), self.env.company, "sell_through"
        )
        self.assertEqual(actuals[self.dist_a]["amount"], 2500.0)
        basis = dict(self.env["dms.scorecard.template"]._fields["basis"]._description_selection(self.env))
        self.assertIn("sell_through", basis)
        self.assertIn(
            "sell_out", dict(self.env["dms.scorecard.version"]._fields["basis"]._description_selection(self.env))
        )
