# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests
from odoo.addons.dms_order.tests.common import DmsOrderCommon

from ..tools import rush


@tagged("post_install", "-at_install")
class TestRush(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_strategic.rush_monthly_quota = 2
        cls.company.dms_rush_sla_hours = 12

    def _order(self, dealer=None, product=None):
        return self._create_order(dealer or self.dist_a, amount=100.0, qty=1.0, product=product or self.product_tea)

    def test_doctests(self):
        assert_doctests(self, rush)

    def test_flag_within_quota(self):
        first, second, third = self._order(), self._order(), self._order()
        first.with_user(self.portal_a_user).action_dms_rush()
        self.assertTrue(first.dms_rush)
        self.assertEqual(first.dms_rush_uid, self.portal_a_user)
        self.assertEqual(first.dms_rush_deadline, first.dms_rush_date + timedelta(hours=12))
        self.assertEqual(first._dms_rush_quota_left(), 1)
        second.with_user(self.user_rep_a).action_dms_rush()
        with self.assertRaises(UserError) as caught:
            third.with_user(self.portal_a_user).action_dms_rush()
        self.assertIn("used its 2 rush orders", caught.exception.args[0])
        self.assertFalse(third.dms_rush)
        # the region takes one flag off: the quota is free again
        second.with_user(self.user_region_east).action_dms_rush_remove()
        third.with_user(self.portal_a_user).action_dms_rush()
        self.assertTrue(third.dms_rush)

    def test_level_without_quota(self):
        order = self._order(dealer=self.dist_b)  # core level, quota 0
        with self.assertRaises(UserError):
            order.with_user(self.portal_b_admin).action_dms_rush()

    def test_last_month_does_not_count(self):
        old = self._order()
        old.action_dms_rush()
        old._dms_write({"dms_rush_date": fields.Datetime.now() - timedelta(days=40)})
        self._order().action_dms_rush()
        self._order().action_dms_rush()

    def test_twice_and_finished_orders(self):
        order = self._order()
        order.action_dms_rush()
        with self.assertRaises(UserError):
            order.action_dms_rush()
        cancelled = self._order()
        cancelled.action_cancel()
        with self.assertRaises(UserError):
            cancelled.action_dms_rush()

    def test_picking_priority_and_overdue(self):
        order = self._order()
        order.action_dms_rush()
        order.action_dms_submit()
        order.action_confirm()
        self.assertEqual(order.picking_ids.priority, "1", "the warehouse sees it first")
        normal = self._order()
        normal.action_dms_submit()
        normal.action_confirm()
        self.assertEqual(normal.picking_ids.priority, "0")
        # a confirmed order flagged later is prioritised too
        normal.action_dms_rush()
        self.assertEqual(normal.picking_ids.priority, "1")
        self.assertFalse(order.dms_rush_overdue)
        order._dms_write({"dms_rush_deadline": fields.Datetime.now() - timedelta(hours=1)})
        order.invalidate_recordset(["dms_rush_overdue"])
        self.assertTrue(order.dms_rush_overdue)
        overdue = self.env["sale.order"].search([("dms_rush_overdue", "=", True), ("dealer_id", "=", self.dist_a.id)])
        self.assertEqual(overdue, order)
        not_overdue = self.env["sale.order"].search(
            [("dms_rush_overdue", "=", False), ("id", "in", (order | normal).ids)]
        )
        self.assertEqual(not_overdue, normal)

    def test_approval_queue_sorts_rush_first(self):
        rule = self.env["dms.order.approval.rule"].create(
            {"name": "All orders", "step_ids": [Command.create({"sequence": 1, "approver_type": "hq"})]}
        )
        self.assertTrue(rule)
        normal, urgent = self._order(), self._order()
        urgent.action_dms_rush()
        (normal | urgent).action_dms_submit()
        queue = self.env["dms.order.approval"].search([("order_id", "in", (normal | urgent).ids)])
        self.assertEqual(queue.order_id.ids, [urgent.id, normal.id])

    def test_client_cannot_write_or_copy_the_flag(self):
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.user_rep_a).write({"dms_rush": True})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.user_rep_a).create(
                {"partner_id": self.dist_a.id, "dms_rush": True, "dms_rush_date": fields.Datetime.now()}
            )
        order.action_dms_rush()
        self.assertFalse(order.copy().dms_rush, "a duplicate is not urgent")
        with self.assertRaises(AccessError):
            order.with_user(self.user_rep_a).action_dms_rush_remove()

    def test_portal_user_of_another_dealer(self):
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.portal_b_admin).action_dms_rush()
        # a dealer administrator reads its downstream orders but does not flag them
        sub_order = self._order(dealer=self.sub_a)
        with self.assertRaises(AccessError):
            sub_order.with_user(self.portal_a_admin).action_dms_rush()
