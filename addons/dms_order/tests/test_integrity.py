# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every promise of order control holds against a hostile user of the ORM."""

from datetime import timedelta

from odoo import SUPERUSER_ID, Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import fingerprint
from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestOrderIntegrity(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["dms.order.approval.rule"]
        # East orders from 5,000: regional manager, then HQ
        cls.rule_big = Rule.create(
            {
                "name": "Large East order",
                "min_amount": 5000.0,
                "territory_ids": [Command.set(cls.terr_east.ids)],
                "step_ids": [
                    Command.create({"sequence": 1, "approver_type": "region_manager"}),
                    Command.create({"sequence": 2, "approver_type": "hq"}),
                ],
            }
        )
        cls.user_hq2 = cls.env["res.users"].create(
            {
                "name": "Second HQ Manager",
                "login": "dms_hq2",
                "password": "dms_hq2",
                "groups_id": [
                    Command.set([cls.env.ref("base.group_user").id, cls.env.ref("dms_dealer.group_dms_hq_manager").id])
                ],
            }
        )
        # every West order: HQ, then one of two named people
        cls.rule_west = Rule.create(
            {
                "name": "West orders",
                "territory_ids": [Command.set(cls.terr_west.ids)],
                "step_ids": [
                    Command.create({"sequence": 1, "approver_type": "hq"}),
                    Command.create(
                        {
                            "sequence": 2,
                            "approver_type": "users",
                            "user_ids": [Command.set((cls.user_hq | cls.user_finance).ids)],
                        }
                    ),
                ],
            }
        )
        cls.dist_a.credit_limit = 1e9

    def _approve_all(self, order):
        used = order.dms_submit_uid
        while step := order.dms_approval_ids.filtered(lambda a: a.state == "pending"):
            approver = (step.approver_user_ids - used)[:1]
            step.with_user(approver).action_approve()
            used |= approver

    def _approved_order(self, amount=6000.0, qty=60.0, **vals):
        order = self._create_order(self.dist_a, amount, qty=qty, **vals)
        order.with_user(self.user_rep_a).action_dms_submit()
        self._approve_all(order)
        self.assertEqual(order.dms_state, "approved")
        return order

    def _held_order(self):
        self.sub_a.credit_limit = 10.0
        order = self._create_order(self.sub_a, 500.0)
        order.action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        return order

    # ------------------------------------------------------------------
    # 1. status, lock, approvals: not fields a user writes
    # ------------------------------------------------------------------
    def test_rep_cannot_confirm_by_writing_state(self):
        review = self._create_order(self.dist_a, 6000.0)
        review.with_user(self.user_rep_a).action_dms_submit()
        self.assertEqual(review.dms_state, "review")
        held = self._held_order()
        for order, rep in ((review, self.user_rep_a), (held, self.user_rep_a)):
            attacks = {
                "state": {"state": "sale"},
                "dms_state": {"dms_state": "confirmed"},
                "locked": {"locked": True},
                "floor": {"dms_floor_approved": True},
                "fingerprint": {"dms_fingerprint": "0" * 64},
                "release": {"dms_credit_release_date": fields.Datetime.now()},
            }
            for label, vals in attacks.items():
                with self.subTest(order=order.dms_state, attack=label):
                    with self.assertRaises(AccessError):
                        order.with_user(rep).write(vals)
                    # a forged engine mark is a plain string, not the engine's object
                    with self.assertRaises(AccessError):
                        order.with_user(rep).with_context(dms_workflow="dms_workflow_engine").write(vals)
            self.assertEqual(order.state, "draft")
        self.assertEqual(review.dms_state, "review")
        self.assertEqual(held.dms_state, "credit_hold")
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.user_rep_a).create(
                {"partner_id": self.dist_a.id, "state": "sale", "locked": True}
            )

    def test_forged_bypass_flags_do_nothing(self):
        held = self._held_order()
        forged = {
            "dms_skip_order_control": True,
            "dms_skip_approval_check": True,
            "dms_no_approval_reset": True,
            "dms_credit_bypass_ids": (held.id,),
            "dms_credit_release_ids": (held.id,),
            "dms_workflow": "dms_workflow_engine",
        }
        held.with_user(self.user_rep_a).with_context(**forged).action_confirm()
        self.assertEqual(held.dms_state, "credit_hold")
        self.assertEqual(held.state, "draft")
        review = self._create_order(self.dist_a, 6000.0)
        review.action_dms_submit()
        with self.assertRaisesRegex(UserError, "waiting for approval"):
            review.with_user(self.user_rep_a).with_context(**forged).action_confirm()
        # finance's release still works: the engine carries it
        held.with_user(self.user_finance).action_dms_credit_release("Paid in advance")
        self.assertEqual(held.dms_state, "confirmed")

    def test_lock_and_unlock(self):
        order = self._approved_order()
        order.action_confirm()
        order.with_user(self.user_rep_a).action_lock()
        self.assertTrue(order.locked)
        with self.assertRaises(AccessError):
            order.with_user(self.user_rep_a).action_unlock()
        self.assertTrue(order.locked)
        order.with_user(self.user_hq).action_unlock()
        self.assertFalse(order.locked)

    # ------------------------------------------------------------------
    # 2. the approved content is what gets confirmed
    # ------------------------------------------------------------------
    def test_fingerprint_doctests(self):
        assert_doctests(self, fingerprint)

    def test_line_moved_or_linked_into_approved_order_resets_it(self):
        moves = {
            "order_id write": lambda order, line: line.write({"order_id": order.id}),
            "one2many link": lambda order, line: order.write({"order_line": [Command.link(line.id)]}),
        }
        for label, move in moves.items():
            with self.subTest(move=label):
                approved = self._approved_order()
                approved_total = approved.amount_total
                other = self._create_order(self.dist_a, 60000.0, qty=600.0)
                line = other.order_line
                try:
                    move(approved.with_user(self.user_rep_a), line.with_user(self.user_rep_a))
                except (AccessError, UserError):
                    self.assertEqual(approved.amount_total, approved_total)
                    continue
                self.assertEqual(approved.amount_total, approved_total * 11)
                self.assertEqual(approved.dms_state, "draft", label)
                self.assertFalse(approved.dms_fingerprint)
                with self.assertRaises(UserError):
                    approved.with_user(self.user_rep_a).action_confirm()
                self.assertEqual(approved.state, "draft")

    def test_packaging_quantity_change_resets(self):
        packaging = self.env["product.packaging"].create(
            {"name": "Box of 6", "product_id": self.product_tea.id, "qty": 6.0, "sales": True}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_tea.id,
                            "product_uom_qty": 60.0,
                            "price_unit": 100.0,
                            "product_packaging_id": packaging.id,
                        }
                    )
                ],
            }
        )
        self.assertEqual(order.order_line.product_packaging_id, packaging)
        self.assertEqual(order.order_line.product_packaging_qty, 10.0)
        order.with_user(self.user_rep_a).action_dms_submit()
        self._approve_all(order)
        self.assertEqual(order.dms_state, "approved")
        order.order_line.with_user(self.user_rep_a).write({"product_packaging_qty": 100.0})
        self.assertEqual(order.order_line.product_uom_qty, 600.0)
        self.assertEqual(order.dms_state, "draft")
        with self.assertRaisesRegex(UserError, "needs approval"):
            order.action_confirm()

    def test_change_behind_the_orm_is_refused_at_confirmation(self):
        order = self._approved_order()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order_line SET product_uom_qty = product_uom_qty * 10 WHERE order_id = %s", [order.id]
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "changed after it was approved"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "changed after it was approved"):
            order.action_quotation_sent()
        self.assertEqual(order.state, "draft")

    def test_edited_sent_quotation_goes_back_to_draft(self):
        order = self._approved_order()
        order.action_quotation_sent()
        self.assertEqual(order.state, "sent")
        order.order_line[:1].with_user(self.user_rep_a).write({"discount": 5.0})
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.dms_state, "draft")
        self.assertTrue(all(a.state == "cancelled" for a in order.dms_approval_ids))
        # a quotation that needed no approval and was sent is a draft again too
        small = self._create_order(self.dist_a, 100.0)
        small.action_dms_submit()
        small.action_quotation_sent()
        self.assertEqual(small.state, "sent")
        small.with_user(self.user_rep_a).write(
            {"order_line": [Command.update(small.order_line.id, {"price_unit": 1.0})]}
        )
        self.assertEqual(small.state, "draft")
        self.assertEqual(small.dms_state, "draft")
        self.assertIn("must be submitted again", small.message_ids[:1].body)

    def test_duplicate_starts_over(self):
        order = self._approved_order()
        copy = order.with_user(self.user_rep_a).copy()
        self.assertEqual((copy.state, copy.dms_state), ("draft", "draft"))
        self.assertFalse(copy.dms_fingerprint)
        with self.assertRaisesRegex(UserError, "needs approval"):
            copy.action_confirm()

    # ------------------------------------------------------------------
    # 3. separation of duties on the approval chain
    # ------------------------------------------------------------------
    def test_approver_cannot_approve_own_submission(self):
        order = self._create_order(self.dist_a, 6000.0)
        order.with_user(self.user_region_east).action_dms_submit()
        step = order.dms_approval_ids.filtered(lambda a: a.state == "pending")
        self.assertIn(self.user_region_east, step.approver_user_ids)
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            step.with_user(self.user_region_east).action_approve("mine")
        self.assertEqual(step.state, "pending")
        self.assertEqual(order.dms_state, "review")

    def test_one_person_approves_one_step_of_a_chain(self):
        order = self._create_order(self.dist_b, 100.0, user=self.user_rep_b)
        order.with_user(self.user_rep_b).action_dms_submit()
        step1, step2 = order.dms_approval_ids.sorted("sequence")
        step1.with_user(self.user_hq).action_approve()
        self.assertEqual(step2.state, "pending")
        with self.assertRaisesRegex(AccessError, "already approved a step"):
            step2.with_user(self.user_hq).action_approve()
        self.assertEqual((step2.state, order.dms_state), ("pending", "review"))
        # double click of the first approver: a clear error, nothing changes
        with self.assertRaisesRegex(UserError, "already decided"):
            step1.with_user(self.user_hq).action_approve()
        step2.with_user(self.user_finance).action_approve()
        self.assertEqual(order.dms_state, "approved")
        logs = self.env["dms.workflow.log"].search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual(logs.sorted("id").mapped("transition"), ["submit", "review", "approve_step", "approve"])
        self.assertEqual(logs.sorted("id").user_id, self.user_rep_b | self.user_hq | self.user_finance)

    def test_decisions_are_not_deleted(self):
        order = self._approved_order()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            order.dms_approval_ids.with_user(self.user_hq).unlink()
        self.assertEqual(order.dms_approval_ids.mapped("state"), ["approved", "approved"])

    def test_small_teams_may_lift_separation(self):
        self.company.dms_workflow_allow_self_approval = True
        order = self._create_order(self.dist_b, 100.0, user=self.user_rep_b)
        order.with_user(self.user_hq).action_dms_submit()
        for step in order.dms_approval_ids.sorted("sequence"):
            step.with_user(self.user_hq).action_approve()
        self.assertEqual(order.dms_state, "approved")

    # ------------------------------------------------------------------
    # 4. portal users act on their own dealer's orders only
    # ------------------------------------------------------------------
    def test_portal_user_cannot_act_on_other_dealers_orders(self):
        order = self._create_order(self.dist_a, 100.0)
        for method, args in (
            ("action_dms_submit", ()),
            ("action_dms_reprice", ()),
            ("action_dms_retry_credit", ()),
            ("action_dms_view_alerts", ()),
            ("action_dms_confirm_receipt", (self.portal_b_admin.partner_id.id,)),
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(order.with_user(self.portal_b_admin), method)(*args)
        self.assertEqual(order.dms_state, "draft")
        # the dealer's own portal user may submit its draft
        order.with_user(self.portal_a_admin).action_dms_submit()
        self.assertEqual(order.dms_state, "approved")
        log = self.env["dms.workflow.log"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id), ("transition", "=", "submit")]
        )
        self.assertEqual(log.user_id, self.portal_a_admin)

    # ------------------------------------------------------------------
    # 5. confirmation keeps the offered prices; re-pricing is explicit
    # ------------------------------------------------------------------
    def test_confirmation_never_reprices(self):
        system = self.env(user=SUPERUSER_ID)["base"].with_company(self.company).env
        policy = system["dms.price.policy"].create(
            {
                "name": "Offer",
                "company_id": self.company.id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.product_service.id, "partner_id": self.dist_a.id, "fixed_price": 305.97}
                    )
                ],
            }
        )
        policy.action_submit()
        policy.action_approve()
        order = self.env["sale.order"].create(
            {"partner_id": self.dist_a.id, "order_line": [Command.create({"product_id": self.product_service.id})]}
        )
        self.assertEqual(order.order_line.price_unit, 305.97)
        revision = system["dms.price.policy"].browse(policy.action_revise()["res_id"])
        revision.line_ids.fixed_price = 355.97
        revision.action_submit()
        revision.action_approve()
        self.assertEqual(revision.state, "active")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.price_unit, 305.97)
        self.assertEqual(order.amount_total, 305.97)

    def test_expired_quotation_must_be_repriced(self):
        order = self._create_order(self.dist_a, 100.0)
        order.validity_date = fields.Date.today() - timedelta(days=1)
        order.order_line.price_unit = 80.0
        with self.assertRaisesRegex(UserError, "re-price it"):
            order.action_confirm()
        order.with_user(self.user_rep_a).action_dms_reprice()
        self.assertEqual(order.order_line.price_unit, 100.0)
        self.assertGreaterEqual(order.validity_date, fields.Date.today())
        notice = order.message_ids.filtered(lambda m: "Re-priced" in (m.body or ""))
        self.assertTrue(notice)
        self.assertIn("→", notice[0].body)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaisesRegex(UserError, "Only quotations"):
            order.action_dms_reprice()

    # ------------------------------------------------------------------
    # 6. totals never below zero
    # ------------------------------------------------------------------
    def test_negative_total_is_refused(self):
        order = self._create_order(self.dist_a, -100.0, qty=1.0)
        self.assertLess(order.amount_total, 0.0)
        with self.assertRaisesRegex(UserError, "negative"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "negative"):
            order.action_quotation_sent()
        self.assertEqual(order.state, "draft")
