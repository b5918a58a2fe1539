# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import PNG, DmsPaymentMixin


@tagged("post_install", "-at_install")
class TestPaymentPortal(DmsPaymentMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_payment()

    def _post_topup(self, data, filename="slip.png", amount="1000"):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        return self.url_open(
            "/my/dms/prepayment/topup",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "amount": amount,
                "method": "transfer",
                "bank_reference": "B-7",
            },
            files={"proof": (filename, data)},
            allow_redirects=False,
        )

    def test_declare_in_the_portal(self):
        response = self._post_topup(PNG)
        self.assertEqual(response.status_code, 303)
        topup = self.env["dms.prepayment.topup"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(topup.state, "submitted")
        self.assertEqual(topup.declared_uid, self.portal_a_user)
        page = self.url_open(f"/my/dms/prepayment/topups/{topup.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_dms_topup_waiting", page.text)

    def test_upload_capped_and_typed(self):
        response = self._post_topup(b"%PDF-" + b"x" * (5 * 1024 * 1024 + 10), filename="big.pdf")
        self.assertIn("error=", response.headers["Location"])
        response = self._post_topup(b"MZ\x90\x00 not an image", filename="slip.exe")
        self.assertIn("error=", response.headers["Location"])
        self.assertFalse(self.env["dms.prepayment.topup"].search([("partner_id", "=", self.dist_a.id)]))

    def test_rpc_dealer_cannot_confirm_its_own_topup(self):
        topup = self._declare(1000.0)
        self.assertRpcRefused(self.portal_a_user, "dms.prepayment.topup", "action_confirm", [topup.id])
        self.assertRpcRefused(
            self.portal_a_user, "dms.prepayment.topup", "web_save", [topup.id], {"state": "confirmed"}, specification={}
        )
        self.assertRpcRefused(
            self.portal_a_user,
            "dms.prepayment.topup",
            "write",
            [topup.id],
            {"state": "confirmed"},
            context={"dms_workflow": "dms_workflow_engine"},
        )
        self.assertRpcRefused(
            self.portal_a_user,
            "dms.prepayment.line",
            "create",
            {"partner_id": self.dist_a.id, "company_id": self.company.id, "line_type": "topup", "amount": 1e6},
        )
        self.assertRpcRefused(self.portal_a_user, "dms.prepayment.topup", "_dms_credit", [topup.id], False)
        topup.invalidate_recordset()
        self.assertEqual(topup.state, "submitted")
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 0.0)

    def test_rpc_dealer_pays_its_order_within_the_balance_only(self):
        self._topped_up(100.0)
        order = self._order()
        self.assertRpcRefused(
            self.portal_a_user, "sale.order", "action_dms_pay_prepayment", [order.id], 500.0, exception="UserError"
        )
        self.rpc(self.portal_a_user, "sale.order", "action_dms_pay_prepayment", [order.id], 100.0)
        self.assertEqual(self.dist_a._dms_prepayment_balance(), 0.0)
        other = self._order(dealer=self.dist_b)
        self.assertRpcRefused(
            self.portal_a_user,
            "sale.order",
            "action_dms_pay_prepayment",
            [other.id],
            1.0,
            exception=("AccessError", "MissingError"),
        )

    def test_other_dealer_topup_is_not_found(self):
        topup = self._declare(10.0)
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/dms/prepayment/topups/{topup.id}").status_code, 404)
        page = self.url_open("/my/dms/prepayment")
        self.assertNotIn(topup.name, page.text)

    def test_pages_render(self):
        self._topped_up(1000.0)
        order = self._order()
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        for url in ("/my", "/my/dms", "/my/dms/prepayment", f"/my/dms/orders/{order.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
        self.assertIn("o_dms_prepay_btn", self.url_open(f"/my/dms/orders/{order.id}").text)
        response = self.url_open(
            f"/my/dms/orders/{order.id}/prepayment",
            data={"csrf_token": http.Request.csrf_token(self), "amount": "250"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.dms_prepaid_amount, 250.0)

    def test_prepayment_page_query_budget(self):
        for amount in (100.0, 200.0, 300.0):
            self._topped_up(amount)
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self.url_open("/my/dms/prepayment")  # warm the caches
        with self.assertQueryCount(26):  # 20 measured, whatever the number of rows
            response = self.url_open("/my/dms/prepayment")
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestPaymentTour(DmsPaymentMixin, HttpCase):
    """In Chinese at phone width (390 px)."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_payment()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["dms_portal", "dms_payment"], ["zh_CN"], overwrite=True)
        cls.portal_a_user.lang = "zh_CN"

    def test_tour_topup_with_proof(self):
        self.start_tour("/my/dms/prepayment", "dms_payment_topup", login=self.portal_a_user.login)
        topup = self.env["dms.prepayment.topup"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(topup.state, "submitted")
        self.assertEqual(topup.amount, 2000.0)
        self.assertEqual(topup.proof_filename, "打款凭证.png")
