# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsFapiaoMixin


@tagged("post_install", "-at_install")
class TestFapiaoPortal(DmsFapiaoMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_fapiao()

    def _post(self, url, data):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)), allow_redirects=False)

    def test_request_in_the_portal(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        page = self.url_open("/my/dms/fapiao")
        self.assertIn(self.invoiced_order.name, page.text)
        response = self._post(
            "/my/dms/fapiao/request", {"fapiao_type": "normal", f"amount_{self.invoiced_order.id}": "300"}
        )
        self.assertEqual(response.status_code, 303)
        request = self.env["dms.fapiao.request"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.amount, 300.0)
        # forged: more than invoiced, and another dealer's order
        response = self._post("/my/dms/fapiao/request", {f"amount_{self.invoiced_order.id}": "800"})
        self.assertIn("error=", response.headers["Location"])
        other = self.order_by_dealer[self.dist_b]
        response = self._post("/my/dms/fapiao/request", {f"amount_{other.id}": "1"})
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self.env["dms.fapiao.request"].search_count([("partner_id", "=", self.dist_a.id)]), 1)

    def test_details_are_validated(self):
        response = self._post("/my/dms/fapiao/details", {"dms_fapiao_title": "X", "dms_fapiao_tax_id": "123"})
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self.dist_a.dms_fapiao_tax_id, "91350100M000100Y43")
        response = self._post(
            "/my/dms/fapiao/details",
            {"dms_fapiao_title": "New Title", "dms_fapiao_tax_id": "110105123456789", "is_dealer": "0"},
        )
        self.assertEqual(self.dist_a.dms_fapiao_title, "New Title")
        self.assertTrue(self.dist_a.is_dealer, "only the invoicing fields are written")

    def test_rpc_dealer_cannot_issue(self):
        request = self._request(100.0)
        self.assertRpcRefused(self.portal_a_user, "dms.fapiao.request", "action_issue", [request.id], "X", "2026-12-01")
        self.assertRpcRefused(
            self.portal_a_user, "dms.fapiao.request", "web_save", [request.id], {"fapiao_number": "X"}, specification={}
        )
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/dms/fapiao/{request.id}").status_code, 404)


@tagged("post_install", "-at_install")
class TestFapiaoTour(DmsFapiaoMixin, HttpCase):
    """In Chinese at phone width (390 px)."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_fapiao()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["dms_portal", "dms_fapiao"], ["zh_CN"], overwrite=True)
        cls.portal_a_user.lang = "zh_CN"

    def test_tour_invoice_request(self):
        self.start_tour("/my/dms/fapiao", "dms_fapiao_request", login=self.portal_a_user.login)
        request = self.env["dms.fapiao.request"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(request.fapiao_type, "special")
        self.assertEqual(request.amount, 1000.0)
        self.assertEqual(request.state, "requested")
