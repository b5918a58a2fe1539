# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DmsOrderCommon

SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestLifecycle(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # status changes are tracked in the chatter
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _deliver(self, picking, qty):
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking._action_done()

    def _confirmed_tea_order(self, qty=10.0):
        order = self._create_order(self.dist_a, 100.0 * qty, qty=qty, product=self.product_tea)
        self._flush_tracking()
        order.with_user(self.user_rep_a).action_dms_submit()
        self.assertEqual(order.dms_state, "approved")
        self._flush_tracking()
        order.with_user(self.user_rep_a).action_confirm()
        self._flush_tracking()
        self.assertEqual(order.dms_state, "confirmed")
        return order

    def test_partial_delivery_then_rest_then_return(self):
        order = self._confirmed_tea_order()
        picking = order.picking_ids
        self._deliver(picking, 4.0)
        self.assertEqual(order.order_line.qty_delivered, 4.0)
        self.assertEqual(order.dms_state, "confirmed", "a partial delivery is not shipped")
        backorder = order.picking_ids - picking
        self.assertEqual(len(backorder), 1)
        # cannot sign for goods not all shipped
        with self.assertRaisesRegex(UserError, "not shipped"):
            order.action_dms_confirm_receipt(self.portal_a_user.partner_id)
        self._deliver(backorder, 6.0)
        self.assertEqual(order.dms_state, "shipped")
        self.assertTrue(order.dms_ship_date)
        # a return makes it not fully delivered any more
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_ids=backorder.ids, active_id=backorder.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 2.0
        return_picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self._deliver(return_picking, 2.0)
        self.assertEqual(order.order_line.qty_delivered, 8.0)
        self.assertEqual(order.dms_state, "confirmed")
        self.assertFalse(order.dms_ship_date)
        with self.assertRaises(UserError):
            order.action_dms_confirm_receipt(self.portal_a_user.partner_id)

    def test_receipt_sign_off_and_timeline(self):
        order = self._confirmed_tea_order(qty=5.0)
        picking = order.picking_ids
        self._deliver(picking, 5.0)
        self.assertEqual(order.dms_state, "shipped")
        self._flush_tracking()
        # someone of another dealer cannot sign
        with self.assertRaises(AccessError):
            order.action_dms_confirm_receipt(self.portal_b_admin.partner_id)
        self.assertEqual(order.dms_state, "shipped")
        order.action_dms_confirm_receipt(self.portal_a_user.partner_id, signature=SIGNATURE)
        self.assertEqual(order.dms_state, "signed")
        self._flush_tracking()
        self.assertEqual(order.dms_signed_by_id, self.portal_a_user.partner_id)
        self.assertTrue(order.dms_signed_date)
        self.assertTrue(order.dms_signature)
        # signing twice is refused
        with self.assertRaises(UserError):
            order.action_dms_confirm_receipt(self.portal_a_user.partner_id)
        timeline = order._dms_get_timeline()
        keys = [step["key"] for step in timeline]
        self.assertEqual(
            keys, ["submitted", "review", "approved", "confirmed", f"delivery_{picking.id}", "shipped", "signed"]
        )
        self.assertTrue(all(step["done"] for step in timeline))
        self.assertEqual([step["key"] for step in timeline if step["current"]], ["signed"])
        for step in timeline:
            self.assertEqual(set(step), {"key", "label", "done", "current", "date", "by", "note"})
        signed = timeline[-1]
        self.assertEqual(signed["by"], self.portal_a_user.partner_id.name)
        delivery = timeline[4]
        expected_ref = picking.carrier_tracking_ref if "carrier_tracking_ref" in picking._fields else False
        self.assertEqual(delivery["note"], expected_ref or picking.name)
        self.assertEqual(timeline[0]["by"], self.user_rep_a.name)
        # every step is in the chatter (tracked status changes)
        tracked = order.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "dms_state").mapped(
            "new_value_char"
        )
        for label in ("Approved", "Confirmed", "Shipped", "Received"):
            self.assertIn(label, tracked)

    def test_timeline_of_held_and_pending_orders(self):
        self.dist_a.credit_limit = 10.0
        order = self._create_order(self.dist_a, 500.0)
        timeline = order._dms_get_timeline()
        self.assertFalse(any(step["done"] for step in timeline))
        order.action_dms_submit()
        order.action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        timeline = order._dms_get_timeline()
        hold = next(step for step in timeline if step["key"] == "credit_hold")
        self.assertTrue(hold["current"])
        self.assertIn("credit limit", hold["note"])
        self.assertFalse(next(step for step in timeline if step["key"] == "confirmed")["done"])

    def test_submit_checks(self):
        empty = self.env["sale.order"].create({"partner_id": self.dist_a.id})
        with self.assertRaisesRegex(UserError, "at least one product"):
            empty.action_dms_submit()
        self.assertEqual(empty.dms_state, "draft")
        order = self._create_order(self.dist_a, 100.0)
        order.action_dms_submit()
        with self.assertRaisesRegex(UserError, "Only draft orders"):
            order.action_dms_submit()

    def test_cancel_and_back_to_draft(self):
        order = self._create_order(self.dist_a, 100.0)
        order.action_dms_submit()
        order._action_cancel()
        self.assertEqual(order.dms_state, "cancel")
        self.assertEqual(order._dms_get_timeline()[-1]["key"], "cancel")
        order.action_draft()
        self.assertEqual(order.dms_state, "draft")
