# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payments allocated to orders, due dates, overdue reminders, the PDF statement and the payment proof."""

import base64
import threading
from datetime import timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsChannelMixin
from .test_channel_return import PNG


@tagged("post_install", "-at_install")
class TestChannelMoneyDue(DmsRpcMixin, DmsChannelMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 100.0)

    def _account(self):
        return self.env["dms.channel.account"]._channel_get(self.sub_a, self.retail_a)

    def _shipped_order(self, qty):
        order = self._order(self.portal_retail_a, [(self.product_tea, qty)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        return order

    def _payment(self, amount, order=None, proof=False):
        vals = {"buyer_id": self.retail_a.id, "amount": amount, "method": "bank", "proof": proof}
        if order:
            vals["order_id"] = order.id
        payment = self.env["dms.channel.payment"].with_user(self.portal_sub_a).create(vals)
        payment.action_confirm()
        return payment

    def test_payments_allocated_to_orders_and_due_dates(self):
        account = self._account()
        account.with_user(self.portal_sub_a).payment_term_days = 30
        first = self._shipped_order(3.0)  # 300
        second = self._shipped_order(2.0)  # 200
        self._payment(250.0, order=second)  # pays the second in full, 50 left for the oldest due
        self._payment(100.0)
        rows, unallocated = account._channel_order_lines()
        by_order = {row["order"]: row for row in rows}
        self.assertEqual(unallocated, 0.0)
        self.assertEqual((by_order[second]["paid"], by_order[second]["open"]), (200.0, 0.0))
        self.assertEqual((by_order[first]["paid"], by_order[first]["open"]), (150.0, 150.0))
        today = fields.Date.today()
        self.assertEqual(by_order[first]["due"], today + timedelta(days=30))
        self.assertFalse(by_order[first]["overdue"])
        later = today + timedelta(days=31)
        rows, _unallocated = account._channel_order_lines(later)
        self.assertEqual([row["order"] for row in rows if row["overdue"]], [first])
        # a payment for another buyer's order, or from the buyer, is refused
        other = self._order(self.portal_sub_a, [(self.product_tea, 1.0)])
        with self.assertRaises(AccessError):
            self._payment(10.0, order=other)
        with self.assertRaises(AccessError):
            self.env["dms.channel.payment"].with_user(self.portal_retail_a).create(
                {"buyer_id": self.retail_a.id, "amount": 10.0, "order_id": first.id}
            )
        # a confirmed payment's order cannot be changed
        payment = self._payment(1.0, order=first)
        with self.assertRaises(UserError):
            payment.with_user(self.portal_sub_a).write({"order_id": second.id})
        # the client cannot silence reminders
        with self.assertRaises(AccessError):
            account.with_user(self.portal_sub_a).write({"reminder_date": later})

    def test_overdue_reminder_once_a_day(self):
        account = self._account()
        order = self._shipped_order(1.0)
        Account = self.env["dms.channel.account"]
        today = fields.Date.today()
        self.assertFalse(Account._cron_remind_overdue(today - timedelta(days=1)))  # not due yet
        tomorrow = today + timedelta(days=1)
        messages = account.message_ids
        sent = Account._cron_remind_overdue(tomorrow)
        self.assertIn(account, sent)
        reminder = account.message_ids - messages
        self.assertEqual(len(reminder), 1)
        self.assertIn(order.name, reminder.body)
        self.assertIn(self.portal_retail_a.partner_id, reminder.partner_ids)
        self.assertIn(self.portal_sub_a.partner_id, reminder.partner_ids)
        # twice the same day: nothing more; the next day: one more
        self.assertFalse(Account._cron_remind_overdue(tomorrow))
        self.assertEqual(len(account.message_ids - messages), 1)
        Account._cron_remind_overdue(tomorrow + timedelta(days=1))
        self.assertEqual(len(account.message_ids - messages), 2)
        # paid in full: no more reminders
        self._payment(100.0)
        self.assertFalse(Account._cron_remind_overdue(tomorrow + timedelta(days=2)))

    def test_pdf_statement_and_proof_for_both_sides(self):
        order = self._shipped_order(1.0)
        payment = self._payment(40.0, proof=PNG)
        account = self._account()
        for user in (self.portal_sub_a, self.portal_retail_a):
            self.authenticate(user.login, user.login)
            pdf = self.url_open(f"/my/channel/account/{account.id}/pdf")
            self.assertEqual(pdf.status_code, 200)
            # in test mode Odoo renders the report's HTML instead of calling wkhtmltopdf
            self.assertIn("o_dms_seal_seller", pdf.text)
            self.assertIn("o_dms_seal_buyer", pdf.text)
            self.assertIn(order.name, pdf.text)
            page = self.url_open(f"/my/channel/account/{account.id}").text
            self.assertIn(f"/web/image/dms.channel.payment/{payment.id}/proof", page)
            self.assertIn("o_dms_channel_order_due", page)
            image = self.url_open(f"/web/image/dms.channel.payment/{payment.id}/proof")
            self.assertEqual(image.content, base64.b64decode(PNG))
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/channel/account/{account.id}/pdf").status_code, 404)
        other = self.url_open(f"/web/image/dms.channel.payment/{payment.id}/proof")
        self.assertNotEqual(other.content, base64.b64decode(PNG))
        # a payment recorded in the portal for one order, with its proof
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        response = self.url_open(
            f"/my/channel/account/{account.id}/payment",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "amount": "60",
                "confirm": "1",
                "order_id": str(order.id),
            },
            files={"proof": ("proof.png", base64.b64decode(PNG), "image/png")},
            allow_redirects=False,
        )
        self.assertNotIn("error=", response.headers["Location"])
        self.env.invalidate_all()
        paid = self.env["dms.channel.payment"].search([("order_id", "=", order.id)])
        self.assertTrue(paid.proof)
        self.assertEqual(account._channel_order_lines()[0][0]["open"], 0.0)


@tagged("post_install", "-at_install")
class TestChannelReminderRace(TransactionCase):
    """Two reminder jobs at once on two cursors: one reminder."""

    def setUp(self):
        super().setUp()
        self.context = dict(DISABLED_MAIL_CONTEXT)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            seller = env["res.partner"].create(
                {"name": "Remind Seller", "is_company": True, "is_dealer": True, "dealer_state": "active"}
            )
            buyer = env["res.partner"].create(
                {
                    "name": "Remind Buyer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_state": "active",
                    "dealer_parent_id": seller.id,
                }
            )
            product = env["product.product"].create(
                {"name": "Remind Tea", "type": "consu", "list_price": 10.0, "taxes_id": [Command.clear()]}
            )
            self.ids_ = {"partners": [seller.id, buyer.id], "product": product.id}
            self.addCleanup(self._cleanup)
            env["dms.channel.stock.move"]._post(
                [{"dealer_id": seller.id, "product_id": product.id, "qty": 5.0, "kind": "sell_in"}]
            )
            order = env["dms.channel.order"].create(
                {"buyer_id": buyer.id, "line_ids": [Command.create({"product_id": product.id, "product_qty": 1.0})]}
            )
            self.ids_["order"] = order.id
            order.action_submit()
            order.action_accept()
            order.action_ship()
            self.account_id = env["dms.channel.account"]._channel_get(seller, buyer).id
            cr.commit()

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            for table in ("dms_channel_stock_move", "dms_channel_stock"):
                cr.execute(f"DELETE FROM {table} WHERE product_id = %s", [self.ids_["product"]])  # noqa: S608
            if "order" in self.ids_:
                cr.execute("DELETE FROM dms_channel_shipment WHERE order_id = %s", [self.ids_["order"]])
                cr.execute("DELETE FROM dms_channel_order WHERE id = %s", [self.ids_["order"]])
            cr.execute("DELETE FROM dms_channel_account WHERE seller_id = %s", [self.ids_["partners"][0]])
            env["product.product"].browse(self.ids_["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids_["partners"]).unlink()
            cr.commit()

    def test_two_reminder_jobs_at_once_remind_once(self):
        day = fields.Date.today() + timedelta(days=1)
        barrier = threading.Barrier(2)
        results = []
        envs = [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, self.context) for _i in range(2)]
        for env in envs:
            self.addCleanup(env.cr.close)

        def run(env):
            try:
                env.cr.execute("SET LOCAL lock_timeout = '20s'")
                env.cr.execute("SELECT 1")
                barrier.wait(timeout=20)
                account = env["dms.channel.account"].browse(self.account_id)
                rows, _unallocated = account._channel_order_lines(day)
                sent = account._channel_claim_reminder(day) and account._channel_send_reminder(rows)
                env.cr.commit()
                results.append("sent" if sent else "skipped")
            except psycopg2.errors.SerializationFailure:
                env.cr.rollback()
                results.append("serialization_failure")

        threads = [threading.Thread(target=run, args=(env,), daemon=True) for env in envs]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        self.assertEqual(results.count("sent"), 1, results)
        self.assertIn(next(r for r in results if r != "sent"), ("serialization_failure", "skipped"), results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            messages = env["mail.message"].search(
                [
                    ("model", "=", "dms.channel.account"),
                    ("res_id", "=", self.account_id),
                    ("message_type", "=", "comment"),
                ]
            )
            self.assertEqual(len(messages), 1)
            messages.unlink()
            cr.commit()
