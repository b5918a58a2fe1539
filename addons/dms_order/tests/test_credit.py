# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestCredit(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dist_a.credit_limit = 1000.0

    def test_within_limit_confirms(self):
        order = self._create_order(self.dist_a, 1000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dms_state, "confirmed")
        self.assertEqual(self.dist_a._dms_credit_info()["exposure"], 1000.0)

    def test_over_limit_goes_to_hold_queue(self):
        order = self._create_order(self.dist_a, 1000.01)
        self.assertTrue(order.action_confirm())  # does not fail
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.dms_state, "credit_hold")
        self.assertIn("credit limit", order.dms_credit_hold_reason)
        # region manager of the dealer's territory and finance are asked
        activity_users = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("dms_order.mail_activity_dms_credit_hold")
        ).user_id
        self.assertIn(self.user_region_east, activity_users)
        self.assertIn(self.user_finance, activity_users)
        self.assertNotIn(self.user_region_west, activity_users)
        hold_message = order.message_ids.filtered(lambda m: "credit hold" in (m.body or ""))[:1]
        self.assertIn(self.user_region_east.partner_id, hold_message.partner_ids)
        self.assertIn(self.user_finance.partner_id, hold_message.partner_ids)
        self.assertIn(order, self.env["sale.order"].search([("dms_state", "=", "credit_hold")]))
        info = self.dist_a._dms_credit_info()
        self.assertEqual(info["held_count"], 1)
        self.assertEqual(info["exposure"], 0.0)
        self.assertEqual(info["available"], 1000.0)
        self.assertFalse(info["overdue_blocked"])
        self.assertEqual(info["currency_id"], self.company.currency_id)

    def test_exposure_counts_receivables_drafts_and_uninvoiced_orders(self):
        self._posted_invoice(self.dist_a, 300.0)
        self._posted_invoice(self.dist_a, 200.0, post=False)
        confirmed = self._create_order(self.dist_a, 100.0)
        confirmed.action_confirm()
        # half-invoiced order counts only its uninvoiced part
        half = self._create_order(self.dist_a, 200.0, qty=2.0)
        half.action_confirm()
        invoice = half._create_invoices()
        invoice.invoice_line_ids.quantity = 1.0
        invoice.action_post()
        info = self.dist_a._dms_credit_info()
        # 300 posted + 200 draft + 100 uninvoiced + (100 posted + 100 uninvoiced)
        self.assertAlmostEqual(info["exposure"], 800.0)
        self.assertAlmostEqual(info["available"], 200.0)
        # a payment lowers the exposure
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 100.0}
        )._create_payments()
        self.assertAlmostEqual(self.dist_a._dms_credit_info()["exposure"], 700.0)
        # the next order must fit in what is left
        self.assertEqual(self._confirm(self._create_order(self.dist_a, 300.01)), "credit_hold")
        self.assertEqual(self._confirm(self._create_order(self.dist_a, 300.0)), "confirmed")

    def _confirm(self, order):
        order.action_confirm()
        return order.dms_state

    def test_two_orders_in_one_confirmation_cannot_both_pass(self):
        first = self._create_order(self.dist_a, 600.0)
        second = self._create_order(self.dist_a, 600.0)
        (first | second).action_confirm()
        self.assertEqual(first.dms_state, "confirmed")
        self.assertEqual(second.dms_state, "credit_hold")

    def test_foreign_currency_order_counts_in_company_currency(self):
        other = self.setup_other_currency("EUR", rates=[("1900-01-01", 2.0)])
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": other.id})
        # 1800 EUR = 900 in company currency: fits under 1000
        order = self._create_order(self.dist_a, 1800.0, pricelist_id=pricelist.id)
        self.assertEqual(order.currency_id, other)
        order.action_confirm()
        self.assertEqual(order.dms_state, "confirmed")
        self.assertAlmostEqual(self.dist_a._dms_credit_info()["exposure"], 900.0)
        # 202 EUR more = 101: over the limit
        second = self._create_order(self.dist_a, 202.0, pricelist_id=pricelist.id)
        second.action_confirm()
        self.assertEqual(second.dms_state, "credit_hold")

    def test_no_limit_means_no_check(self):
        self.dist_b.credit_limit = 0.0
        order = self._create_order(self.dist_b, 1e7)
        order.action_confirm()
        self.assertEqual(order.dms_state, "confirmed")

    def test_non_dealer_customer_not_checked(self):
        customer = self.env["res.partner"].create({"name": "Walk-in", "credit_limit": 1.0})
        order = self._create_order(customer, 500.0, user=self.env.user)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_group_limit(self):
        group = self.env["dms.dealer.related.group"].create(
            {"name": "Same owner", "credit_limit": 1000.0, "partner_ids": [(6, 0, (self.dist_a | self.dist_b).ids)]}
        )
        self.dist_a.credit_limit = 0.0
        order_b = self._create_order(self.dist_b, 700.0)
        order_b.action_confirm()
        self.assertEqual(order_b.dms_state, "confirmed")
        order_a = self._create_order(self.dist_a, 400.0)
        order_a.action_confirm()
        self.assertEqual(order_a.dms_state, "credit_hold")
        self.assertIn("related group", order_a.dms_credit_hold_reason)
        group.credit_limit = 1100.0
        order_a.action_dms_retry_credit()
        self.assertEqual(order_a.dms_state, "confirmed")

    def test_overdue_blocks_on_its_own(self):
        self.dist_b.credit_limit = 0.0
        self._posted_invoice(self.dist_b, 10.0, due_date=fields.Date.today() - timedelta(days=40))
        order = self._create_order(self.dist_b, 1.0)
        order.action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        self.assertIn("overdue", order.dms_credit_hold_reason)
        self.assertTrue(self.dist_b._dms_credit_info()["overdue_blocked"])
        # within the grace period the same invoice does not block
        self.company.dms_credit_grace_days = 45
        self.assertFalse(self.dist_b._dms_credit_info()["overdue_blocked"])
        order.action_dms_retry_credit()
        self.assertEqual(order.dms_state, "confirmed")

    def test_release_once_by_finance_with_reason(self):
        order = self._create_order(self.dist_a, 5000.0)
        order.action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        # reps and regional managers cannot release; nothing changes
        for user in (self.user_rep_a, self.user_region_east):
            with self.assertRaises(AccessError):
                order.with_user(user).action_dms_credit_release("please")
        self.assertEqual(order.dms_state, "credit_hold")
        with self.assertRaises(UserError):
            order.with_user(self.user_finance).action_dms_credit_release("  ")
        self.assertEqual(order.dms_state, "credit_hold")
        order.with_user(self.user_finance).action_dms_credit_release("Paid by bank transfer, proof attached")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dms_state, "confirmed")
        self.assertEqual(order.dms_credit_release_uid, self.user_finance)
        self.assertEqual(order.dms_credit_release_reason, "Paid by bank transfer, proof attached")
        self.assertFalse(
            order.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("dms_order.mail_activity_dms_credit_hold")
            )
        )
        self.assertTrue(order.message_ids.filtered(lambda m: "Released from credit hold" in (m.body or "")))
        # a second release is a clear error, nothing changes
        with self.assertRaisesRegex(UserError, "not on credit hold"):
            order.with_user(self.user_finance).action_dms_credit_release("again")
        self.assertEqual(order.dms_credit_release_reason, "Paid by bank transfer, proof attached")

    def test_release_of_non_held_order_is_refused(self):
        order = self._create_order(self.dist_a, 10.0)
        with self.assertRaisesRegex(UserError, "not on credit hold"):
            order.with_user(self.user_finance).action_dms_credit_release("why not")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dms_credit_release_uid)

    def test_temporary_increase_with_expiry(self):
        order = self._create_order(self.dist_a, 1400.0)
        order.action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        today = fields.Date.today()
        Increase = self.env["dms.credit.increase"]
        # an expired increase does not count
        Increase.with_user(self.user_finance).create(
            {
                "partner_id": self.dist_a.id,
                "amount": 500.0,
                "date_start": today - timedelta(days=10),
                "date_end": today - timedelta(days=1),
                "reason": "Old campaign",
            }
        )
        self.assertEqual(order.dms_state, "credit_hold")
        self.assertEqual(self.dist_a._dms_credit_info()["limit"], 1000.0)
        # only finance grants increases
        with self.assertRaises(AccessError):
            Increase.with_user(self.user_region_east).create(
                {"partner_id": self.dist_a.id, "amount": 500.0, "date_end": today, "reason": "x"}
            )
        # a valid one re-runs the check of held orders
        increase = Increase.with_user(self.user_finance).create(
            {
                "partner_id": self.dist_a.id,
                "amount": 400.0,
                "date_end": today + timedelta(days=7),
                "reason": "Peak season",
            }
        )
        self.assertEqual(self.dist_a._dms_credit_info()["limit"], 1400.0)
        self.assertEqual(order.dms_state, "confirmed")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Increase.with_user(self.user_finance).create(
                {"partner_id": self.dist_a.id, "amount": -5.0, "date_end": today, "reason": "bad"}
            )
        # once expired the dealer is back to its own limit
        increase.with_user(self.user_finance).write(
            {"date_start": today - timedelta(days=8), "date_end": today - timedelta(days=1)}
        )
        self.assertEqual(self.dist_a._dms_credit_info()["limit"], 1000.0)
        later = self._create_order(self.dist_a, 1.0)
        later.action_confirm()
        self.assertEqual(later.dms_state, "credit_hold")

    def test_negative_limit_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.dist_a.credit_limit = -1.0
            self.dist_a.flush_recordset()
        self.dist_a.invalidate_recordset()
        self.assertEqual(self.dist_a.credit_limit, 1000.0)

    def test_edit_of_held_order_leaves_queue(self):
        order = self._create_order(self.dist_a, 1500.0)
        order.action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        order.order_line.product_uom_qty = 0.5
        self.assertEqual(order.dms_state, "draft")
        order.action_confirm()
        self.assertEqual(order.dms_state, "confirmed")

    def test_credit_check_query_count_is_constant(self):
        """The check costs the same with 1 or 30 prior orders and invoices."""
        dealer_small = self._dms_create_dealer("Small history", territory_id=self.terr_east.id, credit_limit=1e9)
        dealer_big = self._dms_create_dealer("Big history", territory_id=self.terr_east.id, credit_limit=1e9)
        for dealer, count in ((dealer_small, 1), (dealer_big, 30)):
            orders = self.env["sale.order"].create(
                [
                    {
                        "partner_id": dealer.id,
                        "order_line": [(0, 0, {"product_id": self.product_service.id, "price_unit": 10.0})],
                    }
                    for _i in range(count)
                ]
            )
            orders.action_confirm()
            orders[: max(count // 2, 1)]._create_invoices().action_post()
            for _i in range(count):
                self._posted_invoice(dealer, 5.0, post=False)
        # first pass warms the registry caches, the second one is measured
        for measured in (False, True):
            counts = []
            for dealer in (dealer_small, dealer_big):
                order = self._create_order(dealer, 10.0, user=self.user_rep_a)
                self.env.flush_all()
                self.env.invalidate_all()
                if not measured:
                    order._dms_credit_split()
                    continue
                with self.assertQueryCount(12):
                    before = self.cr.sql_log_count
                    passed, held = order._dms_credit_split()
                    counts.append(self.cr.sql_log_count - before)
                self.assertEqual(passed, order)
                self.assertFalse(held)
        self.assertEqual(counts[0], counts[1])
