# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin, new_test_user

from ..tools.routing import route
from .common import DmsInventoryCommon


def _cand(cid, covers=True, zip_code="", city="", state=None, coords=None, stock=None):
    return {
        "id": cid,
        "covers": covers,
        "zip": zip_code,
        "city": city,
        "state_id": state,
        "coords": coords,
        "stock": stock if stock is not None else {1: 10},
    }


@tagged("post_install", "-at_install")
class TestRouteFunction(BaseCase):
    def test_zip_then_city_then_province(self):
        cands = [_cand(1, state=5), _cand(2, city="Hangzhou"), _cand(3, zip_code="310012")]
        self.assertEqual(route(cands, {"zip": "310015", "city": "Hangzhou", "state_id": 5}, {1: 1}), [3, 2, 1])

    def test_distance_when_coordinates(self):
        cands = [
            _cand(1, city="Shanghai", coords=(31.30, 121.50)),
            _cand(2, city="Shanghai", coords=(31.23, 121.47)),
            _cand(3, city="Shanghai"),
        ]
        address = {"city": "Shanghai", "coords": (31.22, 121.46)}
        self.assertEqual(route(cands, address, {1: 1}), [2, 1, 3], "nearest first, unknown distance last")

    def test_ties_are_stable(self):
        cands = [_cand(7, city="X"), _cand(3, city="X"), _cand(5, city="X")]
        self.assertEqual(route(cands, {"city": "X"}, {1: 1}), [3, 5, 7])

    def test_no_stock_and_out_of_territory(self):
        cands = [_cand(1, stock={1: 2}), _cand(2, covers=False), _cand(3, stock={})]
        self.assertEqual(route(cands, {}, {1: 3}), [])
        self.assertEqual(route(cands, {}, {1: 2}), [1])
        self.assertEqual(route(cands, {}, {1: 2}, exclude=[1]), [])


@tagged("post_install", "-at_install")
class TestRoutedOrder(DmsInventoryCommon, HttpCase, DmsRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)
        cls.env.company.dms_inventory_accept_hours = 4
        cls.state_sh = env["res.country.state"].search([("country_id", "=", cls.country_cn.id)], limit=1)
        cls.terr_east.state_ids = cls.state_sh
        cls.retail_a.write({"city": "Shanghai", "zip": "200200"})
        cls.sub_a.write({"city": "Shanghai", "zip": "200100"})
        cls._give_stock(cls.retail_a, cls.product_tea, 5)
        cls._give_stock(cls.sub_a, cls.product_tea, 50)
        cls._give_stock(cls.sub_b, cls.product_tea, 50)  # West: out of territory
        cls.eshop = new_test_user(env, login="dms_eshop", groups="base.group_user,dms_inventory.group_dms_eshop")
        cls.customer = {
            "customer_name": "张三",
            "phone": "13800000000",
            "city": "Shanghai",
            "zip": "200201",
            "state_id": cls.state_sh.id,
        }

    def _create(self, qty=2):
        return (
            self.env["dms.inventory.routed.order"]
            .sudo()
            ._route_create(dict(self.customer), [(self.product_tea.id, qty)], "portal")
        )

    def test_nearest_with_stock_then_timeout_then_hq(self):
        order = self._create(qty=2)
        self.assertEqual(order.territory_id, self.terr_shanghai)
        self.assertEqual((order.state, order.dealer_id), ("offered", self.retail_a), "same zip area first")
        later = fields.Datetime.now() + timedelta(hours=5)
        with patch.object(fields.Datetime, "now", return_value=later):
            self.env["dms.inventory.routed.order"]._cron_timeout()
        self.assertEqual(order.dealer_id, self.sub_a, "timeout: next candidate")
        order.with_user(self.portal_sub_a).action_reject()
        self.assertEqual(order.state, "hq", "no candidate left (sub_b is out of territory, dist_a has no stock)")
        self.assertFalse(order.dealer_id)

    def test_no_stock_goes_to_hq(self):
        order = self._create(qty=500)
        self.assertEqual(order.state, "hq")

    def test_accept_makes_channel_order_of_dealer(self):
        order = self._create(qty=2)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_sub_a).action_accept()  # not offered to it
        order.with_user(self.portal_retail_a).action_accept()
        channel = order.channel_order_id
        self.assertEqual((channel.seller_id, channel.state), (self.retail_a, "accepted"))
        self.assertEqual(channel.buyer_id.name, "张三")
        self.assertEqual(channel.line_ids.product_qty, 2.0)
        # it counts as the dealer's sale: shipping takes its stock
        channel.with_user(self.portal_retail_a).action_ship()
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 3.0)
        with self.assertRaises(UserError):
            order.with_user(self.portal_retail_a).action_accept()

    def test_late_accept_refused(self):
        order = self._create()
        later = fields.Datetime.now() + timedelta(hours=5)
        with patch.object(fields.Datetime, "now", return_value=later), self.assertRaises(UserError):
            order.with_user(self.portal_retail_a).action_accept()

    def test_eshop_rpc(self):
        result = self.rpc(
            self.eshop, "dms.inventory.routed.order", "dms_eshop_submit", self.customer, [[self.product_tea.id, 1]]
        )
        self.assertEqual(result["state"], "offered")
        self.assertRpcRefused(
            self.portal_sub_a,
            "dms.inventory.routed.order",
            "dms_eshop_submit",
            self.customer,
            [[self.product_tea.id, 1]],
        )
        self.assertRpcRefused(
            self.eshop,
            "dms.inventory.routed.order",
            "dms_eshop_submit",
            {"customer_name": ""},
            [[self.product_tea.id, 1]],
            exception="UserError",
        )
        self.assertRpcRefused(self.eshop, "dms.inventory.routed.order", "create", {"customer_name": "x"})

    def test_rpc_attacks_and_visibility(self):
        order = self._create()
        self.assertRpcRefused(
            self.portal_retail_a, "dms.inventory.routed.order", "write", [order.id], {"dealer_id": self.retail_a.id}
        )
        self.assertRpcRefused(self.portal_sub_a, "dms.inventory.routed.order", "action_accept", [order.id])
        Routed = self.env["dms.inventory.routed.order"]
        self.assertEqual(Routed.with_user(self.portal_retail_a).search([]), order)
        self.assertFalse(Routed.with_user(self.portal_sub_a).search([]))
        self.assertEqual(Routed.with_user(self.user_region_east).search([]), order)
        self.assertFalse(Routed.with_user(self.user_region_west).search([]))

    def test_public_form(self):
        self.authenticate(None, None)
        page = self.url_open("/o2o/order")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            "/o2o/order/submit",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "customer_name": "李四",
                "phone": "139",
                "city": "Shanghai",
                "zip": "200201",
                "state_id": str(self.state_sh.id),
                "product_0": str(self.product_tea.id),
                "qty_0": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        order = self.env["dms.inventory.routed.order"].sudo().search([("customer_name", "=", "李四")])
        self.assertEqual(order.dealer_id, self.retail_a)
