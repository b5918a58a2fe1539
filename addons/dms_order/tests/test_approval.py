# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestApproval(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["dms.order.approval.rule"]
        cls.rule_amount = Rule.create(
            {
                "name": "Large order",
                "sequence": 1,
                "min_amount": 5000.0,
                "step_ids": [
                    Command.create({"sequence": 1, "approver_type": "region_manager"}),
                    Command.create({"sequence": 2, "approver_type": "hq"}),
                ],
            }
        )
        cls.rule_discount = Rule.create(
            {
                "name": "Deep discount",
                "sequence": 2,
                "min_discount": 10.0,
                "step_ids": [Command.create({"approver_type": "finance"})],
            }
        )
        cls.rule_level = Rule.create(
            {
                "name": "Regular dealers",
                "sequence": 3,
                "dealer_level_ids": [Command.set(cls.level_regular.ids)],
                "step_ids": [Command.create({"approver_type": "region_manager"})],
            }
        )
        cls.rule_territory = Rule.create(
            {
                "name": "West territory",
                "sequence": 4,
                "territory_ids": [Command.set(cls.terr_west.ids)],
                "min_amount": 2000.0,
                "step_ids": [Command.create({"approver_type": "users", "user_ids": [Command.set(cls.user_hq.ids)]})],
            }
        )
        cls.rule_floor = Rule.create(
            {
                "name": "Below floor price",
                "sequence": 5,
                "price_floor_breach": True,
                "step_ids": [Command.create({"approver_type": "finance"})],
            }
        )

    def _pending(self, order):
        return order.dms_approval_ids.filtered(lambda a: a.state == "pending")

    def _approve_all(self, order):
        """Each step by one of its approvers: never the submitter, never twice the same person."""
        used = order.dms_submit_uid
        while step := self._pending(order):
            approver = (step.approver_user_ids - used)[:1]
            self.assertTrue(approver, "every step has an approver who did not submit or approve before")
            step.with_user(approver).action_approve()
            used |= approver

    def test_small_order_needs_no_approval(self):
        order = self._create_order(self.dist_a, 100.0)
        order.action_dms_submit()
        self.assertEqual(order.dms_state, "approved")
        self.assertFalse(order.dms_approval_ids)
        order.action_confirm()
        self.assertEqual(order.dms_state, "confirmed")

    def test_amount_rule_chain_region_then_hq(self):
        order = self._create_order(self.dist_a, 6000.0)
        # confirming or sending before approval is refused
        with self.assertRaisesRegex(UserError, "needs approval"):
            order.action_confirm()
        order.with_user(self.user_rep_a).action_dms_submit()
        self.assertEqual(order.dms_state, "review")
        self.assertEqual(order.dms_approval_ids.mapped("approver_type"), ["region_manager", "hq"])
        step1, step2 = order.dms_approval_ids
        self.assertEqual(step1.state, "pending")
        self.assertEqual(step2.state, "waiting")
        self.assertEqual(step1.approver_user_ids, self.user_region_east)
        # the approver has an activity and sees it in "To approve"
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.user_region_east)
        self.assertEqual(activity.activity_type_id, self.env.ref("dms_order.mail_activity_dms_approval"))
        to_approve = (
            self.env["dms.order.approval"]
            .with_user(self.user_region_east)
            .search([("state", "=", "pending"), ("approver_user_ids", "in", self.user_region_east.id)])
        )
        self.assertEqual(to_approve, step1)
        self.assertIn(
            order, self.env["sale.order"].with_user(self.user_region_east).search([("dms_approval_pending", "=", True)])
        )
        with self.assertRaisesRegex(UserError, "waiting for approval"):
            order.action_confirm()
        # reps and other regions' managers cannot approve; nothing changes
        for user in (self.user_rep_a, self.user_region_west, self.user_hq):
            with self.assertRaises(AccessError):
                step1.with_user(user).action_approve("ok")
        self.assertEqual(step1.state, "pending")
        step1.with_user(self.user_region_east).action_approve("Fine for the season")
        self.assertEqual(step1.decided_uid, self.user_region_east)
        self.assertEqual(step2.state, "pending")
        self.assertIn(self.user_hq, step2.approver_user_ids)
        # approving twice is a clear error
        with self.assertRaisesRegex(UserError, "already decided"):
            step1.with_user(self.user_region_east).action_approve("again")
        self.assertEqual(order.dms_state, "review")
        step2.with_user(self.user_hq).action_approve()
        self.assertEqual(order.dms_state, "approved")
        self.assertFalse(
            order.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("dms_order.mail_activity_dms_approval")
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dms_state, "confirmed")

    def test_discount_rule_needs_finance(self):
        order = self._create_order(self.dist_a, 100.0)
        order.order_line.discount = 15.0
        order.action_dms_submit()
        self.assertEqual(order.dms_approval_ids.mapped("approver_type"), ["finance"])
        self.assertIn(self.user_finance, order.dms_approval_ids.approver_user_ids)
        with self.assertRaises(AccessError):
            order.dms_approval_ids.with_user(self.user_region_east).action_approve()
        order.dms_approval_ids.with_user(self.user_finance).action_approve()
        self.assertEqual(order.dms_state, "approved")

    def test_level_rule(self):
        # sub_b is a regular dealer in the West
        order = self._create_order(self.sub_b, 100.0)
        order.action_dms_submit()
        self.assertEqual(order.dms_approval_ids.rule_id, self.rule_level)
        self.assertEqual(order.dms_approval_ids.approver_user_ids, self.user_region_west)

    def test_territory_rule(self):
        order_west = self._create_order(self.dist_b, 2500.0)
        order_east = self._create_order(self.dist_a, 2500.0)
        (order_west | order_east).action_dms_submit()
        self.assertEqual(order_west.dms_approval_ids.rule_id, self.rule_territory)
        self.assertEqual(order_west.dms_approval_ids.approver_user_ids, self.user_hq)
        self.assertEqual(order_east.dms_state, "approved")

    def test_price_floor_rule(self):
        product = self.env["product.product"].create(
            {"name": "Floored tea", "list_price": 100.0, "dms_floor_price": 80.0, "taxes_id": [Command.clear()]}
        )
        fair = self._create_order(self.dist_a, 100.0, product=product)
        self.assertFalse(fair._dms_get_approval_facts()["below_floor"])
        fair.action_dms_submit()
        self.assertEqual(fair.dms_state, "approved")
        cheap = self._create_order(self.dist_a, 50.0, product=product)
        self.assertTrue(cheap.order_line.dms_below_floor)
        self.assertTrue(cheap._dms_get_approval_facts()["below_floor"])
        cheap.action_dms_submit()
        self.assertEqual(cheap.dms_approval_ids.rule_id, self.rule_floor)
        with self.assertRaises(UserError):
            cheap.action_confirm()
        cheap.dms_approval_ids.with_user(self.user_finance).action_approve("Clearance of old stock")
        self.assertEqual(cheap.dms_state, "approved")
        # the chain also approves the floor breach for DMS pricing
        self.assertTrue(cheap.dms_floor_approved)
        cheap.action_confirm()
        self.assertEqual(cheap.state, "sale")

    def test_rules_combine_without_asking_twice(self):
        order = self._create_order(self.sub_b, 8000.0)
        order.order_line.discount = 20.0
        order.action_dms_submit()
        # amount: region, hq; discount: finance; level: region (already asked); territory: users(hq)
        self.assertEqual(order.dms_approval_ids.mapped("approver_type"), ["region_manager", "hq", "finance", "users"])
        self.assertEqual(order.dms_approval_ids.mapped("sequence"), [1, 2, 3, 4])

    def test_reject_needs_comment_and_allows_resubmission(self):
        order = self._create_order(self.dist_a, 6000.0)
        order.action_dms_submit()
        step1 = self._pending(order)
        with self.assertRaisesRegex(UserError, "why"):
            step1.with_user(self.user_region_east).action_reject("")
        self.assertEqual(step1.state, "pending")
        step1.with_user(self.user_region_east).action_reject("Too much stock in the channel")
        self.assertEqual(order.dms_state, "rejected")
        self.assertEqual(order.dms_approval_ids.mapped("state"), ["rejected", "cancelled"])
        with self.assertRaises(UserError):
            order.action_confirm()
        order.order_line.product_uom_qty = 0.5
        order.action_dms_submit()
        self.assertEqual(order.dms_state, "approved")

    def test_sending_quotation_before_approval_is_refused(self):
        order = self._create_order(self.dist_a, 6000.0)
        with self.assertRaisesRegex(UserError, "needs approval"):
            order.action_quotation_send()
        with self.assertRaisesRegex(UserError, "needs approval"):
            order.action_quotation_sent()
        # the status is not a field a user writes
        with self.assertRaises(AccessError):
            order.write({"state": "sent"})
        with self.assertRaisesRegex(UserError, "needs approval"):
            order.with_context(mark_so_as_sent=True).message_post(body="Here is your quotation")
        self.assertEqual(order.state, "draft")
        order.action_dms_submit()
        self._approve_all(order)
        self.assertEqual(order.dms_state, "approved")
        action = order.action_quotation_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        order.action_quotation_sent()
        self.assertEqual(order.state, "sent")

    def _approved_order(self):
        # priced at the list price: a quantity change keeps the price
        order = self._create_order(self.dist_a, 6000.0, qty=60.0)
        order.write({"order_line": [Command.create({"product_id": self.product_service.id, "price_unit": 10.0})]})
        order.action_dms_submit()
        self._approve_all(order)
        self.assertEqual(order.dms_state, "approved")
        return order

    def test_edit_after_approval_resets(self):
        changes = {
            "quantity": lambda o: o.order_line[:1].write({"product_uom_qty": 70.0}),
            "price": lambda o: o.order_line[:1].write({"price_unit": 7000.0}),
            "discount": lambda o: o.order_line[:1].write({"discount": 1.0}),
            "new line": lambda o: o.write(
                {"order_line": [Command.create({"product_id": self.product_service.id, "price_unit": 1.0})]}
            ),
            "removed line": lambda o: o.order_line[-1:].unlink(),
            "partner": lambda o: o.write({"partner_id": self.sub_a.id}),
            "ship-to": lambda o: o.write({"partner_shipping_id": self.retail_a.id}),
        }
        for label, change in changes.items():
            with self.subTest(change=label):
                order = self._approved_order()
                change(order)
                self.assertEqual(order.dms_state, "draft", label)
                self.assertTrue(all(a.state == "cancelled" for a in order.dms_approval_ids), label)
                with self.assertRaises(UserError):
                    order.action_confirm()
                self.assertEqual(order.state, "draft")

    def test_edit_in_form_as_rep_resets(self):
        """The path a user takes: the sales rep edits the approved order in the form."""
        order = self._approved_order()
        with Form(order.with_user(self.user_rep_a)) as form:
            self.assertEqual(form.dms_state, "approved")
            with form.order_line.edit(0) as line:
                line.product_uom_qty = 80.0
        self.assertEqual(order.dms_state, "draft")
        self.assertIn("must be submitted again", order.message_ids[:1].body, order.message_ids.mapped("body"))

    def test_unchanged_values_do_not_reset(self):
        order = self._approved_order()
        line = order.order_line[:1]
        line.write({"product_uom_qty": line.product_uom_qty, "name": "Renamed"})
        order.write({"note": "Deliver before noon", "partner_id": order.partner_id.id})
        self.assertEqual(order.dms_state, "approved")

    def test_duplicate_does_not_copy_approval(self):
        order = self._approved_order()
        copy = order.copy()
        self.assertEqual(copy.dms_state, "draft")
        self.assertFalse(copy.dms_approval_ids)
        with self.assertRaisesRegex(UserError, "needs approval"):
            copy.action_confirm()
        with self.assertRaisesRegex(UserError, "needs approval"):
            copy.action_quotation_send()
        # the original stays approved
        self.assertEqual(order.dms_state, "approved")

    def test_approver_without_access_cannot_see_other_region_queue(self):
        order = self._create_order(self.dist_a, 6000.0)
        order.action_dms_submit()
        Approval = self.env["dms.order.approval"]
        self.assertFalse(Approval.with_user(self.user_region_west).search([("order_id", "=", order.id)]))
        self.assertFalse(Approval.with_user(self.user_rep_b).search([("order_id", "=", order.id)]))
        self.assertTrue(Approval.with_user(self.user_rep_a).search([("order_id", "=", order.id)]))

    def test_bad_rule_input(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["dms.order.approval.rule"].create({"name": "Bad", "min_amount": -1.0})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["dms.order.approval.rule"].create(
                {"name": "No users", "step_ids": [Command.create({"approver_type": "users"})]}
            )

    def test_workflow_fields_cannot_be_forged(self):
        order = self._create_order(self.dist_a, 6000.0).with_user(self.user_rep_a)
        with self.assertRaises(AccessError):
            order.write({"dms_state": "approved"})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.user_rep_a).create(
                {"partner_id": self.dist_a.id, "dms_state": "approved"}
            )
        # a default_ key for a protected field in the context is dropped (workflow engine)
        forged = (
            self.env["sale.order"]
            .with_user(self.user_rep_a)
            .with_context(default_dms_state="approved", default_state="sale", default_dms_fingerprint="x")
            .create({"partner_id": self.dist_a.id})
        )
        self.assertEqual((forged.state, forged.dms_state, forged.dms_fingerprint), ("draft", "draft", False))
        # bypass flags passed in the context of a call are ignored
        with self.assertRaisesRegex(UserError, "needs approval"):
            order.with_context(dms_skip_approval_check=True, dms_skip_order_control=True).action_confirm()
        self.assertEqual(order.state, "draft")
