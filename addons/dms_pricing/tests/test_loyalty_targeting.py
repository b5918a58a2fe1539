# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import DmsPricingCommon


@tagged("post_install", "-at_install")
class TestLoyaltyTargeting(DmsPricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "满减 core dealers: 10 off 500",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "dms_dealer_level_ids": [Command.set(cls.level_core.ids)],
                "rule_ids": [
                    Command.create({"minimum_amount": 500, "reward_point_amount": 1, "reward_point_mode": "order"})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )

    def _order(self, partner, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": qty})],
            }
        )
        self._apply_rewards(order)
        return order

    def _apply_rewards(self, order):
        order._update_programs_and_rewards()
        for coupon in order.coupon_point_ids.coupon_id.filtered(lambda c: c.program_id == self.program):
            order._apply_program_reward(self.program.reward_ids, coupon)

    def test_program_targets_dealer_level(self):
        # dist_b is a core dealer: 满减 applies; dist_a (strategic) gets nothing
        order_b = self._order(self.dist_b, 10)
        self.assertTrue(order_b.order_line.filtered("reward_id"))
        self.assertAlmostEqual(order_b.amount_untaxed, 900.0)
        order_a = self._order(self.dist_a, 10)
        self.assertFalse(order_a.order_line.filtered("reward_id"))

    def test_program_targets_territory_and_customer(self):
        self.program.write(
            {"dms_dealer_level_ids": [Command.clear()], "dms_territory_ids": [Command.set(self.terr_east.ids)]}
        )
        self.assertTrue(self._order(self.sub_a, 10).order_line.filtered("reward_id"))  # Shanghai is under East
        self.assertFalse(self._order(self.dist_b, 10).order_line.filtered("reward_id"))
        self.program.write({"dms_territory_ids": [Command.clear()], "dms_partner_ids": [Command.set(self.dist_b.ids)]})
        self.assertTrue(self._order(self.dist_b, 10).order_line.filtered("reward_id"))
        self.assertFalse(self._order(self.dist_a, 10).order_line.filtered("reward_id"))

    def test_order_discount_counts_against_floor(self):
        # water: policy-free list price 10, floor 6; a 10 % 满减 keeps it above, a manual 35 % line discount does not
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_b.id,
                "order_line": [Command.create({"product_id": self.water.id, "product_uom_qty": 60})],
            }
        )
        self._apply_rewards(order)
        self.assertTrue(order.order_line.filtered("reward_id"))
        water = order.order_line.filtered(lambda line: line.product_id == self.water)
        self.assertFalse(water.dms_below_floor)
        water.discount = 30  # 10 * 0.7 * 0.9 = 6.3 ≥ 6
        self.assertFalse(water.dms_below_floor)
        water.discount = 35  # 10 * 0.65 * 0.9 = 5.85 < 6 (the promotion counts)
        self.assertTrue(water.dms_below_floor)
