# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import returns
from .common import DmsReturnCommon


@tagged("post_install", "-at_install")
class TestReturnTools(DmsReturnCommon):
    def test_doctests(self):
        assert_doctests(self, returns)


@tagged("post_install", "-at_install")
class TestReturnFlow(DmsReturnCommon):
    def test_refund_flow(self):
        """submitted → approved (return transfer through core) → received → refunded by a credit note → done."""
        request = self._submitted(qty=3.0)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.submit_uid, self.portal_a_user)
        self.assertTrue(request.name.startswith("RMA/"))
        self.assertEqual(request.deadline_date, fields.Date.add(fields.Date.context_today(request), days=30))
        # the region manager gets the decision
        self.assertIn(self.user_region_east, request.activity_ids.user_id)
        request.with_user(self.user_region_east).action_approve()
        self.assertEqual(request.state, "approved")
        picking = request.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_code, "incoming")
        self.assertEqual(picking.move_ids.product_uom_qty, 3.0)
        self.assertEqual(
            picking.return_id, self.order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        )
        self.assertIn(self.user_warehouse, picking.activity_ids.user_id, "the warehouse receives")
        self.assertFalse(request.activity_ids.filtered(lambda a: a.user_id == self.user_region_east))
        request.with_user(self.user_warehouse).action_receive()
        self.assertEqual(request.state, "received")
        self.assertEqual(picking.state, "done")
        self.assertEqual(request.line_ids.qty_received, 3.0)
        self.assertEqual(self.line.qty_delivered, 7.0, "core's to_refund lowers the delivered quantity")
        self.assertIn(self.user_finance, request.activity_ids.user_id)
        request.with_user(self.user_finance).action_refund()
        self.assertEqual(request.state, "done")
        credit_note = request.refund_move_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(
            credit_note.reversed_entry_id, self.order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        )
        self.assertRecordValues(
            credit_note.invoice_line_ids, [{"product_id": self.product_tea.id, "quantity": 3.0, "price_unit": 100.0}]
        )
        self.assertEqual(credit_note.amount_total, 300.0)
        self.assertEqual(self.line.qty_invoiced, 7.0)

    def test_exchange_flow(self):
        request = self._submitted(qty=2.0, request_type="exchange")
        request.with_user(self.user_hq).action_approve()
        request.with_user(self.user_warehouse).action_receive()
        self.assertIn(self.user_region_east, request.activity_ids.user_id, "the region sends the replacement")
        with self.assertRaises(UserError):
            request.with_user(self.user_finance).action_refund()
        request.with_user(self.user_region_east).action_replace()
        self.assertEqual(request.state, "done")
        replacement = request.replacement_order_id
        self.assertEqual(replacement.partner_id, self.dist_a)
        self.assertEqual(replacement.amount_total, 0.0)
        self.assertEqual(replacement.order_line.product_uom_qty, 2.0)
        self.assertEqual(replacement.dms_state, "confirmed")
        self.assertTrue(replacement.picking_ids, "a new delivery")

    def test_shortage_needs_no_transfer(self):
        request = self._submitted(qty=1.0, reason=self.reason_shortage, request_type="exchange")
        request.with_user(self.user_region_east).action_approve()
        self.assertEqual(request.state, "received", "nothing comes back for a shortage")
        self.assertFalse(request.picking_ids)
        self.assertEqual(request.line_ids.qty_received, 1.0)

    def test_warehouse_validation_receives(self):
        """Validating the return transfer in the warehouse screens receives the request too."""
        request = self._submitted(qty=2.0)
        request.with_user(self.user_region_east).action_approve()
        picking = request.picking_ids.with_user(self.user_warehouse)
        picking.move_ids.quantity = 2.0
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(request.state, "received")

    def test_refuse_needs_reason(self):
        request = self._submitted()
        with self.assertRaises(UserError):
            request.with_user(self.user_region_east).action_refuse(reason="")
        wizard = (
            self.env["dms.return.refuse"]
            .with_user(self.user_region_east)
            .create({"request_id": request.id, "reason": "Opened bottles cannot come back"})
        )
        wizard.action_apply()
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.refuse_reason, "Opened bottles cannot come back")
        # a refused request frees its quantities
        self._submitted(qty=10.0)

    def test_refund_without_invoice_is_refused(self):
        order = self._delivered_order(self.dist_a, qty=5.0, invoice=False)
        request = self._request(qty=1.0, order=order, user=self.portal_a_user)
        request.with_user(self.portal_a_user).action_submit()
        request.with_user(self.user_region_east).action_approve()
        request.with_user(self.user_warehouse).action_receive()
        with self.assertRefused(UserError, "posted invoices"):
            request.with_user(self.user_finance).action_refund()
        self.assertEqual(request.state, "received")


@tagged("post_install", "-at_install")
class TestReturnRefusals(DmsReturnCommon):
    def test_beyond_delivered_quantity(self):
        with self.assertRefused(ValidationError, "at most 10"):
            self._request(qty=11.0, user=self.portal_a_user)
        self._submitted(qty=6.0)
        with self.assertRefused(ValidationError, "at most 4"):
            self._request(qty=5.0, user=self.portal_a_user)
        # two lines of one request add up
        with self.assertRaises(ValidationError):
            self.env["dms.return.request"].with_user(self.portal_a_user).create(
                {
                    "order_id": self.order.id,
                    "reason_id": self.reason_quality.id,
                    "line_ids": [
                        Command.create({"sale_line_id": self.line.id, "qty": 3.0}),
                        Command.create({"sale_line_id": self.line.id, "qty": 3.0}),
                    ],
                }
            )

    def test_zero_or_negative_quantity(self):
        for qty in (0.0, -2.0):
            with self.assertRefused(ValidationError, "must be positive"):
                self._request(qty=qty, user=self.portal_a_user)

    def test_after_the_deadline(self):
        moves = self.line.move_ids
        moves.write({"date": self._days_ago(8)})
        request = self._request(qty=1.0, reason=self.reason_damage, user=self.portal_a_user)
        request.sudo().photo_ids = [Command.create({"name": "crushed.png", "raw": b"\x89PNG\r\n\x1a\nxx"})]
        with self.assertRefused(UserError, "within 7 days"):
            request.with_user(self.portal_a_user).action_submit()
        self.assertEqual(request.state, "draft")
        # the quality standard (30 days) still allows it
        other = self._request(qty=1.0, reason=self.reason_quality, user=self.portal_a_user)
        other.with_user(self.portal_a_user).action_submit()
        self.assertEqual(other.state, "submitted")

    def test_photo_required(self):
        request = self._request(qty=1.0, reason=self.reason_damage, user=self.portal_a_user)
        with self.assertRefused(UserError, "photo"):
            request.with_user(self.portal_a_user).action_submit()

    def test_undelivered_order(self):
        order = self._create_order(self.dist_a, amount=100.0, qty=1.0, product=self.product_tea)
        order.action_dms_submit()
        order.action_confirm()
        with self.assertRefused(ValidationError, "at most 0"):
            self._request(qty=1.0, order=order, user=self.portal_a_user)
        draft = self._create_order(self.dist_a, amount=100.0, qty=1.0, product=self.product_tea)
        with self.assertRefused(UserError, "not a confirmed dealer order"):
            self._request(qty=1.0, order=draft)

    def test_each_step_once(self):
        request = self._submitted()
        request.with_user(self.user_region_east).action_approve()
        with self.assertRefused(UserError, "not possible now"):
            request.with_user(self.user_hq).action_approve()
        self.assertEqual(len(request.picking_ids), 1, "a second click creates no second transfer")
        request.with_user(self.user_warehouse).action_receive()
        with self.assertRaises(UserError):
            request.with_user(self.user_warehouse).action_receive()
        request.with_user(self.user_finance).action_refund()
        with self.assertRaises(UserError):
            request.with_user(self.user_finance).action_refund()
        self.assertEqual(len(request.refund_move_ids), 1)

    def test_separation_of_duties(self):
        """A region manager who drafted and submitted a request for a dealer does not approve it."""
        request = self._request(qty=1.0, user=self.user_region_east)
        request.with_user(self.user_region_east).action_submit()
        with self.assertRefused(AccessError, "someone else"):
            request.with_user(self.user_region_east).action_approve()
        request.with_user(self.user_hq).action_approve()
        self.assertEqual(request.state, "approved")

    def test_other_region_cannot_approve(self):
        request = self._submitted()
        with self.assertRaises(AccessError):
            request.with_user(self.user_region_west).action_approve()
        with self.assertRaises(AccessError):
            request.with_user(self.user_rep_a).action_approve()


@tagged("post_install", "-at_install")
class TestReceiptDiscrepancy(DmsReturnCommon):
    def test_signoff_with_discrepancy_opens_request(self):
        order = self._delivered_order(self.dist_a, qty=10.0)
        self.assertEqual(order.dms_state, "shipped")
        order.with_user(self.portal_a_user).action_dms_confirm_receipt(
            self.portal_a_user.partner_id,
            discrepancies=[
                {"sale_line_id": order.order_line.id, "qty": 2, "kind": "damage", "note": "2 cases crushed"}
            ],
        )
        self.assertEqual(order.dms_state, "signed")
        request = order.dms_return_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.reason_id, self.reason_damage)
        self.assertEqual(request.line_ids.qty, 2.0)
        self.assertEqual(request.line_ids.discrepancy, "damage")
        self.assertEqual(request.submit_uid, self.portal_a_user)
        self.assertIn("2 cases crushed", request.description)

    def test_signoff_discrepancy_beyond_delivery_signs_nothing(self):
        order = self._delivered_order(self.dist_a, qty=10.0)
        with self.assertRaises(ValidationError):
            order.with_user(self.portal_a_user).action_dms_confirm_receipt(
                self.portal_a_user.partner_id,
                discrepancies=[{"sale_line_id": order.order_line.id, "qty": 50, "kind": "shortage"}],
            )
        self.assertEqual(order.dms_state, "shipped")
        self.assertFalse(order.dms_return_request_ids)

    def test_signoff_discrepancy_on_another_order_line(self):
        order = self._delivered_order(self.dist_a, qty=10.0)
        with self.assertRaises(UserError):
            order.with_user(self.portal_a_user).action_dms_confirm_receipt(
                self.portal_a_user.partner_id,
                discrepancies=[{"sale_line_id": self.line.id, "qty": 1, "kind": "shortage"}],
            )
        self.assertEqual(order.dms_state, "shipped")
