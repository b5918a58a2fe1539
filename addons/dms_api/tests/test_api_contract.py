# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Contract tests: every endpoint, as each role, answers what ``static/openapi.json`` says."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools import contract
from .common import SPEC, DmsApiMixin


@tagged("post_install", "-at_install")
class TestApiContract(DmsApiMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_api()

    def _order(self, user=None, key="PO-1", **body):
        body.setdefault("lines", [{"sku": "TW-01", "qty": 5}])
        return self.api(user or self.portal_a_user, "POST", "/orders", body, key=key, status=201)[1]

    def _orders_of(self, dealer):
        return self.env["sale.order"].search([("partner_id", "child_of", dealer.id), ("dms_portal_cart", "=", False)])

    # ------------------------------------------------------------------
    def test_openapi_served_and_checkable(self):
        self.opener.cookies.clear()
        response = self.opener.get(self.base_url() + "/api/dms/v1/openapi.json", timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), SPEC)
        unknown = []
        for name, schema in SPEC["components"]["schemas"].items():
            unknown += contract.unknown_keywords(schema, name)
        self.assertEqual(unknown, [], "the contract checker must understand every keyword of the spec")

    def test_authentication(self):
        self.opener.cookies.clear()
        for headers in ({}, {"Authorization": "Bearer not-a-key"}):
            response = self.opener.get(self.base_url() + "/api/dms/v1/me", headers=headers, timeout=30)
            self.assertEqual(response.status_code, 401)
        # an archived user's key stops working
        self.api(self.portal_a_user, "GET", "/me", status=200)
        self.portal_a_user.sudo().active = False
        response = self.opener.get(
            self.base_url() + "/api/dms/v1/me", headers={"Authorization": f"Bearer {self.keys[self.portal_a_user]}"}
        )
        self.assertEqual(response.status_code, 401)
        # a key revoked after it was used (its hash comparison remembered by the worker) is refused at once
        self.api(self.portal_b_admin, "GET", "/me", status=200)
        self.env["res.users.apikeys"].sudo().search([("user_id", "=", self.portal_b_admin.id)])._remove()
        response = self.opener.get(
            self.base_url() + "/api/dms/v1/me", headers={"Authorization": f"Bearer {self.keys[self.portal_b_admin]}"}
        )
        self.assertEqual(response.status_code, 401)

    def test_me_per_role(self):
        _s, me = self.api(self.portal_a_admin, "GET", "/me", status=200)
        self.assertEqual((me["dealer"]["id"], me["dealer_admin"], me["back_office"]), (self.dist_a.id, True, False))
        # the delivery addresses an order may be shipped to (the portal's own list)
        address = self.env["res.partner"].create(
            {"name": "DC Shanghai", "parent_id": self.dist_a.id, "type": "delivery", "city": "Shanghai"}
        )
        _s, me = self.api(self.portal_a_admin, "GET", "/me", status=200)
        self.assertEqual([a["id"] for a in me["delivery_addresses"]], address.ids)
        body = {"lines": [{"sku": "TW-01", "qty": 1}]}
        self.api(self.portal_a_admin, "POST", "/orders", body, key="ADDR-1", status=422)
        _s, order = self.api(
            self.portal_a_admin, "POST", "/orders", dict(body, shipping_id=address.id), key="ADDR-2", status=201
        )
        self.assertEqual(self.env["sale.order"].browse(order["id"]).partner_shipping_id, address)
        _s, me = self.api(self.portal_b_admin, "GET", "/me", status=200)
        self.assertEqual(me["delivery_addresses"], [])
        _s, me = self.api(self.portal_a_user, "GET", "/me", status=200)
        self.assertFalse(me["dealer_admin"])
        _s, me = self.api(self.user_hq, "GET", "/me", status=200)
        self.assertEqual((me["dealer"], me["back_office"]), (None, True))

    # ------------------------------------------------------------------
    def test_prices_explained(self):
        _s, data = self.api(
            self.portal_a_user, "GET", "/prices", params={"skus": "TW-01,TT-01,TX-01,NOPE", "qty": "10"}, status=200
        )
        prices = {item["sku"]: item for item in data["prices"]}
        self.assertEqual(set(prices), {"TW-01", "TT-01"})
        self.assertEqual(data["not_in_catalog"], ["TX-01", "NOPE"])
        # the engine's own price and explanation, as the portal shows them
        expected = self.dist_a._dms_portal_get_prices([(self.product_tea, 10.0)])[0]
        self.assertAlmostEqual(prices["TT-01"]["price"], expected["price"])
        self.assertEqual(prices["TT-01"]["explanation"], expected["explanation"])
        self.assertTrue(prices["TT-01"]["explanation"])
        _s, data = self.api(self.portal_a_user, "GET", "/prices", status=200)
        self.assertIn("TC-01", {item["sku"] for item in data["prices"]}, "no SKU: the catalog, paged")

    def test_prices_refusals(self):
        # a dealer user never reads another customer's prices; its administrator only downstream ones
        self.api(self.portal_a_user, "GET", "/prices", params={"customer_id": self.sub_a.id}, status=403)
        self.api(self.portal_a_admin, "GET", "/prices", params={"customer_id": self.sub_a.id}, status=200)
        self.api(self.portal_a_admin, "GET", "/prices", params={"customer_id": self.dist_b.id}, status=403)
        self.api(self.portal_b_admin, "GET", "/prices", params={"customer_id": self.retail_a.id}, status=403)
        self.api(self.portal_a_user, "GET", "/prices", params={"qty": "-1"}, status=400)
        # dealer endpoints are the dealers'
        self.api(self.user_hq, "GET", "/prices", status=403)

    def test_stock(self):
        _s, data = self.api(self.portal_a_user, "GET", "/stock", status=200)
        self.assertEqual([(line["sku"], line["qty_on_hand"]) for line in data["lines"]], [("TW-01", 40.0)])
        self.api(self.portal_a_user, "GET", "/stock", params={"dealer_id": self.dist_b.id}, status=403)
        self.api(self.portal_a_user, "GET", "/stock", params={"dealer_id": self.sub_a.id}, status=403)
        _s, data = self.api(self.portal_a_admin, "GET", "/stock", params={"dealer_id": self.sub_a.id}, status=200)
        self.assertEqual(data["lines"], [])
        self.api(self.portal_b_admin, "GET", "/stock", params={"dealer_id": self.dist_a.id}, status=403)
        self.api(self.user_rep_a, "GET", "/stock", status=403)

    def test_statements(self):
        _s, data = self.api(self.portal_a_user, "GET", "/statements", status=200)
        self.assertEqual([s["id"] for s in data["statements"]], self.statement_a.ids)
        _s, detail = self.api(self.portal_a_user, "GET", f"/statements/{self.statement_a.id}", status=200)
        self.assertEqual(detail["closing_balance"], self.statement_a.closing_balance)
        self.assertTrue(detail["lines"])
        self.api(self.portal_a_user, "GET", f"/statements/{self.statement_b.id}", status=404)
        self.api(self.portal_a_user, "GET", "/statements", params={"dealer_id": self.dist_b.id}, status=403)
        self.api(self.portal_b_admin, "GET", f"/statements/{self.statement_a.id}", status=404)
        self.api(self.user_hq, "GET", "/statements", status=403)

    # ------------------------------------------------------------------
    def test_order_lifecycle_by_role(self):
        before = len(self._orders_of(self.dist_a))
        order = self._order(client_order_ref="ERP-PO-1")
        self.assertEqual(
            (order["kind"], order["state"], order["client_order_ref"]), ("sale_order", "review", "ERP-PO-1")
        )
        self.assertEqual(len(self._orders_of(self.dist_a)), before + 1)
        oid = order["id"]
        self.api(self.portal_a_user, "GET", f"/orders/{oid}", status=200)
        _s, listed = self.api(self.portal_a_user, "GET", "/orders", params={"state": "review"}, status=200)
        self.assertIn(oid, [o["id"] for o in listed["orders"]])
        # another dealer does not list it; HQ (back office) lists what its rules show, and its queue
        _s, others = self.api(self.portal_b_admin, "GET", "/orders", status=200)
        self.assertNotIn(oid, [o["id"] for o in others["orders"]])
        _s, queue = self.api(self.user_hq, "GET", "/orders", params={"awaiting_my_approval": "1"}, status=200)
        self.assertIn(oid, [o["id"] for o in queue["orders"]])
        _s, queue = self.api(self.user_rep_a, "GET", "/orders", params={"awaiting_my_approval": "1"}, status=200)
        self.assertNotIn(oid, [o["id"] for o in queue["orders"]])
        # another dealer does not see it; dealers never approve or confirm; the rep is not the approver
        self.api(self.portal_b_admin, "GET", f"/orders/{oid}", status=404)
        self.api(self.portal_a_admin, "POST", f"/orders/{oid}/approve", {}, status=403)
        self.api(self.portal_a_admin, "POST", f"/orders/{oid}/confirm", {}, status=403)
        self.api(self.user_rep_a, "POST", f"/orders/{oid}/approve", {}, status=403)
        self.api(self.portal_a_user, "POST", f"/orders/{oid}/receipt", {}, status=422)
        _s, approved = self.api(self.user_hq, "POST", f"/orders/{oid}/approve", {"comment": "ok"}, status=200)
        self.assertEqual(approved["state"], "approved")
        self.api(self.user_hq, "POST", f"/orders/{oid}/approve", {}, status=403)
        _s, confirmed = self.api(self.user_hq, "POST", f"/orders/{oid}/confirm", {}, status=200)
        self.assertEqual(confirmed["state"], "confirmed")
        # the warehouse ships; only the dealer's own user confirms receipt
        record = self.env["sale.order"].browse(oid)
        for move in record.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        record.picking_ids.button_validate()
        self.assertEqual(record.dms_state, "shipped")
        self.api(self.portal_b_admin, "POST", f"/orders/{oid}/receipt", {}, status=404)
        _s, signed = self.api(self.portal_a_user, "POST", f"/orders/{oid}/receipt", {}, status=200)
        self.assertEqual(signed["state"], "signed")

    def test_order_refusals(self):
        status, error = self.api(
            self.portal_a_user,
            "POST",
            "/orders",
            {"lines": [{"sku": "TX-01", "qty": 1}, {"sku": "TC-01", "qty": 1}, {"sku": "TW-01", "qty": "x"}]},
            key="PO-BAD",
            status=422,
        )
        self.assertEqual(
            [(d["sku"], d["errors"]) for d in error["error"]["details"]],
            [("TX-01", ["unknown_sku"]), ("TC-01", ["below_min"]), ("TW-01", ["bad_qty"])],
        )
        # for a customer not its own; a plain dealer user for a downstream one
        self.api(self.portal_a_admin, "POST", "/orders", {"lines": []}, key="X1", status=400)
        self.api(
            self.portal_a_admin,
            "POST",
            "/orders",
            {"customer_id": self.dist_b.id, "lines": [{"sku": "TW-01", "qty": 1}]},
            key="X2",
            status=403,
        )
        self.api(
            self.portal_a_user,
            "POST",
            "/orders",
            {"customer_id": self.sub_a.id, "lines": [{"sku": "TW-01", "qty": 1}]},
            key="X3",
            status=403,
        )
        # nothing in the wallet: refused, and nothing was written
        before = self.env["sale.order"].search_count([])
        self.api(
            self.portal_a_user,
            "POST",
            "/orders",
            {"lines": [{"sku": "TW-01", "qty": 1}], "use_wallet": True},
            key="X4",
            status=422,
        )
        self.assertEqual(self.env["sale.order"].search_count([]), before)
        # back office places no dealer order through the dealer endpoint
        self.api(self.user_hq, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="X5", status=403)
        # a suspended dealer cannot order
        self.dist_b.sudo()._workflow_write({"dealer_state": "suspended"})
        self.api(self.portal_b_admin, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="X6", status=422)

    def test_order_for_dealer_served_customer_is_a_channel_order(self):
        _s, order = self.api(
            self.portal_a_admin,
            "POST",
            "/orders",
            {"customer_id": self.sub_a.id, "lines": [{"sku": "TW-01", "qty": 2}]},
            key="BEHALF-1",
            status=201,
        )
        self.assertEqual(
            (order["kind"], order["seller"]["id"], order["buyer"]["id"]),
            ("channel_order", self.dist_a.id, self.sub_a.id),
        )
        _s, own = self.api(
            self.portal_sub_a, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="SUB-1", status=201
        )
        self.assertEqual((own["kind"], own["state"]), ("channel_order", "submitted"))
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "child_of", self.sub_a.id), ("dms_portal_cart", "=", True)])
        )

    def test_channel_orders(self):
        _s, order = self.api(
            self.portal_sub_a,
            "POST",
            "/channel-orders",
            {"customer_id": self.retail_a.id, "lines": [{"sku": "TW-01", "qty": 3}], "note": "by ERP"},
            key="CH-1",
            status=201,
        )
        self.assertEqual((order["seller"]["id"], order["buyer"]["id"]), (self.sub_a.id, self.retail_a.id))
        body = {"customer_id": self.dist_b.id, "lines": [{"sku": "TW-01", "qty": 1}]}
        self.api(self.portal_sub_a, "POST", "/channel-orders", body, key="CH-2", status=403)
        body = {"customer_id": self.retail_a.id, "lines": [{"sku": "TW-01", "qty": 1}]}
        self.api(self.portal_a_admin, "POST", "/channel-orders", body, key="CH-3", status=403)
        body = {"customer_id": self.retail_a.id, "lines": [{"sku": "NOPE", "qty": 1}]}
        self.api(self.portal_sub_a, "POST", "/channel-orders", body, key="CH-4", status=422)
        self.api(self.portal_sub_a, "POST", "/channel-orders", body, status=400)

    def test_sellout(self):
        body = {"lines": [{"product_code": "TW-01", "qty": 2, "store_name": "Shop 1"}]}
        _s, first = self.api(self.portal_a_user, "POST", "/sellout", body, key="SO-1", status=201)
        self.assertEqual((first["report_key"], first["created"], first["qty_total"]), ("SO-1", True, 2.0))
        # same report key under another idempotency key: dms_channel's own key says "already received"
        _s, again = self.api(
            self.portal_a_user, "POST", "/sellout", dict(body, report_key="SO-1"), key="SO-1b", status=200
        )
        self.assertEqual((again["id"], again["created"]), (first["id"], False))
        self.api(
            self.portal_a_user,
            "POST",
            "/sellout",
            {"lines": [{"product_code": "TW-01", "qty": 99}]},
            key="SO-2",
            status=422,
        )
        self.api(self.user_hq, "POST", "/sellout", body, key="SO-3", status=403)
        self.assertEqual(
            self.env["dms.channel.stock"].sudo().search([("dealer_id", "=", self.dist_a.id)]).qty_on_hand, 38.0
        )

    def test_webhook_subscriptions(self):
        body = {"name": "ERP", "url": "https://erp.example.com/hooks/dms"}
        self.api(self.portal_a_user, "POST", "/webhooks", body, status=422)
        self.env["ir.config_parameter"].sudo().set_param(
            "dms_api.webhook_url_prefixes", "https://erp.example.com/hooks"
        )
        _s, hook = self.api(self.portal_a_user, "POST", "/webhooks", body, status=201)
        self.assertEqual(len(hook["secret"]), 64)
        self.api(self.portal_a_user, "POST", "/webhooks", {"url": "https://erp.example.com.evil.net/hooks"}, status=422)
        self.api(self.portal_a_user, "POST", "/webhooks", {}, status=400)
        _s, listed = self.api(self.portal_a_user, "GET", "/webhooks", status=200)
        self.assertEqual([(h["id"], "secret" in h) for h in listed["webhooks"]], [(hook["id"], False)])
        _s, others = self.api(self.portal_a_admin, "GET", "/webhooks", status=200)
        self.assertEqual(others["webhooks"], [])
        self.api(self.portal_a_admin, "DELETE", f"/webhooks/{hook['id']}", status=404)
        self.api(self.user_hq, "POST", "/webhooks", body, status=403)
        self.api(self.portal_a_user, "DELETE", f"/webhooks/{hook['id']}", status=200)
        self.assertFalse(self.env["dms.api.webhook"].sudo().search([("id", "=", hook["id"])]))
        # a portal user never writes a subscription over RPC either
        hook = (
            self.env["dms.api.webhook"]
            .sudo()
            .create({"name": "x", "url": body["url"], "user_id": self.portal_a_user.id})
        )
        with self.assertRaises(AccessError):
            hook.with_user(self.portal_a_user).write({"url": "https://erp.example.com/hooks/other"})

    def test_bad_requests(self):
        self.api(
            self.portal_a_user,
            "POST",
            "/orders",
            None,
            key="B-1",
            headers={"Content-Type": "application/json"},
            status=400,
        )
        self.opener.cookies.clear()
        response = self.opener.post(
            self.base_url() + "/api/dms/v1/orders",
            data=b"{not json",
            headers={"Authorization": f"Bearer {self.keys[self.portal_a_user]}", "Idempotency-Key": "B-2"},
            timeout=30,
        )
        self.assertEqual((response.status_code, response.json()["error"]["code"]), (400, "bad_request"))
        self.api(
            self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="bad key", status=400
        )
        big = {"lines": [{"sku": "TW-01", "qty": 1}], "note": "x" * (1024 * 1024)}
        self.api(self.portal_a_user, "POST", "/orders", big, key="B-3", status=413)

    def test_messages_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dms_api"], ["zh_CN"], overwrite=True)
        self.portal_a_user.sudo().lang = "zh_CN"
        _s, error = self.api(self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, status=400)
        self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in error["error"]["message"]), error)

    def test_zz_every_operation_exercised(self):
        """Runs last (alphabetical order): each documented operation was called, each one that names a
        record or a party also refused a caller (403/404); lists only show what the rules let through
        (checked in the tests above)."""
        seen = {(m, t) for m, t, _c in self.seen}
        refused = {(m, t) for m, t, c in self.seen if c in ("403", "404")}
        missing, never_refused = [], []
        for template, item in SPEC["paths"].items():
            for method in item:
                if (method, template) not in seen:
                    missing.append(f"{method} {template}")
                if template not in ("/me", "/webhooks", "/orders") and (method, template) not in refused:
                    never_refused.append(f"{method} {template}")
        self.assertEqual(missing, [])
        self.assertEqual(never_refused, [])
