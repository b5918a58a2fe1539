# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The channel statement is dms_portal's statement issued by a seller to its buyer: the buyer's users
confirm (signature, kept original) or dispute it, logged in; the seller's users resolve."""

import json

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsChannelMixin
from .test_channel_return import PNG


@tagged("post_install", "-at_install")
class TestChannelStatement(DmsRpcMixin, DmsChannelMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 100.0)
        cls.month = fields.Date.today().strftime("%Y-%m")

    def setUp(self):
        super().setUp()
        order = self._order(self.portal_retail_a, [(self.product_tea, 3.0)])  # 300
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        payment = (
            self.env["dms.channel.payment"]
            .with_user(self.portal_sub_a)
            .create({"buyer_id": self.retail_a.id, "amount": 100.0, "method": "bank"})
        )
        payment.action_confirm()
        self.account = self.env["dms.channel.account"]._channel_get(self.sub_a, self.retail_a)

    def _issue(self, user=None):
        return self.account.with_user(user or self.portal_sub_a).action_dms_channel_issue_statement(month=self.month)

    def _json(self, url, params):
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        return self.url_open(url, data=payload, headers={"Content-Type": "application/json"}).json()

    def _login(self, user):
        self.authenticate(user.login if user else None, user.login if user else None)

    def test_seller_issues_the_statement_of_the_channel_books(self):
        statement = self._issue().sudo()
        self.assertRecordValues(
            statement,
            [
                {
                    "state": "sent",
                    "partner_id": self.retail_a.id,
                    "dms_issuer_id": self.sub_a.id,
                    "dms_channel_account_id": self.account.id,
                    "opening_balance": 0.0,
                    "total_invoice": 300.0,
                    "total_payment": -100.0,
                    "closing_balance": 200.0,
                }
            ],
        )
        self.assertEqual(statement.closing_balance, self.account.balance)
        self.assertEqual(statement.line_ids.mapped("kind"), ["opening", "invoice", "payment", "closing"])
        # issued twice (double click): the same statement, rebuilt
        self.assertEqual(self._issue().sudo(), statement)
        # the buyer, another network, finance cannot issue it
        for user in (self.portal_retail_a, self.portal_b_admin, self.user_finance):
            with self.assertRaises(AccessError):
                self._issue(user)
        # the brand's statement of the buyer for the same period is another statement
        Statement = self.env["dms.dealer.statement"]
        start, end = Statement._dms_parse_period(month=self.month)
        brand = Statement._generate(self.retail_a, start, end)
        self.assertTrue(brand)
        self.assertFalse(brand.dms_channel_account_id)
        self.assertNotEqual(brand, statement)
        # both parties read it (listed on the account page), another network does not
        self.assertTrue(statement.with_user(self.portal_sub_a).has_access("read"))
        self.assertTrue(statement.with_user(self.portal_retail_a).has_access("read"))
        self.assertFalse(statement.with_user(self.portal_b_admin).has_access("read"))
        # nobody points a statement at a channel account, nor writes its state (ORM, JSON-RPC, forged context)
        with self.assertRaises(AccessError):
            Statement.with_user(self.portal_retail_a).create(
                {
                    "partner_id": self.retail_a.id,
                    "date_from": "2020-01-01",
                    "date_to": "2020-01-31",
                    "dms_channel_account_id": self.account.id,
                }
            )
        with self.assertRaises(AccessError):
            statement.with_user(self.portal_retail_a).copy()
        self.assertRpcRefused(
            self.portal_retail_a,
            "dms.dealer.statement",
            "write",
            statement.ids,
            {"state": "confirmed"},
            context={"dms_workflow": "dms_workflow_engine"},
        )
        self.assertRpcRefused(
            self.portal_sub_a,
            "dms.dealer.statement",
            "write",
            statement.ids,
            {"closing_balance": 0},
            exception=("AccessError", "UserError"),
        )
        self._login(self.portal_sub_a)
        page = self.url_open(f"/my/channel/account/{self.account.id}")
        self.assertIn("o_dms_channel_statement", page.text)

    def test_seller_plain_user_lists_the_statements_it_issued(self):
        """A seller's user who cannot read the buyer's contact still lists the statement (no access error)."""
        statement = self._issue().sudo()
        clerk = self._dms_portal_user("dms_portal_sub_a_clerk", self.sub_a)
        with self.assertRaises(AccessError):
            self.retail_a.with_user(clerk).check_access("read")
        self._login(clerk)
        page = self.url_open("/my/dms/statements")
        self.assertEqual(page.status_code, 200)
        self.assertIn(statement.name, page.text)

    def test_only_the_buyer_logged_in_confirms_and_the_original_is_kept(self):
        statement = self._issue().sudo()
        url = f"/my/dms/statements/{statement.id}/sign"
        # the seller, an upstream administrator, finance: refused
        for user in (self.portal_sub_a, self.portal_a_admin, self.user_finance):
            self.assertRpcRefused(
                user, "dms.dealer.statement", "action_dms_confirm", statement.ids, name="X", signature=PNG
            )
        self._login(self.portal_sub_a)
        self.assertIn("error", self._json(url, {"name": "Seller", "signature": PNG})["result"])
        # the token alone (a forwarded link, a replay without session) never signs
        self._login(None)
        result = self._json(url, {"access_token": statement.access_token, "name": "Replay", "signature": PNG})
        self.assertIn("error", result["result"])
        self.env.invalidate_all()
        self.assertEqual(statement.state, "sent")
        # the buyer's own user, logged in, signs; a second click changes nothing
        self._login(self.portal_retail_a)
        result = self._json(url, {"name": "Buyer Boss", "signature": PNG})
        self.assertIn("redirect_url", result["result"])
        self.env.invalidate_all()
        self.assertRecordValues(
            statement, [{"state": "confirmed", "signed_by": "Buyer Boss", "confirmed_by_id": self.portal_retail_a.id}]
        )
        self.assertIn("error", self._json(url, {"name": "Again", "signature": PNG})["result"])
        # the kept original: the PDF the report saves once confirmed (attachment_use), and the signature
        name = f"{statement._get_report_base_filename()}.pdf"
        Attachment = self.env["ir.attachment"]
        original = Attachment.sudo().create(
            {"name": name, "raw": b"%PDF-1.4 original", "res_model": statement._name, "res_id": statement.id}
        )
        signature = Attachment.sudo().search(
            [("res_model", "=", statement._name), ("res_id", "=", statement.id), ("res_field", "=", "signature")]
        )
        self.assertTrue(signature)
        for user in (self.portal_retail_a, self.portal_sub_a, self.portal_a_admin):
            with self.assertRaises(AccessError):
                original.with_user(user).write({"raw": b"%PDF-1.4 forged"})
            with self.assertRaises(AccessError):
                original.with_user(user).unlink()
            with self.assertRaises(AccessError):
                signature.with_user(user).unlink()
            with self.assertRaises(AccessError):
                Attachment.with_user(user).create(
                    {"name": name, "raw": b"%PDF-1.4 newer", "res_model": statement._name, "res_id": statement.id}
                )
        self.assertRpcRefused(self.portal_retail_a, "ir.attachment", "unlink", original.ids)
        self.assertEqual(original.raw, b"%PDF-1.4 original")
        with self.assertRaises(UserError):
            statement.with_user(self.portal_retail_a).write({"closing_balance": 0.0})

    def test_buyer_disputes_seller_rejects_or_reopens(self):
        statement = self._issue().sudo()
        payment_line = statement.line_ids.filtered(lambda line: line.kind == "payment")
        invoice_line = statement.line_ids.filtered(lambda line: line.kind == "invoice")
        # the seller cannot dispute its own statement
        with self.assertRaises(AccessError):
            statement.with_user(self.portal_sub_a).sudo()._dms_dispute_lines(payment_line, "mine")
        self._login(self.portal_retail_a)
        self.url_open(
            f"/my/dms/statements/{statement.id}/dispute",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "line_id": invoice_line.id,
                "comment": "We paid 50 more",
            },
        )
        self.env.invalidate_all()
        self.assertEqual(statement.state, "disputed")
        self.assertTrue(invoice_line.disputed)
        # the seller's users are told (portal users have no to-do)
        seller_partners = self.portal_sub_a.partner_id
        self.assertTrue(statement.message_ids.filtered(lambda message: seller_partners in message.partner_ids))
        # the buyer, another network, finance cannot resolve; nobody accepts with an entry in the brand's books
        for user in (self.portal_retail_a, self.portal_b_admin):
            with self.assertRaises(AccessError):
                statement.with_user(user).action_dms_channel_reject(invoice_line.id, "no")
        self.assertRpcRefused(
            self.portal_retail_a, "dms.dealer.statement", "action_dms_channel_reopen", statement.ids, "x"
        )
        with self.assertRaises(AccessError):
            statement.with_user(self.user_finance)._dms_resolve_line(invoice_line, "reject", reason="finance")
        with self.assertRaisesRegex(UserError, "reopen"):
            statement.with_user(self.portal_sub_a).sudo()._dms_resolve_line(invoice_line, "accept", amount=-50.0)
        # the seller records the missing payment and reopens: the lines follow the channel books
        self.env["dms.channel.payment"].with_user(self.portal_sub_a).create(
            {"buyer_id": self.retail_a.id, "amount": 50.0}
        ).action_confirm()
        self._login(self.portal_sub_a)
        response = self.url_open(
            f"/my/channel/account/{self.account.id}/statement/{statement.id}/reopen",
            data={"csrf_token": http.Request.csrf_token(self), "reason": "payment of the 5th recorded"},
            allow_redirects=False,
        )
        self.assertNotIn("error=", response.headers["Location"])
        self.env.invalidate_all()
        self.assertRecordValues(statement, [{"state": "sent", "total_payment": -150.0, "closing_balance": 150.0}])
        # disputed again, then rejected with a reason by the seller: sent again, and the buyer signs
        payment_line = statement.line_ids.filtered(lambda line: line.kind == "payment")[:1]
        statement.with_user(self.portal_retail_a).sudo()._dms_dispute_lines(payment_line, "wrong date")
        response = self.url_open(
            f"/my/channel/account/{self.account.id}/statement/{statement.id}/reject",
            data={"csrf_token": http.Request.csrf_token(self), "line_id": payment_line.id, "reason": "bank slip"},
            allow_redirects=False,
        )
        self.assertNotIn("error=", response.headers["Location"])
        self.env.invalidate_all()
        self.assertRecordValues(payment_line, [{"resolution": "rejected", "resolved_by_id": self.portal_sub_a.id}])
        self.assertEqual(statement.state, "sent")
        self._login(self.portal_retail_a)
        result = self._json(f"/my/dms/statements/{statement.id}/sign", {"name": "Buyer", "signature": PNG})
        self.assertIn("redirect_url", result["result"])
