# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelOnBehalf(DmsChannelMixin, HttpCase):
    """代客下单: the seller orders for one of its direct customers, and for no one else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)
        cls._give_stock(cls.dist_a, cls.product_tea, 10.0)

    def _create(self, user, customer, quantities, accept=False):
        return (
            self.env["dms.channel.order"].with_user(user)._channel_create_for_customer(customer.id, quantities, accept)
        )

    def test_seller_orders_for_its_customer(self):
        order = self._create(self.portal_sub_a, self.retail_a, {self.product_tea.id: 2})
        self.assertRecordValues(
            order,
            [
                {
                    "state": "submitted",
                    "seller_id": self.sub_a.id,
                    "buyer_id": self.retail_a.id,
                    "placed_by_partner_id": self.sub_a.id,
                    "placed_by_user_id": self.portal_sub_a.id,
                }
            ],
        )
        self.assertEqual(order.line_ids.price_unit, 100.0, "the seller's price")
        self.assertTrue(order.with_user(self.portal_retail_a).has_access("read"), "the buyer sees it")
        accepted = self._create(self.portal_sub_a, self.retail_a, {self.product_tea.id: 1}, accept=True)
        self.assertEqual(accepted.state, "accepted")
        # the buyer cancels what was not accepted yet; it cannot accept its own order
        with self.assertRaises(AccessError):
            order.with_user(self.portal_retail_a).action_accept()

    def test_only_direct_customers_and_own_offer(self):
        # the upstream's upstream, another network, the buyer itself and an internal user are refused
        for user, customer in (
            (self.portal_a_admin, self.retail_a),
            (self.portal_b_admin, self.retail_a),
            (self.portal_retail_a, self.retail_a),
            (self.portal_sub_a, self.sub_b),
            (self.portal_sub_a, self.dist_a),
        ):
            with self.subTest(user=user.login, customer=customer.name), self.assertRaises(AccessError):
                self._create(user, customer, {self.product_tea.id: 1})
        # a customer the seller has but the brand serves is not the seller's to order for
        self.retail_a.sudo().dms_served_by = "brand"
        with self.assertRaises(AccessError):
            self._create(self.portal_sub_a, self.retail_a, {self.product_tea.id: 1})
        self.retail_a.sudo().dms_served_by = "dealer"
        with self.assertRaises(UserError):
            self._create(self.portal_sub_a, self.retail_a, {self.product_water.id: 1})  # not in its offer
        with self.assertRaises(UserError):
            self._create(self.portal_sub_a, self.retail_a, {self.product_tea.id: -1})
        with self.assertRaises(UserError):
            self._create(self.portal_sub_a, self.retail_a, {})
        with self.assertRaises(AccessError):
            self._create(self.portal_sub_a, self.env["res.partner"].browse(999999), {self.product_tea.id: 1})
        self.assertFalse(self.env["dms.channel.order"].sudo().search([("placed_by_partner_id", "!=", False)]))
        # the distributor orders for its own direct customer, the sub-dealer
        order = self._create(self.portal_a_admin, self.sub_a, {self.product_tea.id: 1})
        self.assertEqual(order.seller_id, self.dist_a)

    def test_portal_page(self):
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open("/my/channel/new")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.retail_a.name, page.text)
        self.assertNotIn(self.sub_b.name, page.text)
        catalog = self.url_open(f"/my/channel/new?customer_id={self.retail_a.id}")
        self.assertIn(self.product_tea.name, catalog.text)
        self.assertNotIn(self.product_water.name, catalog.text)
        csrf = http.Request.csrf_token(self)
        response = self.url_open(
            "/my/channel/new",
            data={
                "csrf_token": csrf,
                "customer_id": self.retail_a.id,
                f"qty_{self.product_tea.id}": "3",
                "accept": "1",
            },
            allow_redirects=False,
        )
        order = self.env["dms.channel.order"].sudo().search([("buyer_id", "=", self.retail_a.id)])
        self.assertTrue(response.headers["Location"].endswith(f"/my/channel/{order.id}"))
        self.assertEqual(order.state, "accepted")
        # a forged customer of another network: refused, nothing created
        before = self.env["dms.channel.order"].sudo().search_count([])
        response = self.url_open(
            "/my/channel/new",
            data={"csrf_token": csrf, "customer_id": self.sub_b.id, f"qty_{self.product_tea.id}": "3"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.env["dms.channel.order"].sudo().search_count([]), before)
