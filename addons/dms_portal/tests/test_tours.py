# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin


@tagged("post_install", "-at_install")
class TestPortalTours(DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()

    def test_tour_order_flow(self):
        self.start_tour("/my/dms/catalog", "dms_portal_order_flow", login=self.portal_a_user.login)
        order = self.env["sale.order"].search(
            [("dms_ordered_by_user_id", "=", self.portal_a_user.id), ("dms_portal_cart", "=", False)]
        )
        self.assertEqual(len(order), 1)
        quantities = {line.product_id.default_code: line.product_uom_qty for line in order.order_line}
        self.assertEqual(quantities, {"TW-01": 3.0, "TT-01": 2.0}, "the bad Excel row was never added")
        self.assertEqual(order.dms_state, "approved", "submitted into dms_order's flow (no approval rule here)")
        # the back office confirms; the dealer is over its credit limit: the portal shows the hold
        self.dist_a.credit_limit = 1.0
        order.with_user(self.user_hq).action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        self.start_tour(f"/my/dms/orders/{order.id}", "dms_portal_order_held", login=self.portal_a_user.login)

    def test_tour_confirm_receipt(self):
        order = self.order_by_dealer[self.retail_a]
        order._dms_write({"dms_state": "shipped"})
        self.start_tour("/my/dms/orders", "dms_portal_confirm_receipt", login=self.portal_retail_a.login)
        self.assertEqual(order.dms_state, "signed")
        self.assertEqual(order.dms_signed_by_id, self.portal_retail_a.partner_id)

    def test_tour_checkout_address(self):
        """Desktop checkout: the dealer picks its Shanghai warehouse (not core's first address) and a date."""
        Partner = self.env["res.partner"]
        Partner.create(
            {
                "name": "A Temporary Chengdu Warehouse",
                "parent_id": self.dist_a.id,
                "type": "delivery",
                "country_id": self.country_cn.id,
                "zip": "610050",
            }
        )
        pudong = Partner.create(
            {
                "name": "Pudong Warehouse",
                "parent_id": self.dist_a.id,
                "type": "delivery",
                "country_id": self.country_cn.id,
                "zip": "200120",
            }
        )
        cart = self.env["sale.order"].with_user(self.portal_a_user)._dms_portal_get_cart(self.dist_a, create=True)
        cart._dms_portal_add_products({self.product_water.id: 5.0})
        self.start_tour("/my/dms/cart", "dms_portal_checkout_address", login=self.portal_a_user.login)
        self.assertFalse(cart.dms_portal_cart)
        self.assertEqual(cart.partner_shipping_id, pudong)
        self.assertEqual(str(cart.commitment_date.date()), "2031-06-15")
        self.assertEqual(cart.client_order_ref, "PO-7788")
        cart.with_user(self.user_hq).action_confirm()
        self.assertFalse(self.env["dms.order.alert"].search([("order_id", "=", cart.id)]), "no false 窜货 alert")
