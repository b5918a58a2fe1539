# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import DmsPaymentMixin


@tagged("post_install", "-at_install")
class TestPrepayment(DmsPaymentMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_payment()

    # ------------------------------------------------------------------ top-ups
    def test_confirm_posts_one_payment_to_the_advance_account(self):
        topup = self._declare(1000.0)
        self.assertEqual(topup.state, "submitted")
        self.assertEqual(topup.declared_uid, self.portal_a_user)
        topup.with_user(self.user_finance).action_confirm()
        self.assertEqual(topup.state, "confirmed")
        payment = topup.payment_id
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(payment.partner_id, self.dist_a)
        advance = payment.move_id.line_ids.filtered(lambda line: line.account_id == self.advance_account)
        self.assertRecordValues(advance, [{"credit": 1000.0, "debit": 0.0, "partner_id": self.dist_a.id}])
        self.assertEqual(payment.move_id.state, "posted")
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(self.dist_a._dms_prepayment_booked(), 1000.0)
        self.assertEqual(len(topup.line_ids), 1)
        # a second click: refused, nothing more booked
        with self.assertRaises(UserError):
            topup.with_user(self.user_finance2).action_confirm()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(self.env["account.payment"].search_count([("partner_id", "=", self.dist_a.id)]), 1)

    def test_declarer_never_confirms(self):
        """Separation of duties: finance declaring a transfer for the dealer cannot confirm it."""
        topup = (
            self.env["dms.prepayment.topup"]
            .with_user(self.user_finance)
            .create({"partner_id": self.dist_a.id, "amount": 50.0, "proof": base64.b64encode(b"%PDF-1.4 slip")})
        )
        topup.action_submit()
        with self.assertRaises(AccessError):
            topup.action_confirm()
        topup.with_user(self.user_finance2).action_confirm()
        self.assertEqual(topup.state, "confirmed")

    def test_dealer_cannot_confirm_write_or_copy_its_way_to_money(self):
        topup = self._declare(500.0)
        as_dealer = topup.with_user(self.portal_a_user)
        with self.assertRaises(AccessError):
            as_dealer.action_confirm()
        with self.assertRaises(AccessError):
            as_dealer.write({"state": "confirmed"})
        with self.assertRaises(AccessError):
            as_dealer.with_context(dms_workflow="dms_workflow_engine").write({"state": "confirmed"})
        with self.assertRaises(UserError):
            as_dealer.write({"amount": 5000.0})  # frozen once declared
        copy = as_dealer.copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.proof)
        with self.assertRaises(AccessError):
            self.env["dms.prepayment.topup"].with_user(self.portal_a_user).create(
                {"partner_id": self.dist_a.id, "amount": 5.0, "state": "confirmed"}
            )
        with self.assertRaises(AccessError):
            self.env["dms.prepayment.topup"].with_user(self.portal_a_user).create(
                {"partner_id": self.dist_b.id, "amount": 5.0}
            )
        # the ledger is not writable by anyone
        with self.assertRaises(AccessError):
            self.env["dms.prepayment.line"].with_user(self.portal_a_user).create(
                {"partner_id": self.dist_a.id, "company_id": self.company.id, "line_type": "topup", "amount": 9e6}
            )
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 0.0)

    def test_reject_needs_a_reason_and_credits_nothing(self):
        topup = self._declare(300.0)
        with self.assertRaises(UserError):
            topup.with_user(self.user_finance).action_reject()
        topup.with_user(self.user_finance).action_reject(reason="No such transfer on the statement")
        self.assertEqual(topup.state, "rejected")
        self.assertEqual(topup.reject_reason, "No such transfer on the statement")
        self.assertFalse(topup.payment_id)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 0.0)

    def test_proof_is_required_and_checked(self):
        Topup = self.env["dms.prepayment.topup"].with_user(self.portal_a_user)
        topup = Topup.create({"partner_id": self.dist_a.id, "amount": 10.0})
        with self.assertRaises(UserError):
            topup.action_submit()
        with self.assertRaises(ValidationError):
            topup.write({"proof": base64.b64encode(b"<svg onload=alert(1)>")})
        with self.assertRaises(ValidationError):
            topup.write({"proof": base64.b64encode(b"%PDF-" + b"x" * (5 * 1024 * 1024))})

    # ------------------------------------------------------------------ orders
    def test_order_paid_from_balance_then_reconciled_with_its_invoice(self):
        self._topped_up(1000.0)
        order = self._order()
        as_dealer = order.with_user(self.portal_a_user)
        with self.assertRaises(UserError):
            as_dealer.action_dms_pay_prepayment(amount=700.0)  # more than the order owes
        as_dealer.action_dms_pay_prepayment(amount=600.0)
        self.assertEqual(order.dms_prepaid_amount, 600.0)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 400.0)
        # prepaid: no credit is used by it
        order.action_dms_submit()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dms_credit_amount, 0.0)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.dms_prepaid_applied, 600.0)
        entry = order.dms_prepayment_move_ids
        self.assertRecordValues(
            entry.line_ids.sorted("debit"),
            [
                {"account_id": invoice.line_ids.filtered("reconciled").account_id.id, "debit": 0.0, "credit": 600.0},
                {"account_id": self.advance_account.id, "debit": 600.0, "credit": 0.0},
            ],
        )
        # books and ledger agree: the advance account holds exactly the balance left
        self.assertEqual(self.dist_a._dms_prepayment_booked(), 400.0)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 400.0)

    def test_credit_note_gives_the_prepayment_back(self):
        self._topped_up(1000.0)
        order = self._order()
        order.with_user(self.portal_a_user).action_dms_pay_prepayment(amount=600.0)
        order.action_dms_submit()
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 400.0)
        refund = invoice._reverse_moves()
        refund.action_post()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(self.dist_a._dms_prepayment_booked(), 1000.0, "books and ledger agree")
        self.assertIn(refund.payment_state, ("paid", "in_payment", "reversed"))
        self.assertEqual(order.dms_prepaid_amount, 0.0)
        self.assertEqual(order.dms_prepaid_applied, 0.0)
        # reset to draft and posted again (a double post): nothing more is given back
        refund.button_draft()
        refund.action_post()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(self.dist_a._dms_prepayment_booked(), 1000.0)
        self.assertIn(refund.payment_state, ("paid", "in_payment", "reversed"))
        self.assertEqual(len(order.dms_prepayment_move_ids), 2, "one application, one give-back")

    def test_credit_note_cancels_what_is_owed_first(self):
        self._topped_up(1000.0)
        order = self._order()
        order.with_user(self.portal_a_user).action_dms_pay_prepayment(amount=200.0)
        order.action_dms_submit()
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.amount_residual, 400.0)
        # a partial credit note only reduces what the dealer still owes
        partial = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        partial.invoice_line_ids.price_unit = 300.0
        partial.action_post()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 800.0)
        # Odoo reconciles a credit note with its invoice when posting it: what is owed goes first
        self.assertEqual(invoice.amount_residual, 100.0)
        # the rest is refunded: beyond the 100 still owed, the prepaid 200 goes back to the balance
        rest = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        rest.invoice_line_ids.price_unit = 300.0
        rest.action_post()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(self.dist_a._dms_prepayment_booked(), 1000.0)
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self.assertTrue(invoice.currency_id.is_zero(rest.amount_residual))
        self.assertEqual(order.dms_prepaid_amount, 0.0)

    def test_pay_from_balance_query_budget(self):
        self._topped_up(1000.0)
        orders = self._order() | self._order()
        orders[0].with_user(self.portal_a_user).action_dms_pay_prepayment(amount=10.0)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(30):  # 24 measured
            orders[1].with_user(self.portal_a_user).action_dms_pay_prepayment(amount=100.0)

    def test_cannot_pay_beyond_the_balance(self):
        self._topped_up(100.0)
        order = self._order()
        with self.assertRaisesRegex(UserError, "prepayment balance"):
            order.with_user(self.portal_a_user).action_dms_pay_prepayment(amount=101.0)
        with self.assertRaises(UserError):
            order.with_user(self.portal_a_user).action_dms_pay_prepayment(amount=-5.0)
        # without an amount: what the balance covers
        order.with_user(self.portal_a_user).action_dms_pay_prepayment()
        self.assertEqual(order.dms_prepaid_amount, 100.0)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 0.0)
        with self.assertRaises(UserError):
            order.with_user(self.portal_a_user).action_dms_pay_prepayment(amount=1.0)

    def test_cancel_gives_back_what_was_not_invoiced(self):
        self._topped_up(1000.0)
        order = self._order()
        order.with_user(self.portal_a_user).action_dms_pay_prepayment(amount=600.0)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(order.dms_prepaid_amount, 0.0)
        self.assertEqual(sorted(order.dms_prepayment_line_ids.mapped("line_type")), ["order", "release"])

    def test_only_the_orders_own_dealer_pays(self):
        self._topped_up(1000.0)
        self._topped_up(1000.0, dealer=self.dist_b)
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.portal_b_admin).action_dms_pay_prepayment(amount=10.0)
        sub_order = self._order(dealer=self.sub_a)
        # dist_a's administrator reads its sub-dealer's order but never pays it from its own balance
        with self.assertRaises(AccessError):
            sub_order.with_user(self.portal_a_admin).action_dms_pay_prepayment(amount=10.0)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 1000.0)
        self.assertEqual(self.dist_b._dms_prepayment_balance(), 1000.0)

    def test_record_rules(self):
        mine = self._topped_up(100.0)
        theirs = self._topped_up(100.0, dealer=self.dist_b)
        Topup = self.env["dms.prepayment.topup"]
        self.assertEqual(Topup.with_user(self.portal_a_user).search([]), mine)
        self.assertEqual(Topup.with_user(self.portal_a_admin).search([]), mine, "no downstream, no other dealer")
        self.assertEqual(Topup.with_user(self.user_region_east).search([]), mine)
        self.assertEqual(Topup.with_user(self.user_region_west).search([]), theirs)
        self.assertEqual(
            Topup.with_user(self.user_finance).search([("partner_id", "in", (self.dist_a | self.dist_b).ids)]),
            mine | theirs,
        )
        Line = self.env["dms.prepayment.line"]
        self.assertEqual(Line.with_user(self.portal_b_admin).search([]).partner_id, self.dist_b)
