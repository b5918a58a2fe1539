# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The same promises over JSON-RPC, as a browser or a script would call them."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestOrderIntegrityRpc(DmsOrderCommon, HttpCase, DmsRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dms.order.approval.rule"].create(
            {
                "name": "Large order",
                "min_amount": 5000.0,
                "step_ids": [
                    Command.create({"sequence": 1, "approver_type": "region_manager"}),
                    Command.create({"sequence": 2, "approver_type": "hq"}),
                ],
            }
        )
        cls.review = cls._create_order(cls.dist_a, 6000.0)
        cls.review.with_user(cls.user_rep_a).action_dms_submit()
        cls.sub_a.credit_limit = 10.0
        cls.held = cls._create_order(cls.sub_a, 500.0)
        cls.held.action_confirm()

    def test_rep_cannot_confirm_by_writing_state_over_rpc(self):
        for order in (self.review, self.held):
            for vals in ({"state": "sale"}, {"dms_state": "confirmed"}, {"locked": True}, {"dms_floor_approved": True}):
                with self.subTest(order=order.dms_state, vals=vals):
                    self.assertRpcRefused(self.user_rep_a, "sale.order", "write", [order.id], vals)
                    self.assertRpcRefused(
                        self.user_rep_a, "sale.order", "web_save", [order.id], vals, specification={"state": {}}
                    )
        self.assertEqual(self.review.state, "draft")
        self.assertEqual(self.held.state, "draft")
        self.assertEqual(self.held.dms_state, "credit_hold")

    def test_forged_context_over_rpc(self):
        forged = {
            "dms_skip_order_control": True,
            "dms_skip_approval_check": True,
            "dms_credit_bypass_ids": [self.held.id],
            "dms_credit_release_ids": [self.held.id],
            "dms_workflow": "dms_workflow_engine",
        }
        self.rpc(self.user_rep_a, "sale.order", "action_confirm", [self.held.id], context=forged)
        self.assertRpcRefused(
            self.user_rep_a, "sale.order", "action_confirm", [self.review.id], exception="UserError", context=forged
        )
        self.assertRpcRefused(
            self.user_rep_a,
            "sale.order",
            "write",
            [self.review.id],
            {"state": "sale"},
            context=forged,
        )
        self.env.invalidate_all()
        self.assertEqual(self.held.dms_state, "credit_hold")
        self.assertEqual((self.review.state, self.held.state), ("draft", "draft"))

    def test_portal_cannot_submit_another_dealers_draft(self):
        draft = self._create_order(self.dist_a, 100.0)
        for method, args in (
            ("action_dms_submit", []),
            ("action_dms_reprice", []),
            ("action_dms_retry_credit", []),
            ("action_dms_confirm_receipt", [self.portal_b_admin.partner_id.id]),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(self.portal_b_admin, "sale.order", method, [draft.id], *args)
        self.env.invalidate_all()
        self.assertEqual(draft.dms_state, "draft")

    def test_self_approval_over_rpc(self):
        order = self._create_order(self.dist_a, 6000.0)
        self.rpc(self.user_region_east, "sale.order", "action_dms_submit", [order.id])
        step = order.dms_approval_ids.filtered(lambda a: a.state == "pending")
        self.assertRpcRefused(self.user_region_east, "dms.order.approval", "action_approve", [step.id])
        self.env.invalidate_all()
        self.assertEqual(step.state, "pending")
