# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promotions (满减, 赠品: sale_loyalty programs targeted by dms_pricing) in the catalog and the cart,
and the rebate wallet (dms_rebate) spent at checkout within its cap: attacked over HTTP."""

from urllib.parse import parse_qs, urlparse

from odoo import Command, fields, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsPortalMixin


class DmsPortalPromotionMixin(DmsPortalMixin):
    @classmethod
    def _setup_dms_promotions(cls):
        Program = cls.env["loyalty.program"]
        # 满减: 20 off any order of 200 or more, for Distributor A only
        cls.program_fullcut = Program.create(
            {
                "name": "满减 A: 20 off 200",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "dms_partner_ids": [Command.set(cls.dist_a.ids)],
                "rule_ids": [
                    Command.create({"minimum_amount": 200, "reward_point_amount": 1, "reward_point_mode": "order"})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 20,
                            "discount_mode": "per_order",
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        # 赠品: one water free for every 10 teas, for Distributor A only
        cls.program_gift = Program.create(
            {
                "name": "赠品 A: buy 10 tea get 1 water",
                "program_type": "buy_x_get_y",
                "trigger": "auto",
                "applies_on": "current",
                "dms_partner_ids": [Command.set(cls.dist_a.ids)],
                "rule_ids": [
                    Command.create(
                        {
                            "product_ids": [Command.set(cls.product_tea.ids)],
                            "reward_point_mode": "unit",
                            "reward_point_amount": 1,
                            "minimum_qty": 10,
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "product",
                            "reward_product_id": cls.product_water.id,
                            "reward_product_qty": 1,
                            "required_points": 10,
                        }
                    )
                ],
            }
        )
        # a program for Distributor B only: never shown to A, never applied to A's cart
        cls.program_b = Program.create(
            {
                "name": "Only for B: half price",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "dms_partner_ids": [Command.set(cls.dist_b.ids)],
                "rule_ids": [
                    Command.create({"minimum_amount": 0, "reward_point_amount": 1, "reward_point_mode": "order"})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 50,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )

    @classmethod
    def _credit_wallet(cls, dealer, amount):
        wallet = cls.env["dms.rebate.wallet"].sudo()._get_or_create(dealer, cls.env.company)
        cls.env["dms.rebate.wallet.line"].sudo().create(
            {
                "wallet_id": wallet.id,
                "line_type": "credit",
                "amount": amount,
                "expiry_date": fields.Date.add(fields.Date.today(), days=90),
                "name": "Credit",
            }
        )
        return wallet


@tagged("post_install", "-at_install")
class TestPortalPromotionWallet(DmsPortalPromotionMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()
        cls._setup_dms_promotions()
        cls.wallet_a = cls._credit_wallet(cls.dist_a, 1000.0)
        cls.wallet_sub = cls._credit_wallet(cls.sub_a, 1000.0)

    def _post(self, url, data=None):
        response = self.url_open(url, data=dict(data or {}, csrf_token=http.Request.csrf_token(self)))
        self.env.invalidate_all()
        return response

    def _login(self, user=None):
        user = user or self.portal_a_user
        self.authenticate(user.login, user.login)

    def _cart(self, user=None, customer=None):
        return self.env["sale.order"].search(
            [
                ("dms_portal_cart", "=", True),
                ("dms_ordered_by_user_id", "=", (user or self.portal_a_user).id),
                ("partner_id.commercial_partner_id", "=", (customer or self.dist_a).id),
            ]
        )

    def _error(self, response):
        return parse_qs(urlparse(response.url).query).get("error", [""])[0]

    def _balance(self, wallet):
        wallet.invalidate_recordset()
        return wallet._get_balance()

    def _fill_cart(self, tea=10):
        self._login()
        self._post("/my/dms/cart/add", {"product_id": self.product_tea.id, "qty": str(tea)})
        cart = self._cart()
        self.assertTrue(cart)
        return cart

    # ------------------------------------------------------------------
    # Promotions
    # ------------------------------------------------------------------
    def test_catalog_shows_the_promotions_targeted_at_the_dealer(self):
        self._login()
        page = self.url_open("/my/dms/catalog").text
        self.assertIn("o_dms_order_promotions", page, "满减 on the whole order is announced above the catalog")
        self.assertIn("满减 A: 20 off 200", page)
        self.assertIn("赠品 A: buy 10 tea get 1 water", page)
        self.assertIn("o_dms_promo_badge", page)
        self.assertNotIn("Only for B", page, "a program targeted at another dealer is never shown")
        # the badge sits on the tea card (the rule's product), not on the water card
        tea_card = page.split('data-sku="TT-01"')[1].split("o_dms_product_card")[0]
        water_card = page.split('data-sku="TW-01"')[1].split("o_dms_product_card")[0]
        self.assertIn("赠品 A", tea_card)
        self.assertNotIn("赠品 A", water_card)
        self._login(self.portal_b_admin)
        page_b = self.url_open("/my/dms/catalog").text
        self.assertIn("Only for B", page_b)
        self.assertNotIn("满减 A", page_b)

    def test_cart_applies_promotions_as_the_back_office(self):
        cart = self._fill_cart(tea=10)
        rewards = cart.order_line.filtered("reward_id")
        self.assertEqual(rewards.reward_id, self.program_fullcut.reward_ids | self.program_gift.reward_ids)
        gift = rewards.filtered(lambda line: line.reward_id.program_id == self.program_gift)
        self.assertEqual((gift.product_id, gift.product_uom_qty), (self.product_water, 1.0))
        self.assertNotIn(self.program_b, cart.order_line.reward_id.program_id)
        # the same order entered in the back office, promotions claimed with the engine's own calls
        back_office = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [Command.create({"product_id": self.product_tea.id, "product_uom_qty": 10})],
            }
        )
        back_office._update_programs_and_rewards()
        for coupon, claimable in back_office._get_claimable_rewards().items():
            back_office._apply_program_reward(claimable, coupon)
        self.assertEqual(cart.order_line.reward_id, back_office.order_line.reward_id)
        self.assertAlmostEqual(cart.amount_untaxed, back_office.amount_untaxed)
        self.assertAlmostEqual(cart.amount_total, back_office.amount_total)
        # the cart and the checkout summary show them
        self.assertIn("o_dms_cart_promotion", self.url_open("/my/dms/cart").text)
        self.assertIn("o_dms_summary_promotion", self.url_open("/my/dms/cart/checkout").text)
        # below the thresholds the engine removes them again
        tea_line = cart._dms_portal_product_lines()
        self._post("/my/dms/cart/update", {"line_id": tea_line.id, "qty": "2"})
        self.assertFalse(cart.order_line.filtered("reward_id"), "2 teas = 45: no 满减, no gift")

    def test_a_program_not_targeted_at_the_dealer_is_refused(self):
        cart = self._fill_cart(tea=10)
        before = cart.order_line.reward_id
        response = self._post("/my/dms/cart/reward", {"reward_id": self.program_b.reward_ids.id})
        self.assertIn("not available", self._error(response))
        self.assertEqual(cart.order_line.reward_id, before)
        with self.assertRaises(UserError):
            cart.with_user(self.portal_a_user)._dms_portal_claim_reward(self.program_b.reward_ids.id)
        # an already applied reward cannot be claimed twice either
        response = self._post("/my/dms/cart/reward", {"reward_id": self.program_fullcut.reward_ids.id})
        self.assertIn("not available", self._error(response))
        self.assertEqual(len(cart.order_line.filtered("reward_id")), 2)
        # nor can a reward line be edited as if it were a product the dealer chose
        gift = cart.order_line.filtered(lambda line: line.reward_id.program_id == self.program_gift)
        response = self._post("/my/dms/cart/update", {"line_id": gift.id, "qty": "50"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(gift.product_uom_qty, 1.0)

    # ------------------------------------------------------------------
    # Rebate wallet
    # ------------------------------------------------------------------
    def test_wallet_within_the_cap(self):
        cart = self._fill_cart(tea=10)  # 225 - 20 off + a free water (0) = 205 untaxed
        info = cart._dms_portal_wallet_info()
        share = self.env.company.dms_rebate_wallet_max_share
        self.assertAlmostEqual(info["max"], cart.currency_id.round(cart.amount_untaxed * share / 100.0))
        page = self.url_open("/my/dms/cart/checkout").text
        self.assertIn("o_dms_wallet_max", page)
        response = self._post("/my/dms/cart/wallet", {"wallet_amount": "30", "client_order_ref": "PO-1"})
        self.assertFalse(self._error(response))
        self.assertIn("client_order_ref=PO-1", response.url, "what the dealer typed at checkout is kept")
        self.assertAlmostEqual(cart.rebate_wallet_amount, 30.0)
        self.assertAlmostEqual(self._balance(self.wallet_a), 970.0)
        # 0 gives it all back
        self._post("/my/dms/cart/wallet", {"wallet_amount": "0"})
        self.assertFalse(cart.order_line.filtered("is_dms_rebate"))
        self.assertAlmostEqual(self._balance(self.wallet_a), 1000.0)

    def test_wallet_beyond_the_cap_or_the_balance_is_refused(self):
        cart = self._fill_cart(tea=10)
        cap = cart._dms_portal_wallet_info()["max"]
        response = self._post("/my/dms/cart/wallet", {"wallet_amount": str(cap + 1)})
        self.assertIn("at most", self._error(response))
        self.assertFalse(cart.order_line.filtered("is_dms_rebate"))
        self.assertAlmostEqual(self._balance(self.wallet_a), 1000.0)
        # beyond the balance: a wallet holding 5 with a cap of 100 %
        self.env.company.dms_rebate_wallet_max_share = 100.0
        self.wallet_a._consume(995.0, fields.Date.today(), {"line_type": "debit", "name": "Spent elsewhere"})
        response = self._post("/my/dms/cart/wallet", {"wallet_amount": "50"})
        self.assertIn("cannot be used", self._error(response))
        self.assertFalse(cart.order_line.filtered("is_dms_rebate"))
        self.assertAlmostEqual(self._balance(self.wallet_a), 5.0)

    def test_wallet_forged_amounts_are_refused(self):
        cart = self._fill_cart(tea=10)
        self._post("/my/dms/cart/wallet", {"wallet_amount": "10"})
        for forged in ("-50", "abc", "nan", "inf", "1e99", "10;DROP"):
            with self.subTest(amount=forged):
                response = self._post("/my/dms/cart/wallet", {"wallet_amount": forged})
                self.assertIn(forged, self._error(response))
                self.assertAlmostEqual(cart.rebate_wallet_amount, 10.0, msg="the earlier amount is kept")
        self.assertAlmostEqual(self._balance(self.wallet_a), 990.0)
        # the submit route takes no wallet amount: a forged one is ignored
        address = self.env["res.partner"].create({"name": "A Dock", "parent_id": self.dist_a.id, "type": "delivery"})
        self._post("/my/dms/cart/submit", {"shipping_id": address.id, "wallet_amount": "999"})
        self.assertFalse(cart.dms_portal_cart)
        self.assertAlmostEqual(cart.rebate_wallet_amount, 10.0)
        # over JSON-RPC the portal user can neither add a wallet line nor run the back-office action
        self.assertRpcRefused(self.portal_a_user, "sale.order", "action_dms_apply_rebate_wallet", [cart.id])
        self.assertRpcRefused(
            self.portal_a_user,
            "sale.order.line",
            "create",
            [{"order_id": cart.id, "product_id": self.env.ref("dms_rebate.product_dms_rebate").id, "price_unit": -500}],
            exception=("AccessError", "UserError"),
        )

    def test_wallet_double_submit_debits_once(self):
        cart = self._fill_cart(tea=10)
        for _i in range(2):
            self._post("/my/dms/cart/wallet", {"wallet_amount": "25"})
        self.assertEqual(len(cart.order_line.filtered("is_dms_rebate")), 1)
        self.assertAlmostEqual(self._balance(self.wallet_a), 975.0)
        address = self.env["res.partner"].create({"name": "A Dock", "parent_id": self.dist_a.id, "type": "delivery"})
        first = self._post("/my/dms/cart/submit", {"shipping_id": address.id})
        self.assertIn(f"/my/dms/orders/{cart.id}/submitted", first.url)
        second = self._post("/my/dms/cart/submit", {"shipping_id": address.id})
        self.assertEqual(second.status_code, 404, "the cart was submitted: nothing to submit again")
        self.assertAlmostEqual(self._balance(self.wallet_a), 975.0)
        self.assertEqual(cart.dms_state, "approved")
        self.assertAlmostEqual(cart.rebate_wallet_amount, 25.0)

    def test_wallet_follows_the_cart_down_to_its_cap(self):
        cart = self._fill_cart(tea=20)
        cap = cart._dms_portal_wallet_info()["max"]
        self._post("/my/dms/cart/wallet", {"wallet_amount": str(cap)})
        self.assertAlmostEqual(cart.rebate_wallet_amount, cap)
        self._post("/my/dms/cart/update", {"line_id": cart._dms_portal_product_lines().id, "qty": "5"})
        new_cap = cart._dms_portal_wallet_info()["max"]
        self.assertLess(new_cap, cap)
        self.assertAlmostEqual(cart.rebate_wallet_amount, new_cap, msg="the wallet line shrank to the new cap")
        self.assertAlmostEqual(self._balance(self.wallet_a), 1000.0 - new_cap, msg="the rest was given back")

    def test_upstream_admin_cannot_spend_a_downstream_wallet(self):
        """Ordering on behalf (代客下单) is no right to spend the customer's rebate wallet."""
        self._login(self.portal_a_admin)
        self._post("/my/dms/behalf", {"customer_id": self.sub_a.id})
        self._post("/my/dms/cart/add", {"product_id": self.product_water.id, "qty": "30"})
        cart = self._cart(self.portal_a_admin, self.sub_a)
        self.assertTrue(cart)
        self.assertNotIn("o_dms_wallet_apply", self.url_open("/my/dms/cart/checkout").text)
        response = self._post("/my/dms/cart/wallet", {"wallet_amount": "10"})
        self.assertIn("Only the customer", self._error(response))
        self.assertFalse(cart.order_line.filtered("is_dms_rebate"))
        self.assertAlmostEqual(self._balance(self.wallet_sub), 1000.0)

    def test_no_cart_no_wallet(self):
        """Without a cart of its own (another user's cart id is never taken from the request)."""
        self._login(self.portal_b_admin)
        response = self._post("/my/dms/cart/wallet", {"wallet_amount": "10", "order_id": "1"})
        self.assertEqual(response.status_code, 404)
        response = self._post("/my/dms/cart/reward", {"reward_id": self.program_b.reward_ids.id})
        self.assertEqual(response.status_code, 404)
