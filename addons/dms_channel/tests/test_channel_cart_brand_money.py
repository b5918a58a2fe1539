# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelCartBrandMoney(DmsChannelMixin, TransactionCase):
    """A cart that becomes a channel order of the customer's dealer is not paid by the brand:
    no rebate wallet, no brand promotion; the brand's own customers keep both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)

    def _cart(self, user, customer):
        return self.env["sale.order"].with_user(user)._dms_portal_get_cart(customer, create=True)

    def test_dealer_served_cart_gets_no_brand_wallet(self):
        cart = self._cart(self.portal_retail_a, self.retail_a)
        self.assertTrue(cart._dms_channel_served_cart())
        self.assertFalse(cart._dms_portal_wallet_info()["allowed"])
        self.assertEqual(cart._dms_portal_claimable_choices(), [])
        with self.assertRaisesRegex(UserError, "rebate wallet"):
            cart._dms_portal_set_wallet("10")

    def test_brand_served_cart_keeps_the_wallet_offer(self):
        cart = self._cart(self.portal_a_user, self.dist_a)
        self.assertFalse(cart._dms_channel_served_cart())
        self.assertTrue(cart._dms_portal_wallet_info()["allowed"])
