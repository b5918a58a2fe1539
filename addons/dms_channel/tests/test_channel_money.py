# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin, assert_doctests

from ..tools import statement
from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelMoney(DmsRpcMixin, DmsChannelMixin, HttpCase):
    """Terms, credit, payments and the statement between a seller and its buyer: never the brand's books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 100.0)

    def _books(self):
        return {model: self.env[model].sudo().search_count([]) for model in ("account.move", "account.payment")}

    def _account(self):
        return self.env["dms.channel.account"]._channel_get(self.sub_a, self.retail_a)

    def _shipped_order(self, qty):
        order = self._order(self.portal_retail_a, [(self.product_tea, qty)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        return order

    def _payment(self, amount, confirm=True):
        payment = (
            self.env["dms.channel.payment"]
            .with_user(self.portal_sub_a)
            .create({"buyer_id": self.retail_a.id, "amount": amount, "method": "wechat"})
        )
        if confirm:
            payment.action_confirm()
        return payment

    def test_doctests(self):
        assert_doctests(self, statement)

    def test_balance_is_shipped_minus_payments_and_no_books(self):
        books = self._books()
        self._shipped_order(3.0)  # 300
        order = self._order(self.portal_retail_a, [(self.product_tea, 2.0)])  # accepted, not shipped: not owed
        order.with_user(self.portal_sub_a).action_accept()
        payment = self._payment(120.0)
        self._payment(50.0, confirm=False)  # a draft counts for nothing
        account = self._account()
        self.assertEqual((account.amount_shipped, account.amount_paid, account.balance), (300.0, 120.0, 180.0))
        self.assertEqual([entry["balance"] for entry in account._channel_entries()][-1], 180.0)
        self.assertEqual(self._books(), books, "nothing in account.move / account.payment")
        self.assertRecordValues(
            payment, [{"state": "confirmed", "seller_id": self.sub_a.id, "confirmed_uid": self.portal_sub_a.id}]
        )
        # the buyer reads both, the other network nothing
        self.assertTrue(account.with_user(self.portal_retail_a).has_access("read"))
        self.assertTrue(payment.with_user(self.portal_retail_a).has_access("read"))
        self.assertFalse(account.with_user(self.portal_b_admin).has_access("read"))

    def test_buyer_cannot_confirm_or_forge(self):
        draft = self._payment(80.0, confirm=False)
        for user in (self.portal_retail_a, self.portal_b_admin, self.portal_a_admin):
            with self.assertRaises(AccessError):
                draft.with_user(user).action_confirm()
        self.assertEqual(draft.state, "draft")
        self.assertRpcRefused(self.portal_retail_a, "dms.channel.payment", "action_confirm", [draft.id])
        # the buyer cannot record a payment to its seller, nor anyone set the seller or the state
        with self.assertRaises(AccessError):
            self.env["dms.channel.payment"].with_user(self.portal_retail_a).create(
                {"buyer_id": self.retail_a.id, "amount": 10.0}
            )
        with self.assertRaises(AccessError):
            self.env["dms.channel.payment"].with_user(self.portal_b_admin).create(
                {"buyer_id": self.retail_a.id, "amount": 10.0}
            )
        with self.assertRaises(AccessError):
            self.env["dms.channel.payment"].with_user(self.portal_retail_a).create(
                {"buyer_id": self.retail_a.id, "amount": 10.0, "seller_id": self.sub_a.id}
            )
        with self.assertRaises(AccessError):
            draft.with_user(self.portal_sub_a).write({"state": "confirmed"})
        with self.assertRaises(UserError):
            self.env["dms.channel.payment"].with_user(self.portal_sub_a).create(
                {"buyer_id": self.retail_a.id, "amount": -5.0}
            )
        draft.with_user(self.portal_sub_a).action_confirm()
        with self.assertRaises(UserError):
            draft.with_user(self.portal_sub_a).write({"amount": 1.0})
        copy = draft.with_user(self.portal_sub_a).copy()
        self.assertRecordValues(copy, [{"state": "draft", "confirmed_uid": False, "seller_id": self.sub_a.id}])

    def test_terms_and_credit_limit_on_acceptance(self):
        account = self._account()
        with self.assertRaises(AccessError):
            account.with_user(self.portal_retail_a).write({"credit_limit": 1e9})
        with self.assertRaises(AccessError):
            account.with_user(self.portal_sub_a).write({"buyer_id": self.sub_b.id})
        account.with_user(self.portal_sub_a).write({"credit_limit": 500.0, "payment_term_days": 30})
        self._shipped_order(3.0)  # owes 300
        small = self._order(self.portal_retail_a, [(self.product_tea, 2.0)])  # 300 + 200 = 500: the limit exactly
        big = self._order(self.portal_retail_a, [(self.product_tea, 1.0)])
        small.with_user(self.portal_sub_a).action_accept()
        with self.assertRaisesRegex(UserError, "credit limit"):
            big.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(big.state, "submitted")
        self._payment(100.0)
        big.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(big.state, "accepted")

    def test_portal_statement_and_xlsx(self):
        self._shipped_order(1.0)
        self._payment(40.0)
        account = self._account()
        for user in (self.portal_sub_a, self.portal_retail_a):
            self.authenticate(user.login, user.login)
            page = self.url_open(f"/my/channel/account/{account.id}")
            self.assertEqual(page.status_code, 200)
            self.assertIn("o_dms_channel_balance", page.text)
            self.assertEqual("o_dms_channel_payment_form" in page.text, user == self.portal_sub_a)
            book = openpyxl.load_workbook(io.BytesIO(self.url_open(f"/my/channel/account/{account.id}/xlsx").content))
            cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
            self.assertTrue(all(cell.data_type == "s" for cell in cells), "text only, never formulas")
            self.assertIn("60.00", [cell.value for cell in cells])
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/channel/account/{account.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/channel/account/{account.id}/xlsx").status_code, 404)
        # a formula-like note cannot become a formula; the buyer posting a payment is refused
        self.authenticate(self.portal_retail_a.login, self.portal_retail_a.login)
        response = self.url_open(
            f"/my/channel/account/{account.id}/payment",
            data={"csrf_token": http.Request.csrf_token(self), "amount": "10", "confirm": "1"},
            allow_redirects=False,
        )
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self.env["dms.channel.payment"].sudo().search_count([]), 1)
