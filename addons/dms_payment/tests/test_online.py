# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import DmsPaymentMixin


@tagged("post_install", "-at_install")
class TestOnlineTopup(DmsPaymentMixin, HttpCase):
    """Online top-ups through core payment transactions and Odoo's demo provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_payment()
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.provider.write({"state": "test", "is_published": True, "journal_id": journal.id})
        cls.method = cls.env.ref("payment_demo.payment_method_demo")

    def _online_topup(self, amount=800.0, order=None):
        return (
            self.env["dms.prepayment.topup"]
            .with_user(self.portal_a_user)
            .create(
                {
                    "partner_id": self.dist_a.id,
                    "amount": amount,
                    "method": "online",
                    "sale_order_id": order.id if order else False,
                }
            )
            .sudo()
        )

    def _tx_params(self, topup, **extra):
        params = {
            "provider_id": self.provider.id,
            "payment_method_id": self.method.id,
            "token_id": None,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": f"/my/dms/prepayment/topups/{topup.id}",
            "access_token": topup._portal_ensure_token(),
        }
        params.update(extra)
        return params

    def test_online_topup_credits_once_with_the_server_amount(self):
        topup = self._online_topup(800.0)
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        # a forged amount is ignored: the transaction is for the top-up's amount
        values = self.make_jsonrpc_request(
            f"/my/dms/prepayment/topups/{topup.id}/transaction", self._tx_params(topup, amount=1.0)
        )
        tx = self.env["payment.transaction"].search([("reference", "=", values["reference"])])
        self.assertEqual(tx.amount, 800.0)
        self.assertEqual(tx.dms_topup_id, topup)
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {"reference": tx.reference, "payment_details": "4242", "simulated_state": "done"},
        )
        self.assertEqual(tx.state, "done")
        tx._post_process()
        tx.is_post_processed = False
        tx._post_process()  # a second run (cron and poll at once) credits nothing more
        self.assertEqual(topup.state, "confirmed")
        self.assertEqual(len(topup.line_ids), 1)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 800.0)
        advance = tx.payment_id.move_id.line_ids.filtered(lambda line: line.account_id == self.advance_account)
        self.assertEqual(advance.credit, 800.0)

    def test_online_payment_of_an_order(self):
        order = self._order()
        topup = self._online_topup(600.0, order=order)
        topup.transaction_ids = False
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.method.id,
                "amount": 600.0,
                "currency_id": self.company.currency_id.id,
                "partner_id": self.portal_a_user.partner_id.id,
                "reference": "DMS-ORDER-TEST",
                "dms_topup_id": topup.id,
            }
        )
        tx._set_done()
        tx._post_process()
        self.assertEqual(order.dms_prepaid_amount, 600.0)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 0.0)

    def test_token_replayed_without_session_does_nothing(self):
        topup = self._online_topup(500.0)
        params = self._tx_params(topup)
        self.authenticate(None, None)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(f"/my/dms/prepayment/topups/{topup.id}/transaction", params)
        self.assertFalse(topup.transaction_ids)

    def test_another_dealer_cannot_pay_or_see_the_topup(self):
        topup = self._online_topup(500.0)
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                f"/my/dms/prepayment/topups/{topup.id}/transaction", self._tx_params(topup, access_token=None)
            )
        response = self.url_open(f"/my/dms/prepayment/topups/{topup.id}")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(topup.transaction_ids)
