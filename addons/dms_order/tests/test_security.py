# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestOrderSecurity(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dist_a.credit_limit = 10.0
        cls.dist_b.credit_limit = 10.0
        cls.held_a = cls._create_order(cls.dist_a, 500.0)
        cls.held_b = cls._create_order(cls.dist_b, 500.0)
        (cls.held_a | cls.held_b).action_confirm()

    def _queue(self, user):
        return self.env["sale.order"].with_user(user).search([("dms_state", "=", "credit_hold")])

    def test_held_queue_visibility_by_role(self):
        self.assertEqual((self.held_a | self.held_b).mapped("dms_state"), ["credit_hold", "credit_hold"])
        self.assertEqual(self._queue(self.user_region_east) & (self.held_a | self.held_b), self.held_a)
        self.assertEqual(self._queue(self.user_region_west) & (self.held_a | self.held_b), self.held_b)
        self.assertEqual(self._queue(self.user_rep_b) & (self.held_a | self.held_b), self.held_b)
        self.assertEqual(self._queue(self.user_finance) & (self.held_a | self.held_b), self.held_a | self.held_b)
        with self.assertRaises(AccessError):
            self.held_a.with_user(self.user_region_west).read(["dms_credit_hold_reason"])

    def test_only_finance_releases_and_raises_limits(self):
        for user in (self.user_rep_a, self.user_region_east, self.user_hq):
            with self.assertRaises(AccessError):
                self.held_a.with_user(user).action_dms_credit_release("because")
            with self.assertRaises(AccessError):
                self.env["dms.credit.increase"].with_user(user).create(
                    {"partner_id": self.dist_a.id, "amount": 100.0, "date_end": "2099-01-01", "reason": "x"}
                )
        self.assertEqual(self.held_a.dms_state, "credit_hold")
        # credit figures are for finance and managers, not for reps
        with self.assertRaises(AccessError):
            self.dist_a.with_user(self.user_rep_a).read(["credit_limit"])

    def test_portal_users_see_no_internal_queue(self):
        for model in ("dms.order.alert", "dms.order.approval", "dms.credit.increase", "dms.order.approval.rule"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal_a_admin).search([])
