# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta
from urllib.parse import unquote_plus

from odoo import fields, http, sql_db
from odoo.tests import HttpCase, tagged

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelStockPortal(DmsChannelMixin, HttpCase):
    """/my/channel/stock: own stock, downstream read only for the administrator, counts for the own dealer once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        today = fields.Date.today()
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0, "LOT-TEA", today + timedelta(days=10))
        cls._give_stock(cls.sub_a, cls.product_water, 5.0, "LOT-WATER", today + timedelta(days=200))
        cls._give_stock(cls.dist_a, cls.product_water, 20.0, "LOT-DIST-A")
        cls._give_stock(cls.dist_b, cls.product_tea, 7.0, "LOT-DIST-B")
        Stock = cls.env(su=True)["dms.channel.stock"]
        cls.row_tea = Stock.search([("dealer_id", "=", cls.sub_a.id), ("product_id", "=", cls.product_tea.id)])
        cls.row_water = Stock.search([("dealer_id", "=", cls.sub_a.id), ("product_id", "=", cls.product_water.id)])

    def _get(self, user, url):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        return self.url_open(url, allow_redirects=False)

    def _post(self, user, url, **data):
        self.authenticate(user.login, user.login)
        response = self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)), allow_redirects=False)
        self.env.invalidate_all()  # the request changed the records behind this test's cache
        return response

    def _token(self, user):
        page = self._get(user, "/my/channel/stock")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="token" value="([^"]+)"', page.text).group(1)

    def _adjustments(self, dealer):
        return (
            self.env["dms.channel.stock.move"]
            .sudo()
            .search([("dealer_id", "=", dealer.id), ("kind", "=", "adjustment")])
        )

    def test_own_stock_near_expiry_and_ledger(self):
        response = self._get(self.portal_sub_a, "/my/channel/stock")
        self.assertEqual(response.status_code, 200)
        self.assertIn("LOT-TEA", response.text)
        self.assertIn("LOT-WATER", response.text)
        self.assertNotIn("LOT-DIST-A", response.text)
        self.assertNotIn("LOT-DIST-B", response.text)
        self.assertEqual(len(re.findall(r"o_dms_stock_row", response.text)), 2)
        # tea expires in 10 days, water in 200: only tea is highlighted
        self.assertEqual(len(re.findall(r"o_dms_stock_near_expiry", response.text)), 1)
        self.assertIn("o_dms_stock_count_form", response.text)
        self.assertNotIn("o_dms_stock_readonly", response.text)
        # the ledger of one product
        ledger = self._get(self.portal_sub_a, f"/my/channel/stock/{self.product_tea.id}?dealer={self.sub_a.id}")
        self.assertEqual(ledger.status_code, 200)
        self.assertEqual(len(re.findall(r"o_dms_stock_move_row", ledger.text)), 1)
        self.assertIn("test sell-in", ledger.text)
        # a plain user of dist_a sees its own dealer only, no picker, nothing downstream
        response = self._get(self.portal_a_user, "/my/channel/stock")
        self.assertIn("LOT-DIST-A", response.text)
        self.assertNotIn("o_dms_stock_picker", response.text)
        self.assertEqual(self._get(self.portal_a_user, f"/my/channel/stock?dealer={self.sub_a.id}").status_code, 404)
        url = f"/my/channel/stock/{self.product_tea.id}?dealer={self.sub_a.id}"
        self.assertEqual(self._get(self.portal_a_user, url).status_code, 404)
        # the public is sent to log in
        self.assertIn(self._get(None, "/my/channel/stock").status_code, (302, 303))

    def test_downstream_read_only_for_the_administrator(self):
        response = self._get(self.portal_a_admin, "/my/channel/stock")
        self.assertIn("o_dms_stock_picker", response.text)
        self.assertIn(self.sub_a.name, response.text)
        self.assertNotIn(self.dist_b.name, response.text)
        self.assertNotIn(self.sub_b.name, response.text)
        response = self._get(self.portal_a_admin, f"/my/channel/stock?dealer={self.sub_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("LOT-TEA", response.text)
        self.assertIn("o_dms_stock_readonly", response.text)
        self.assertNotIn("o_dms_stock_count_form", response.text)
        url = f"/my/channel/stock/{self.product_tea.id}?dealer={self.sub_a.id}"
        self.assertEqual(self._get(self.portal_a_admin, url).status_code, 200)
        # a count of the downstream's stock is refused, whatever the form says
        token = self._token(self.portal_a_admin)
        data = {"token": token, "reason": "audit", f"count_{self.row_tea.id}": "1"}
        self.assertEqual(self._post(self.portal_a_admin, "/my/channel/stock/count", **data).status_code, 403)
        data["dealer"] = str(self.sub_a.id)
        self.assertEqual(self._post(self.portal_a_admin, "/my/channel/stock/count", **data).status_code, 403)
        self.assertFalse(self._adjustments(self.sub_a))
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 10.0)

    def test_other_network_is_not_found(self):
        for url in (
            f"/my/channel/stock?dealer={self.sub_a.id}",
            f"/my/channel/stock/{self.product_tea.id}?dealer={self.sub_a.id}",
            f"/my/channel/stock?dealer={self.dist_a.id}",
            "/my/channel/stock?dealer=abc",
        ):
            self.assertEqual(self._get(self.portal_b_admin, url).status_code, 404, url)
        # upstream is not downstream either
        self.assertEqual(self._get(self.portal_sub_a, f"/my/channel/stock?dealer={self.dist_a.id}").status_code, 404)
        response = self._get(self.portal_b_admin, "/my/channel/stock")
        self.assertNotIn(self.sub_a.name, response.text)
        self.assertNotIn("LOT-TEA", response.text)
        # another network's stock row cannot be counted either
        token = self._token(self.portal_b_admin)
        data = {"token": token, "reason": "audit", f"count_{self.row_tea.id}": "0"}
        self.assertEqual(self._post(self.portal_b_admin, "/my/channel/stock/count", **data).status_code, 403)
        self.assertFalse(self._adjustments(self.sub_a))

    def test_count_posts_variance_once(self):
        token = self._token(self.portal_sub_a)
        data = {
            "token": token,
            "reason": "broken bottles",
            f"count_{self.row_tea.id}": "7",
            f"count_{self.row_water.id}": "5",  # equal to on hand: nothing posted
        }
        for _click in range(2):  # a double submit
            response = self._post(self.portal_sub_a, "/my/channel/stock/count", **data)
            self.assertIn(response.status_code, (302, 303))
        self.assertIn("error=", response.headers["Location"])
        moves = self._adjustments(self.sub_a)
        self.assertRecordValues(
            moves,
            [{"product_id": self.product_tea.id, "lot_name": "LOT-TEA", "qty": -3.0, "reason": "broken bottles"}],
        )
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 7.0)
        self.assertEqual(self._on_hand(self.sub_a, self.product_water), 5.0)
        self.assertLedgerConsistent()
        # a count equal to on hand posts nothing
        data = {"token": self._token(self.portal_sub_a), "reason": "check", f"count_{self.row_tea.id}": "7"}
        response = self._post(self.portal_sub_a, "/my/channel/stock/count", **data)
        self.assertIn("done=", response.headers["Location"])
        self.assertEqual(len(self._adjustments(self.sub_a)), 1)
        # the count shows in the ledger with its reason
        ledger = self._get(self.portal_sub_a, f"/my/channel/stock/{self.product_tea.id}")
        self.assertIn("broken bottles", ledger.text)

    def test_count_needs_reason_and_writes_nothing_on_bad_input(self):
        token = self._token(self.portal_sub_a)
        for data in (
            {f"count_{self.row_tea.id}": "4"},  # no reason
            {f"count_{self.row_tea.id}": "4", "reason": "   "},
            {f"count_{self.row_tea.id}": "4", f"count_{self.row_water.id}": "-1", "reason": "x"},
            {f"count_{self.row_tea.id}": "four", "reason": "x"},
            {"reason": "x"},  # nothing counted
        ):
            response = self._post(self.portal_sub_a, "/my/channel/stock/count", token=token, **data)
            self.assertIn("error=", response.headers["Location"], data)
        self.assertFalse(self._adjustments(self.sub_a))
        # a forged or missing token posts nothing
        data = {"reason": "x", f"count_{self.row_tea.id}": "4"}
        for forged in ("", "0" * 64):
            response = self._post(self.portal_sub_a, "/my/channel/stock/count", token=forged, **data)
            self.assertIn("already posted", unquote_plus(response.headers["Location"]))
        self.assertFalse(self._adjustments(self.sub_a))
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 10.0)

    def test_count_in_a_new_lot_and_a_product_held_none_of(self):
        Product = self.env["product.product"].sudo()
        lot_product = Product.create(
            {"name": "Test Lot Juice", "type": "consu", "is_storable": True, "tracking": "lot"}
        )
        not_sold = Product.create({"name": "Test Not For Sale", "type": "consu", "sale_ok": False})
        page = self._get(self.portal_sub_a, "/my/channel/stock").text
        self.assertIn("o_dms_stock_count_new", page)
        self.assertIn("Test Lot Juice", page)
        self.assertNotIn("Test Not For Sale", page)
        expiry = fields.Date.today() + timedelta(days=45)
        # a lot-tracked product needs its lot; an unauthorised product is refused; nothing is written
        for data in (
            {"new_product_id": str(lot_product.id), "new_qty": "3"},
            {"new_product_id": str(not_sold.id), "new_qty": "3"},
            {"new_product_id": str(self.product_tea.id), "new_lot": "LOT-TEA", "new_qty": "3"},  # already held
            {"new_product_id": "abc", "new_qty": "3"},
            {"new_product_id": str(lot_product.id), "new_lot": "L", "new_qty": "-1"},
        ):
            response = self._post(
                self.portal_sub_a,
                "/my/channel/stock/count",
                token=self._token(self.portal_sub_a),
                reason="found",
                **data,
            )
            self.assertIn("error=", response.headers["Location"], data)
        self.assertFalse(self._adjustments(self.sub_a))
        data = {
            "token": self._token(self.portal_sub_a),
            "reason": "found in the back room",
            f"count_{self.row_tea.id}": "9",
            "new_product_id": str(lot_product.id),
            "new_lot": "JUICE-01",
            "new_expiry": fields.Date.to_string(expiry),
            "new_qty": "4",
        }
        for _click in range(2):  # a double submit posts once
            response = self._post(self.portal_sub_a, "/my/channel/stock/count", **data)
        self.assertIn("error=", response.headers["Location"])
        self.assertRecordValues(
            self._adjustments(self.sub_a).sorted("qty"),
            [
                {"product_id": self.product_tea.id, "lot_name": "LOT-TEA", "qty": -1.0, "expiration_date": False},
                {"product_id": lot_product.id, "lot_name": "JUICE-01", "qty": 4.0, "expiration_date": expiry},
            ],
        )
        self.assertEqual(self._on_hand(self.sub_a, lot_product), 4.0)
        # a second lot of the same product, not held yet
        data = {
            "token": self._token(self.portal_sub_a),
            "reason": "second pallet",
            "new_product_id": str(lot_product.id),
            "new_lot": "JUICE-02",
            "new_qty": "2",
        }
        self._post(self.portal_sub_a, "/my/channel/stock/count", **data)
        self.assertEqual(self._on_hand(self.sub_a, lot_product), 6.0)
        # the upstream administrator cannot count in goods for its downstream
        data = {"token": self._token(self.portal_a_admin), "reason": "x", "dealer": str(self.sub_a.id)}
        data.update(new_product_id=str(self.product_tea.id), new_qty="1")
        self.assertEqual(self._post(self.portal_a_admin, "/my/channel/stock/count", **data).status_code, 403)
        self.assertLedgerConsistent()

    def _page_queries(self, user):
        self.authenticate(user.login, user.login)
        self.url_open("/my/channel/stock")  # warm the caches
        before = sql_db.sql_counter
        response = self.url_open("/my/channel/stock")
        count = sql_db.sql_counter - before
        self.assertEqual(response.status_code, 200)
        return count, len(re.findall(r"o_dms_stock_row", response.text))

    def test_stock_page_query_count_is_flat(self):
        products = (
            self.env["product.product"]
            .sudo()
            .create([{"name": f"Test Stock Product {n}", "type": "consu", "is_storable": True} for n in range(30)])
        )
        for product in products[:3]:
            self._give_stock(self.sub_b, product, 1.0, f"LOT-{product.id}", fields.Date.today())
        few, rows = self._page_queries(self._sub_b_user())
        self.assertEqual(rows, 3)
        self.assertGreater(few, 0)
        for product in products[3:]:
            self._give_stock(self.sub_b, product, 1.0, f"LOT-{product.id}", fields.Date.today())
        many, rows = self._page_queries(self._sub_b_user())
        self.assertEqual(rows, 30)
        self.assertEqual(few, many, "the stock page costs the same number of queries for 3 and 30 rows")

    def _sub_b_user(self):
        if not hasattr(self, "_portal_sub_b"):
            self._portal_sub_b = self._dms_portal_user("dms_portal_stock_sub_b", self.sub_b)
        return self._portal_sub_b
