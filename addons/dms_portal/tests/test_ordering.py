# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin


@tagged("post_install", "-at_install")
class TestPortalOrdering(DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files)

    def _cart(self, user, customer):
        return self.env["sale.order"].search(
            [
                ("dms_portal_cart", "=", True),
                ("dms_ordered_by_user_id", "=", user.id),
                ("partner_id.commercial_partner_id", "=", customer.id),
            ]
        )

    def test_catalog_shows_own_prices_and_availability(self):
        self.authenticate(self.portal_retail_a.login, self.portal_retail_a.login)
        response = self.url_open("/my/dms/catalog")
        self.assertEqual(response.status_code, 200)
        self.assertIn("TW-01", response.text)
        self.assertNotIn("TX-01", response.text, "products not for sale are not in the catalog")
        self.assertIn("In stock", response.text)
        filtered = self.url_open("/my/dms/catalog?search=tea")
        self.assertIn("TT-01", filtered.text)
        self.assertNotIn("TW-01", filtered.text)

    def test_quick_order_preview_marks_bad_rows_and_adds_nothing(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        response = self._post("/my/dms/cart/quick", {"lines": "TW-01 4\nTC-01 2\nNOPE 1\nTX-01 1\nTT-01 x"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count("o_dms_row_bad"), 4)
        self.assertIn("Below the minimum order quantity", response.text)
        self.assertIn("Unknown SKU", response.text)
        self.assertIn("Not sold to this customer", response.text)
        self.assertFalse(self._cart(self.portal_a_user, self.dist_a), "nothing added before confirmation")
        # add only the valid rows (re-validated by the server)
        self._post("/my/dms/cart/import", {"sku_0": "TW-01", "qty_0": "4"})
        cart = self._cart(self.portal_a_user, self.dist_a)
        self.assertEqual(cart.order_line.product_id, self.product_water)
        self.assertEqual(cart.order_line.product_uom_qty, 4)
        self.assertEqual(cart.partner_id, self.portal_a_user.partner_id)
        # a forged import with a bad row adds nothing
        self._post("/my/dms/cart/import", {"sku_0": "TX-01", "qty_0": "1"})
        self.assertEqual(cart.order_line.product_id, self.product_water)

    def test_upload_xlsx_preview_then_submit(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        book = openpyxl.Workbook()
        for row in (["SKU", "Qty"], ["TT-01", 6], ["TC-01", 1], ["ZZ-99", 3]):
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = self._post(
            "/my/dms/cart/upload",
            files={"upload": ("order.xlsx", buffer.getvalue(), "application/octet-stream")},
        )
        self.assertEqual(response.text.count("o_dms_row_bad"), 2)
        self.assertEqual(response.text.count("o_dms_row_ok"), 1)
        self.assertFalse(self._cart(self.portal_a_user, self.dist_a))
        bad = self._post(
            "/my/dms/cart/upload", files={"upload": ("order.xlsx", b"garbage", "application/octet-stream")}
        )
        self.assertIn("not a readable", bad.text)
        self._post("/my/dms/cart/import", {"sku_0": "TT-01", "qty_0": "6"})
        cart = self._cart(self.portal_a_user, self.dist_a)
        self.assertEqual(cart.amount_untaxed, 150.0)
        response = self._post("/my/dms/cart/submit")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(cart.dms_portal_cart)
        self.assertIn(cart.name, response.text)
        # a second submit of the same cart is refused (nothing left to submit)
        self.assertFalse(self._cart(self.portal_a_user, self.dist_a))

    def test_order_on_behalf_of_downstream(self):
        if "dms_served_by" in self.retail_a._fields:
            # with dms_channel, a dealer-served retailer's order becomes its dealer's channel order
            # (tested there); this test covers the brand-served flow
            self.retail_a.dms_served_by = "brand"
        self.authenticate(self.portal_a_admin.login, self.portal_a_admin.login)
        self._post("/my/dms/behalf", {"customer_id": self.retail_a.id})
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "2"})
        cart = self._cart(self.portal_a_admin, self.retail_a)
        self.assertEqual(cart.partner_id, self.retail_a)
        self.assertEqual(cart.dms_ordered_by_partner_id, self.dist_a)
        self.assertEqual(cart.dms_ordered_by_user_id, self.portal_a_admin)
        self._post("/my/dms/cart/submit")
        self.assertFalse(cart.dms_portal_cart)
        # the retailer sees the order placed for it
        self.assertTrue(cart.with_user(self.portal_retail_a).has_access("read"))
        # another distributor cannot order for A's retailer; a dealer user cannot order on behalf
        for user in (self.portal_b_admin, self.portal_a_user):
            self.authenticate(user.login, user.login)
            response = self._post("/my/dms/behalf", {"customer_id": self.retail_a.id})
            self.assertEqual(response.status_code, 403)

    def test_templates_and_reorder(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self._post("/my/dms/cart/add", {"product_id": self.product_tea.id, "qty": "3"})
        self._post("/my/dms/cart/save_template", {"name": "Monday"})
        template = self.env["dms.order.template"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(template.line_ids.product_id, self.product_tea)
        self.assertFalse(template.with_user(self.portal_b_admin).has_access("read"))
        self._post(f"/my/dms/templates/{template.id}/use")
        cart = self._cart(self.portal_a_user, self.dist_a)
        self.assertEqual(cart.order_line.product_uom_qty, 6)
        self._post("/my/dms/cart/submit")
        self._post(f"/my/dms/orders/{cart.id}/reorder")
        new_cart = self._cart(self.portal_a_user, self.dist_a)
        self.assertNotEqual(new_cart, cart)
        self.assertEqual(new_cart.order_line.product_uom_qty, 6)
        # B cannot use A's template
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        response = self._post(f"/my/dms/templates/{template.id}/use")
        self.assertEqual(response.status_code, 404)

    def test_admission_application(self):
        self.authenticate(None, None)
        page = self.url_open("/dealer/apply")
        self.assertEqual(page.status_code, 200)
        self._post("/dealer/apply", {"company_name": "", "contact_name": "X", "email": "x@example.com"})
        self.assertFalse(self.env["res.partner"].search([("email", "=", "x@example.com")]))
        self._post(
            "/dealer/apply",
            {
                "company_name": "Newco Drinks",
                "contact_name": "Li Lei",
                "email": "li@newco.example",
                "dealer_type": "retailer",
                "territory_id": self.terr_shanghai.id,
            },
        )
        # the form makes an application for the channel team, not a dealer (nor a partner to match)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Newco Drinks")]))
        application = self.env["dms.dealer.application"].search([("partner_name", "=", "Newco Drinks")])
        self.assertRecordValues(
            application,
            [{"state": "draft", "partner_id": False, "contact_name": "Li Lei", "email": "li@newco.example"}],
        )
        self.assertEqual(application.requested_territory_id, self.terr_shanghai)

    def test_manage_portal_users(self):
        self.authenticate(self.portal_a_admin.login, self.portal_a_admin.login)
        self._post("/my/dms/users/invite", {"name": "New Clerk", "email": "clerk@a.example"})
        user = self.env["res.users"].search([("login", "=", "clerk@a.example")])
        self.assertTrue(user.share)
        self.assertEqual(user.partner_id.commercial_partner_id, self.dist_a)
        self.assertTrue(user.has_group("dms_dealer.group_dms_portal_user"))
        self._post(f"/my/dms/users/{user.id}/deactivate")
        self.assertFalse(user.active)
        # B cannot deactivate A's users; a dealer user cannot manage users
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        response = self._post(f"/my/dms/users/{self.portal_a_user.id}/deactivate")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.portal_a_user.active)
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self.assertEqual(self.url_open("/my/dms/users").status_code, 403)
