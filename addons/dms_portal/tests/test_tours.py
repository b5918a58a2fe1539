# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin
from .test_promotion_wallet import DmsPortalPromotionMixin


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


class PromoWalletTourMixin(DmsPortalPromotionMixin):
    @classmethod
    def _setup_promo_wallet_tour(cls):
        cls._setup_dms_portal()
        cls._setup_dms_promotions()
        cls.wallet_a = cls._credit_wallet(cls.dist_a, 1000.0)
        cls.pudong = cls.env["res.partner"].create(
            {"name": "Pudong Warehouse", "parent_id": cls.dist_a.id, "type": "delivery", "zip": "200120"}
        )

    def _assert_promo_wallet_order(self):
        order = self.env["sale.order"].search(
            [("dms_ordered_by_user_id", "=", self.portal_a_user.id), ("dms_portal_cart", "=", False)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_shipping_id, self.pudong)
        self.assertEqual(str(order.commitment_date.date()), "2031-06-15")
        self.assertEqual(order.order_line.reward_id.program_id, self.program_fullcut | self.program_gift)
        self.assertAlmostEqual(order.rebate_wallet_amount, 30.0)
        self.assertEqual(order.dms_state, "approved")


@tagged("post_install", "-at_install")
class TestPortalToursDesktop(PromoWalletTourMixin, HttpCase):
    """English, desktop width (Odoo's default 1366x768)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_promo_wallet_tour()

    def test_tour_promotion_wallet_checkout_en(self):
        self.assertEqual(self.portal_a_user.lang, "en_US")
        self.start_tour("/my/dms/catalog", "dms_portal_promo_wallet_en", login=self.portal_a_user.login)
        self._assert_promo_wallet_order()


@tagged("post_install", "-at_install")
class TestPortalToursPhoneZh(PromoWalletTourMixin, HttpCase):
    """Simplified Chinese at phone width (390 px), with the translations of the modules loaded."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["portal", "sale", "sale_loyalty", "dms_portal"], ["zh_CN"])
        cls._setup_promo_wallet_tour()
        (cls.portal_a_user | cls.portal_a_admin).write({"lang": "zh_CN"})

    def test_tour_promotion_wallet_checkout_zh_phone(self):
        self.start_tour("/my/dms/catalog", "dms_portal_promo_wallet_zh", login=self.portal_a_user.login)
        self._assert_promo_wallet_order()

    def test_tour_every_page_fits_a_phone_zh(self):
        self.start_tour("/my/dms", "dms_portal_phone_pages", login=self.portal_a_admin.login)
