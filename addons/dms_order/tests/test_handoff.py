# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestHandoff(DmsOrderCommon):
    """Each step that waits for someone gives that person an activity, done when the step is taken
    (kept done in the activity view) and dropped when the order goes back.

    The step itself is in the chatter once: no "activity done" message repeats it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dms.order.approval.rule"].create(
            {
                "name": "Large order",
                "min_amount": 5000.0,
                "step_ids": [Command.create({"approver_type": "region_manager"})],
            }
        )
        cls.user_warehouse = new_test_user(
            cls.env,
            login="dms_warehouse",
            name="Warehouse Ma",
            groups="base.group_user,stock.group_stock_user",
        )
        cls.type_approval = cls.env.ref("dms_order.mail_activity_dms_approval")
        cls.type_confirm = cls.env.ref("dms_order.mail_activity_dms_confirm")
        cls.type_deliver = cls.env.ref("dms_order.mail_activity_dms_deliver")
        cls.type_deliver.default_user_id = cls.user_warehouse

    def _activities(self, record, activity_type):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _done(self, record, activity_type):
        """Messages left by activities of that type marked done on the record."""
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id), ("mail_activity_type_id", "=", activity_type.id)]
        )

    def _kept_done(self, record, activity_type):
        """Activities of that type kept done (archived with their done date) on the record."""
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("activity_type_id", "=", activity_type.id),
                    ("active", "=", False),
                    ("date_done", "!=", False),
                ]
            )
        )

    def _notes_by(self, record, user):
        return record.message_ids.filtered(lambda m: m.author_id == user.partner_id).mapped("body")

    def _large_order(self):
        return self._create_order(self.dist_a, 6000.0, qty=60.0, product=self.product_tea, user=self.user_rep_a)

    def test_handoffs_from_submission_to_delivery(self):
        order = self._large_order()
        order.with_user(self.user_rep_a).action_dms_submit()
        self.assertEqual(order.dms_state, "review")
        # submitted: the regional manager who approves
        approval = self._activities(order, self.type_approval)
        self.assertEqual(approval.user_id, self.user_region_east)
        step = order.dms_approval_ids.filtered(lambda a: a.state == "pending")
        step.with_user(self.user_region_east).action_approve()
        self.assertEqual(order.dms_state, "approved")
        self.assertFalse(self._activities(order, self.type_approval))
        self.assertEqual(self._kept_done(order, self.type_approval).user_id, self.user_region_east)
        # the approval is in the chatter once, by its approver, not a second time as an activity done
        notes = self._notes_by(order, self.user_region_east)
        self.assertTrue(any("Approved by East Manager" in body for body in notes))
        self.assertFalse(self._done(order, self.type_approval))
        # approved: the rep, who confirms
        confirm = self._activities(order, self.type_confirm)
        self.assertEqual(confirm.user_id, self.user_rep_a)
        order.with_user(self.user_rep_a).action_confirm()
        self.assertEqual(order.dms_state, "confirmed")
        self.assertFalse(self._activities(order, self.type_confirm))
        self.assertEqual(self._kept_done(order, self.type_confirm).user_id, self.user_rep_a)
        self.assertFalse(self._done(order, self.type_confirm))
        # confirmed: the warehouse, on the delivery, who validates it
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        deliver = self._activities(picking, self.type_deliver)
        self.assertEqual(deliver.user_id, self.user_warehouse)
        self.assertIn(picking, self.env["stock.picking"].with_user(self.user_warehouse).search([]))
        picking = picking.with_user(self.user_warehouse)
        picking.action_assign()
        picking.move_ids.quantity = 60.0
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(self._activities(picking, self.type_deliver))
        self.assertEqual(self._kept_done(picking, self.type_deliver).user_id, self.user_warehouse)
        self.assertFalse(self._done(picking, self.type_deliver))
        self.assertEqual(order.dms_state, "shipped")

    def test_auto_approved_order_goes_to_the_rep(self):
        order = self._create_order(self.dist_a, 100.0, user=self.user_rep_a)
        order.with_user(self.user_rep_a).action_dms_submit()
        self.assertEqual(order.dms_state, "approved")
        self.assertFalse(self._activities(order, self.type_approval))
        self.assertEqual(self._activities(order, self.type_confirm).user_id, self.user_rep_a)

    def test_confirmer_falls_back_to_dealer_rep(self):
        order = self._create_order(self.dist_a, 100.0, user=self.user_rep_a, user_id=False)
        self.assertFalse(order.user_id)
        order.action_dms_submit()
        self.assertEqual(self._activities(order, self.type_confirm).user_id, self.dist_a.user_id)

    def test_change_after_approval_drops_the_confirm_activity(self):
        order = self._create_order(self.dist_a, 100.0, user=self.user_rep_a)
        order.with_user(self.user_rep_a).action_dms_submit()
        self.assertTrue(self._activities(order, self.type_confirm))
        order.order_line.product_uom_qty = 3.0
        self.assertEqual(order.dms_state, "draft")
        self.assertFalse(self._activities(order, self.type_confirm))
        self.assertFalse(self._kept_done(order, self.type_confirm), "a void to-do is not kept as done")

    def test_rejection_closes_the_approval_activity(self):
        order = self._large_order()
        order.with_user(self.user_rep_a).action_dms_submit()
        step = order.dms_approval_ids.filtered(lambda a: a.state == "pending")
        step.with_user(self.user_region_east).action_reject("Too much stock")
        self.assertEqual(order.dms_state, "rejected")
        self.assertFalse(self._activities(order, self.type_approval))
        self.assertFalse(self._activities(order, self.type_confirm))
        self.assertTrue(any("Too much stock" in body for body in self._notes_by(order, self.user_region_east)))
        self.assertFalse(self._done(order, self.type_approval))

    def test_cancel_drops_the_delivery_activity(self):
        order = self._create_order(self.dist_a, 100.0, qty=1.0, product=self.product_tea, user=self.user_rep_a)
        order.action_dms_submit()
        order.action_confirm()
        picking = order.picking_ids
        self.assertTrue(self._activities(picking, self.type_deliver))
        order._action_cancel()
        self.assertFalse(self._activities(picking, self.type_deliver))
        self.assertFalse(self._kept_done(picking, self.type_deliver))

    def test_no_warehouse_configured_no_delivery_activity(self):
        self.type_deliver.default_user_id = False
        order = self._create_order(self.dist_a, 100.0, qty=1.0, product=self.product_tea, user=self.user_rep_a)
        order.action_dms_submit()
        order.action_confirm()
        self.assertTrue(order.picking_ids)
        self.assertFalse(order.picking_ids.activity_ids)

    def test_approve_dialog_has_a_title_and_names_the_step(self):
        order = self._large_order()
        order.with_user(self.user_rep_a).action_dms_submit()
        action = order.with_user(self.user_region_east).action_dms_approve()
        self.assertEqual(action["name"], f"Approve {order.name}")
        step = order.dms_approval_ids.filtered(lambda a: a.state == "pending")
        self.assertEqual(step.display_name, f"{order.name}: Regional Manager of the Dealer's Territory")
        wizard = (
            self.env[action["res_model"]].with_user(self.user_region_east).with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.approval_id, step)
        self.assertEqual(wizard.display_name, f"Approve: {order.name}")
        self.assertNotIn("dms.order", wizard.display_name + wizard.approval_id.display_name)
        self.assertEqual(order.with_user(self.user_region_east).action_dms_reject()["name"], f"Reject {order.name}")
