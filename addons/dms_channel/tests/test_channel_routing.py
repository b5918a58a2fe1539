# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelRouting(DmsChannelMixin, HttpCase):
    """A portal cart of a customer served by its dealer becomes that dealer's channel order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)

    def _counts(self):
        return {
            model: self.env[model].sudo().search_count([])
            for model in ("sale.order", "sale.order.line", "stock.picking", "account.move", "account.payment")
        }

    def _cart(self, user, customer, lines):
        cart = self.env["sale.order"].with_user(user)._dms_portal_get_cart(customer, create=True)
        cart._dms_portal_add_products({product.id: qty for product, qty in lines})
        return cart

    def _submit(self, user, **checkout):
        """Submit the cart through the portal checkout (delivery date, PO reference, remarks)."""
        self.authenticate(user.login, user.login)
        response = self.url_open(
            "/my/dms/cart/submit",
            data={"csrf_token": http.Request.csrf_token(self), **checkout},
            allow_redirects=False,
        )
        self.env.invalidate_all()
        return response

    def test_retailer_cart_becomes_channel_order(self):
        before = self._counts()
        cart = self._cart(self.portal_retail_a, self.retail_a, [(self.product_tea, 3.0), (self.product_water, 5.0)])
        requested = fields.Date.today() + timedelta(days=18)
        response = self._submit(
            self.portal_retail_a,
            client_order_ref="PO-42",
            note="Back door please",
            commitment_date=fields.Date.to_string(requested),
        )
        self.assertIn(response.status_code, (302, 303))
        order = self.env["dms.channel.order"].sudo().search([("portal_cart_ref", "=", cart.id)])
        self.assertEqual(len(order), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/channel/{order.id}"))
        self.assertFalse(cart.sudo().exists(), "the draft cart is deleted")
        self.assertEqual(self._counts(), before, "no sale order, picking, invoice or payment of the brand")
        self.assertRecordValues(
            order,
            [
                {
                    "state": "submitted",
                    "seller_id": self.sub_a.id,
                    "buyer_id": self.retail_a.id,
                    "client_order_ref": "PO-42",
                    "note": "Back door please",
                    # the checkout stores the requested day at noon UTC
                    "requested_date": datetime.combine(requested, time(12)),
                    "placed_by_partner_id": False,
                    "placed_by_user_id": self.portal_retail_a.id,
                }
            ],
        )
        self.assertEqual(
            {(line.product_id, line.product_qty, line.price_unit) for line in order.line_ids},
            {(self.product_tea, 3.0, 100.0), (self.product_water, 5.0, 10.0)},
        )
        log = (
            self.env["dms.workflow.log"]
            .sudo()
            .search([("res_model", "=", order._name), ("res_id", "=", order.id), ("transition", "=", "submit")])
        )
        self.assertEqual(log.user_id, self.portal_retail_a, "submitted by the buyer's user")
        # the seller sees it and accepts it; the page lists it
        self.assertTrue(order.with_user(self.portal_sub_a).has_access("read"))
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        self.assertIn(order.name, self.url_open("/my/channel?side=sales").text)
        order.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(order.state, "accepted")
        # a second submit finds no cart
        self.assertEqual(self._submit(self.portal_retail_a).status_code, 404)

    def test_brand_served_cart_keeps_the_brand_flow(self):
        cart = self._cart(self.portal_a_user, self.dist_a, [(self.product_tea, 2.0)])
        before = self.env["dms.channel.order"].sudo().search_count([])
        response = self._submit(self.portal_a_user)
        self.assertTrue(response.headers["Location"].endswith(f"/my/dms/orders/{cart.id}/submitted"))
        self.assertTrue(cart.exists())
        self.assertFalse(cart.dms_portal_cart)
        self.assertEqual(self.env["dms.channel.order"].sudo().search_count([]), before)

    def test_cart_on_behalf_by_the_seller(self):
        """The seller's administrator ordering for its customer through the cart places a channel order."""
        cart = self._cart(self.portal_sub_a, self.retail_a, [(self.product_tea, 1.0)])
        order = cart._dms_portal_submit()
        self.assertFalse(cart.exists())
        self.assertRecordValues(
            order, [{"state": "submitted", "seller_id": self.sub_a.id, "placed_by_partner_id": self.sub_a.id}]
        )
        # the upstream's upstream ordering for a retailer it does not sell to: submitted by the system
        cart = self._cart(self.portal_a_admin, self.retail_a, [(self.product_tea, 1.0)])
        order = cart._dms_portal_submit()
        self.assertRecordValues(
            order, [{"state": "submitted", "seller_id": self.sub_a.id, "placed_by_partner_id": self.dist_a.id}]
        )

    def test_routing_fields_are_protected(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 1.0)], submit=False)
        mine = order.with_user(self.portal_retail_a)
        for vals in ({"portal_cart_ref": 1}, {"placed_by_partner_id": self.sub_a.id}):
            with self.assertRaises(AccessError):
                mine.write(vals)
        with self.assertRaises(AccessError):
            self.env["dms.channel.order"].with_user(self.portal_retail_a).create(
                {"placed_by_partner_id": self.sub_a.id}
            )
        # a forged "placed by the seller" cannot let the seller submit the buyer's draft
        with self.assertRaises(AccessError):
            order.with_user(self.portal_sub_a).action_submit()
        mine.client_order_ref = "PO-1"
        mine.action_submit()
        with self.assertRaises(UserError):
            mine.client_order_ref = "PO-2"
        self.assertEqual(order.client_order_ref, "PO-1")
