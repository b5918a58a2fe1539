# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import io

import openpyxl

from odoo import Command, fields, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsPortalMixin


@tagged("post_install", "-at_install")
class TestPortalCheckout(DmsPortalMixin, DmsRpcMixin, HttpCase):
    """Checkout (address, date, PO reference, remarks, summary), assortment and pack units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()
        Partner = cls.env["res.partner"]
        # the temporary Chengdu warehouse comes first: core would pick it by default
        cls.ship_chengdu, cls.ship_pudong = Partner.create(
            [
                {
                    "name": "A Temporary Chengdu Warehouse",
                    "parent_id": cls.dist_a.id,
                    "type": "delivery",
                    "country_id": cls.country_cn.id,
                    "city": "Chengdu",
                    "zip": "610050",
                },
                {
                    "name": "Pudong Warehouse",
                    "parent_id": cls.dist_a.id,
                    "type": "delivery",
                    "country_id": cls.country_cn.id,
                    "city": "Shanghai",
                    "zip": "200120",
                },
            ]
        )
        cls.ship_b = Partner.create(
            {"name": "B Depot", "parent_id": cls.dist_b.id, "type": "delivery", "zip": "200130"}
        )

    def _post(self, url, data=None, files=None, **kw):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, **kw)

    def _cart(self, user=None, customer=None):
        return self.env["sale.order"].search(
            [
                ("dms_portal_cart", "=", True),
                ("dms_ordered_by_user_id", "=", (user or self.portal_a_user).id),
                ("partner_id.commercial_partner_id", "=", (customer or self.dist_a).id),
            ]
        )

    def _login(self, user=None):
        user = user or self.portal_a_user
        self.authenticate(user.login, user.login)

    def _water_rule(self):
        return self.env["dms.assortment"].create(
            {
                "name": "A: water only",
                "partner_id": self.dist_a.id,
                "product_tmpl_ids": [Command.set(self.product_water.product_tmpl_id.ids)],
            }
        )

    # ------------------------------------------------------------------
    # Checkout
    # ------------------------------------------------------------------
    def test_checkout_needs_an_explicit_address_and_it_drives_the_territory_check(self):
        self._login()
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "20"})
        cart = self._cart()
        page = self.url_open("/my/dms/cart/checkout")
        self.assertIn("Pudong Warehouse", page.text)
        self.assertNotIn("selected", page.text.split("o_dms_shipping", 1)[1].split("</select>", 1)[0])
        self.assertIn(">20 ", page.text.replace("\n", " "), "whole quantities are integers")
        self.assertNotIn(">20.0 ", page.text.replace("\n", " "))
        # no address chosen: refused, the cart stays a cart
        response = self._post("/my/dms/cart/submit", {"commitment_date": "2031-06-15"})
        self.assertIn("Choose the delivery address", response.text)
        self.assertTrue(cart.dms_portal_cart)
        # another dealer's address, a date in the past, a bad date: refused, nothing written
        yesterday = fields.Date.to_string(fields.Date.today() - datetime.timedelta(days=1))
        for data, message in (
            ({"shipping_id": self.ship_b.id}, "Choose the delivery address"),
            ({"shipping_id": self.ship_pudong.id, "commitment_date": yesterday}, "cannot be in the past"),
            ({"shipping_id": self.ship_pudong.id, "commitment_date": "tomorrow"}, "is not a date"),
            ({"shipping_id": self.ship_pudong.id, "client_order_ref": "x" * 65}, "longer than 64"),
        ):
            response = self._post("/my/dms/cart/submit", data)
            self.assertIn(message, response.text)
            self.assertTrue(cart.dms_portal_cart)
            self.assertFalse(cart.client_order_ref)
        response = self._post(
            "/my/dms/cart/submit",
            {
                "shipping_id": self.ship_pudong.id,
                "commitment_date": "2031-06-15",
                "client_order_ref": "PO-7788",
                "note": "Call before delivery <b>",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_dms_submitted", response.text, "the confirmation page")
        self.assertIn(cart.name, response.text)
        self.assertIn("Pudong Warehouse", response.text)
        self.assertFalse(cart.dms_portal_cart)
        self.assertEqual(cart.partner_shipping_id, self.ship_pudong)
        self.assertEqual(cart.commitment_date.date(), datetime.date(2031, 6, 15))
        self.assertEqual(cart.client_order_ref, "PO-7788")
        self.assertIn("Call before delivery &lt;b&gt;", str(cart.note))
        # the back office confirms: Shanghai lies in the dealer's territory, no 窜货 alert
        cart.with_user(self.user_hq).action_confirm()
        self.assertFalse(self.env["dms.order.alert"].search([("order_id", "=", cart.id)]))
        # the same dealer shipping to the temporary Chengdu warehouse raises the alert
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "2"})
        second = self._cart()
        self._post("/my/dms/cart/submit", {"shipping_id": self.ship_chengdu.id})
        self.assertEqual(second.partner_shipping_id, self.ship_chengdu)
        second.with_user(self.user_hq).action_confirm()
        alert = self.env["dms.order.alert"].search([("order_id", "=", second.id)])
        self.assertEqual(alert.alert_type, "cross_territory")
        self.assertEqual(alert.partner_shipping_id, self.ship_chengdu)

    def test_dealer_without_delivery_address_ships_to_itself(self):
        self._login(self.portal_b_admin)
        self.ship_b.active = False
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "2"})
        cart = self._cart(self.portal_b_admin, self.dist_b)
        self._post("/my/dms/cart/submit")
        self.assertFalse(cart.dms_portal_cart)
        self.assertEqual(cart.partner_shipping_id, self.dist_b)

    def test_summary_lines_add_up_to_the_total(self):
        tax = self.env["account.tax"].create({"name": "Test VAT 13%", "amount": 13.0, "type_tax_use": "sale"})
        (self.product_water | self.product_tea).taxes_id = [Command.set(tax.ids)]
        self._login()
        self._post("/my/dms/cart/import", {"sku_0": "TW-01", "qty_0": "3", "sku_1": "TT-01", "qty_1": "12"})
        cart = self._cart()
        cart.order_line.filtered(lambda line: line.product_id == self.product_water).discount = 5.0
        summary = cart._dms_portal_summary()
        self.assertEqual(len(summary["lines"]), 2)
        currency = summary["currency"]
        self.assertTrue(currency.is_zero(sum(item["subtotal"] for item in summary["lines"]) - summary["untaxed"]))
        self.assertTrue(currency.is_zero(summary["untaxed"] + summary["tax"] - summary["total"]))
        self.assertGreater(summary["tax"], 0)
        self.assertEqual(sorted(item["qty"] for item in summary["lines"]), ["12", "3"])
        page = self.url_open("/my/dms/cart/checkout")
        for amount in (summary["untaxed"], summary["tax"], summary["total"]):
            self.assertIn(f"{amount:,.2f}", page.text)
        self.assertIn("5 %", page.text, "the discount is shown")

    # ------------------------------------------------------------------
    # Assortment (经营范围) in every ordering path
    # ------------------------------------------------------------------
    def test_unauthorised_product_refused_everywhere(self):
        # a past order and a template with tea, made before the rule
        past = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [
                    Command.create({"product_id": self.product_water.id, "product_uom_qty": 2}),
                    Command.create({"product_id": self.product_tea.id, "product_uom_qty": 4}),
                ],
            }
        )
        template = self.env["dms.order.template"].create(
            {
                "name": "Mixed",
                "partner_id": self.dist_a.id,
                "line_ids": [
                    Command.create({"product_id": self.product_water.id, "product_uom_qty": 1}),
                    Command.create({"product_id": self.product_tea.id, "product_uom_qty": 1}),
                ],
            }
        )
        self._water_rule()
        self._login()
        # catalog
        catalog = self.url_open("/my/dms/catalog")
        self.assertIn("TW-01", catalog.text)
        self.assertNotIn("TT-01", catalog.text)
        self.assertEqual(self.url_open(f"/my/dms/catalog/image/{self.product_tea.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/dms/catalog/image/{self.product_water.id}").status_code, 200)
        # add from a forged catalog form
        response = self._post("/my/dms/cart/add", {"product_id": self.product_tea.id, "qty": "2"})
        self.assertIn("Test Tea", response.text)
        self.assertIn("not in the products you may order", response.text)
        self.assertFalse(self._cart())
        # quick order
        response = self._post("/my/dms/cart/quick", {"lines": "TW-01 2\nTT-01 2"})
        self.assertEqual(response.text.count("o_dms_row_bad"), 1)
        self.assertIn("Test Tea is not in the products you may order", response.text)
        # Excel upload
        book = openpyxl.Workbook()
        for row in (["SKU", "Qty"], ["TT-01", 6]):
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = self._post(
            "/my/dms/cart/upload", files={"upload": ("order.xlsx", buffer.getvalue(), "application/octet-stream")}
        )
        self.assertIn("Test Tea is not in the products you may order", response.text)
        # a forged import adds nothing
        self._post("/my/dms/cart/import", {"sku_0": "TT-01", "qty_0": "2"})
        self.assertFalse(self._cart())
        # the price lookup of quick order says nothing about it
        prices = self.make_jsonrpc_request("/my/dms/json/price", {"skus": ["TT-01", "TW-01"]})
        self.assertEqual(list(prices), ["TW-01"])
        # template: the water is added, the tea refused by name
        response = self._post(f"/my/dms/templates/{template.id}/use")
        self.assertIn("Test Tea", response.text)
        cart = self._cart()
        self.assertEqual(cart.order_line.product_id, self.product_water)
        # reorder: same
        response = self._post(f"/my/dms/orders/{past.id}/reorder")
        self.assertIn("Test Tea", response.text)
        self.assertEqual(cart.order_line.product_id, self.product_water)
        self.assertEqual(cart.order_line.product_uom_qty, 3)
        # the model refuses it whatever the route
        with self.assertRaisesRegex(UserError, "Test Tea"):
            cart.with_user(self.portal_a_user)._dms_portal_add_products({self.product_tea.id: 1.0})
        # the back office cannot confirm a dealer order with it either
        with self.assertRaisesRegex(UserError, "Test Tea"):
            past.with_user(self.user_hq).action_confirm()
        # another dealer is not concerned by A's rule
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertIn("TT-01", self.url_open("/my/dms/catalog").text)

    def test_catalog_lists_only_the_brand_goods(self):
        self.env["product.product"].create(
            [
                {"name": "Test Office Desk", "default_code": "FURN-1", "categ_id": self.categ.id, "type": "service"},
                {"name": "Test Lamp", "default_code": "FURN-2", "list_price": 5.0},
            ]
        )
        self.env.company.dms_assortment_categ_id = self.categ
        self._login(self.portal_retail_a)
        catalog = self.url_open("/my/dms/catalog")
        self.assertIn("TW-01", catalog.text)
        self.assertNotIn("FURN-1", catalog.text, "no services")
        self.assertNotIn("FURN-2", catalog.text, "only goods under the assortment root category")

    # ------------------------------------------------------------------
    # Pack units
    # ------------------------------------------------------------------
    def test_order_in_cases(self):
        case = self.env["product.packaging"].create({"name": "箱", "product_id": self.product_water.id, "qty": 24})
        other = self.env["product.packaging"].create({"name": "托", "product_id": self.product_tea.id, "qty": 100})
        self._login()
        catalog = self.url_open("/my/dms/catalog?search=water")
        self.assertIn("1 箱 = 24 Units", catalog.text)
        self.assertIn("/my/dms/catalog/image/", catalog.text)
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "2", "packaging_id": case.id})
        cart = self._cart()
        self.assertEqual(cart.order_line.product_uom_qty, 48)
        response = self._post(
            "/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "1", "packaging_id": other.id}
        )
        self.assertEqual(response.status_code, 404, "a packaging of another product")
        self.assertEqual(cart.order_line.product_uom_qty, 48)

    # ------------------------------------------------------------------
    # As a JSON-RPC client
    # ------------------------------------------------------------------
    def test_rpc_clients_cannot_bypass_checkout_or_assortment(self):
        self._water_rule()
        self._login()
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "2"})
        cart = self._cart()
        shipping = cart.partner_shipping_id
        # the portal user cannot write its cart directly (another dealer's address, a tea line)
        self.assertRpcRefused(
            self.portal_a_user, "sale.order", "write", [cart.id], {"partner_shipping_id": self.ship_b.id}
        )
        self.assertRpcRefused(
            self.portal_a_user,
            "sale.order",
            "write",
            [cart.id],
            {"order_line": [Command.create({"product_id": self.product_tea.id, "product_uom_qty": 1})]},
        )
        self.assertEqual(cart.partner_shipping_id, shipping)
        self.assertEqual(cart.order_line.product_id, self.product_water)
        # nor create or widen an assortment rule; a regional manager neither
        for user in (self.portal_a_user, self.user_region_east):
            self.assertRpcRefused(
                user, "dms.assortment", "create", [{"name": "All", "categ_ids": [Command.set(self.categ.ids)]}]
            )
        # the back office, over JSON-RPC, cannot confirm a dealer order with an unauthorised product
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [Command.create({"product_id": self.product_tea.id, "product_uom_qty": 1})],
            }
        )
        self.assertRpcRefused(self.user_hq, "sale.order", "action_confirm", [order.id], exception="UserError")
        self.assertIn("Test Tea", order._dms_assortment_message(), "refused for the assortment")
        self.assertEqual(order.state, "draft")
