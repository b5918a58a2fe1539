# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Channel flow report: sell-in / sell-through / sell-out per dealer, product and month, and its scope."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsChannelCommon


@tagged("post_install", "-at_install")
class TestChannelFlowReport(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categ_tea = cls.env["product.category"].create({"name": "Flow Tea"})
        cls.product_tea.categ_id = cls.categ_tea
        # sell-in: the brand invoices dist_a 10 teas (1,000) and takes 2 back (200) in May
        for move_type, qty in (("out_invoice", 10), ("out_refund", 2)):
            move = cls.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": cls.dist_a.id,
                    "invoice_date": date(2026, 5, 4),
                    "date": date(2026, 5, 4),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product_tea.id,
                                "quantity": qty,
                                "price_unit": 100.0,
                                "tax_ids": [Command.set(cls.tax_vat.ids)],
                            }
                        )
                    ],
                }
            )
            move.action_post()
        cls._give_stock(cls.dist_a, cls.product_tea, 100)
        cls._give_stock(cls.dist_b, cls.product_tea, 100)
        Report = cls.env["dms.channel.sellout.report"].with_user(cls.portal_a_user)
        with freeze_time("2026-05-12 08:00:00"):
            # sell-through: dist_a ships 8 of 10 to sub_a (800 untaxed)
            order = cls._order(cls, cls.portal_sub_a, [(cls.product_tea, 10)])
            order.with_user(cls.portal_a_user).action_accept()
            order.with_user(cls.portal_a_user).action_ship(quantities={order.line_ids.id: 8})
            # sell-out: dist_a reports 5 in May and 1 in June; a draft counts nothing; dist_b (West) reports 4
            Report._receive_report(
                cls.dist_a,
                "FLOW-1",
                [
                    {"product_id": cls.product_tea.id, "qty": 5, "date": date(2026, 5, 12)},
                    {"product_id": cls.product_tea.id, "qty": 1, "date": date(2026, 6, 2)},
                ],
            )
            Report.create(
                {
                    "dealer_id": cls.dist_a.id,
                    "report_key": "FLOW-DRAFT",
                    "line_ids": [Command.create({"product_id": cls.product_tea.id, "qty": 50})],
                }
            )
            Report.with_user(cls.portal_b_admin)._receive_report(
                cls.dist_b, "FLOW-B", [{"product_id": cls.product_tea.id, "qty": 4, "date": date(2026, 5, 12)}]
            )

    def _rows(self, user=None):
        Flow = self.env["dms.channel.flow.report"]
        if user:
            Flow = Flow.with_user(user)
        rows = Flow.search([("product_id", "=", self.product_tea.id)])
        return {
            (row.dealer_id, row.date): (
                row.sell_in_qty,
                row.sell_in_value,
                row.sell_through_qty,
                row.sell_through_value,
                row.sell_out_qty,
                row.sell_out_value,
            )
            for row in rows
        }

    def test_figures(self):
        rows = self._rows()
        may, june = date(2026, 5, 1), date(2026, 6, 1)
        self.assertEqual(rows[(self.dist_a, may)], (8.0, 800.0, 8.0, 800.0, 5.0, 500.0))
        self.assertEqual(rows[(self.dist_a, june)], (0.0, 0.0, 0.0, 0.0, 1.0, 100.0))
        self.assertEqual(rows[(self.dist_b, may)], (0.0, 0.0, 0.0, 0.0, 4.0, 400.0))
        # the buyer's purchase is not its sell-through, and sell-in is the brand's invoices only
        self.assertNotIn((self.sub_a, may), rows)
        row = self.env["dms.channel.flow.report"].search([("dealer_id", "=", self.dist_a.id), ("date", "=", may)])
        self.assertEqual((row.territory_id, row.categ_id), (self.terr_east, self.categ_tea))
        groups = self.env["dms.channel.flow.report"]._read_group(
            [("product_id", "=", self.product_tea.id)], ["territory_id"], ["sell_out_value:sum"]
        )
        self.assertEqual(dict(groups), {self.terr_east: 600.0, self.terr_west: 400.0})

    def test_region_scope(self):
        east = self._rows(self.user_region_east)
        self.assertEqual({dealer for dealer, _month in east}, {self.dist_a})
        west = self._rows(self.user_region_west)
        self.assertEqual({dealer for dealer, _month in west}, {self.dist_b})
        self.assertEqual(len(self._rows(self.user_hq)), 3)

    def test_dealers_have_no_access(self):
        with self.assertRaises(AccessError):
            self.env["dms.channel.flow.report"].with_user(self.portal_a_admin).search([])
        with self.assertRaises(AccessError):
            self.env["dms.channel.flow.report"].with_user(self.user_hq).create({})
