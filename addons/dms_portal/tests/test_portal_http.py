# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin
from .test_statement_on_demand import SIGNATURE

_logger = logging.getLogger(__name__)

DENIED = (302, 303, 403, 404)


@tagged("post_install", "-at_install")
class TestPortalHttp(DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()
        cls.branding_a = cls.env["dms.portal.branding"].create(
            {"partner_id": cls.dist_a.id, "display_title": "Alpha Brand Portal", "primary_color": "#123456"}
        )
        Statement = cls.env["dms.dealer.statement"]
        cls.statements = Statement.create(
            [
                {
                    "name": f"STMT-{dealer.ref}",
                    "partner_id": dealer.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                    "state": "sent",
                    "line_ids": [
                        Command.create({"sequence": 0, "kind": "opening", "amount": 0, "balance": 0}),
                        Command.create(
                            {
                                "sequence": 1,
                                "kind": "invoice",
                                "reference": f"REF-{dealer.ref}",
                                "amount": 9,
                                "balance": 9,
                            }
                        ),
                    ],
                }
                for dealer in cls.dealers
            ]
        )
        cls.statement_by_dealer = {s.partner_id: s for s in cls.statements}
        cls.visible = {
            cls.portal_a_admin: cls.dist_a | cls.sub_a | cls.retail_a,
            cls.portal_sub_a: cls.sub_a | cls.retail_a,
            cls.portal_retail_a: cls.retail_a,
            cls.portal_b_admin: cls.dist_b | cls.sub_b,
        }

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _documents(self):
        docs = []
        for dealer in self.dealers:
            order = self.order_by_dealer[dealer]
            invoice = self.invoice_by_dealer[dealer]
            statement = self.statement_by_dealer[dealer]
            docs += [
                (dealer, f"/my/dms/orders/{order.id}", order.name),
                (dealer, f"/my/orders/{order.id}", order.name),
                (dealer, f"/my/invoices/{invoice.id}", invoice.name),
                (dealer, f"/my/dms/statements/{statement.id}", f"REF-{dealer.ref}"),
                (dealer, f"/my/dms/statements/{statement.id}/xlsx", None),
                (dealer, f"/my/dms/statements/{statement.id}?report_type=html", f"REF-{dealer.ref}"),
            ]
        return docs

    def test_access_sweep_documents(self):
        """Every document route for every role: own and downstream 200, others denied."""
        for user in [None, *self.visible]:
            self._login(user)
            allowed = self.visible.get(user, self.env["res.partner"])
            for dealer, url, marker in self._documents():
                with self.subTest(user=user and user.login, url=url):
                    response = self.url_open(url, allow_redirects=False)
                    if dealer in allowed:
                        self.assertEqual(response.status_code, 200)
                        if marker:
                            self.assertIn(marker, response.text)
                    else:
                        self.assertIn(response.status_code, DENIED)
                        if marker:
                            self.assertNotIn(marker, response.text)

    def test_access_sweep_tokens(self):
        self._login(None)
        order = self.order_by_dealer[self.retail_a]
        statement = self.statement_by_dealer[self.retail_a]
        statement._portal_ensure_token()
        for url, token, marker in (
            (f"/my/dms/orders/{order.id}", order._portal_ensure_token(), order.name),
            (f"/my/dms/statements/{statement.id}", statement.access_token, "REF-T-RA"),
        ):
            with self.subTest(url=url):
                ok = self.url_open(f"{url}?access_token={token}", allow_redirects=False)
                self.assertEqual(ok.status_code, 200)
                self.assertIn(marker, ok.text)
                forged = self.url_open(f"{url}?access_token={token[:-4]}abcd", allow_redirects=False)
                self.assertIn(forged.status_code, DENIED)
                self.assertNotIn(marker, forged.text)
                other = self.statement_by_dealer[self.dist_b]
                cross = self.url_open(f"/my/dms/statements/{other.id}?access_token={token}", allow_redirects=False)
                self.assertIn(cross.status_code, DENIED)

    def test_access_sweep_pages(self):
        pages = [
            "/my/dms",
            "/my/dms/orders",
            "/my/dms/catalog",
            "/my/dms/cart",
            "/my/dms/customers",
            "/my/dms/statements",
            "/my/dms/users",
            "/my/dms/profile",
            "/my/dms/branding/logo",
            "/my",
        ]
        foreign = {
            self.portal_a_admin: [self.dist_b, self.sub_b],
            self.portal_sub_a: [self.dist_a, self.dist_b, self.sub_b],
            self.portal_retail_a: [self.dist_a, self.sub_a, self.dist_b, self.sub_b],
            self.portal_b_admin: [self.dist_a, self.sub_a, self.retail_a],
        }
        self._login(None)
        for page in pages:
            response = self.url_open(page, allow_redirects=False)
            self.assertIn(response.status_code, DENIED, page)
        for user, others in foreign.items():
            self._login(user)
            for page in pages:
                with self.subTest(user=user.login, page=page):
                    response = self.url_open(page, allow_redirects=False)
                    admin_only = page in ("/my/dms/customers", "/my/dms/users")
                    is_admin = user.has_group("dms_dealer.group_dms_portal_admin")
                    if admin_only and not is_admin:
                        self.assertIn(response.status_code, DENIED)
                        continue
                    self.assertIn(response.status_code, (200, 303) if page.endswith("logo") else (200,))
                    for other in others:
                        self.assertNotIn(self.order_by_dealer[other].name + "<", response.text)
                        self.assertNotIn(f"REF-{other.ref}", response.text)
                        if page != "/my/dms/profile":  # the profile names the dealer's own upstream
                            self.assertNotIn(f">{other.name}<", response.text)
                    branding_visible = "Alpha Brand Portal" in response.text
                    if page not in ("/my/dms/branding/logo",):
                        self.assertEqual(branding_visible, user != self.portal_b_admin)

    def test_json_routes(self):
        self._login(None)
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"skus": ["TW-01"]}})
        response = self.url_open("/my/dms/json/price", data=payload, headers={"Content-Type": "application/json"})
        self.assertNotIn("result", response.json())
        self._login(self.portal_retail_a)
        result = self.make_jsonrpc_request("/my/dms/json/price", {"skus": ["TW-01", "TX-01", "NOPE"]})
        self.assertEqual(set(result), {"TW-01"}, "internal and unknown SKUs are not priced")
        self.assertEqual(result["TW-01"]["availability"], "in_stock")
        self.assertNotIn("qty", json.dumps(result))

    # ------------------------------------------------------------------
    # Seeing is not acting, over HTTP
    # ------------------------------------------------------------------
    def test_upstream_admin_cannot_accept_decline_or_post(self):
        order = self.order_by_dealer[self.retail_a]
        token = order._portal_ensure_token()
        self._login(self.portal_a_admin)
        page = self.url_open(f"/my/orders/{order.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 200, "the administrator reads the downstream quotation")
        self.assertNotIn('id="accept"', page.text.replace("'", '"'))
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": token, "name": "Admin", "signature": "R0lGODlhAQABAAAAACw="},
        )
        self.assertIn("error", result)
        self.assertFalse(order.signature)
        response = self.url_open(
            f"/my/orders/{order.id}/decline?access_token={token}",
            data={"decline_message": "no", "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertNotEqual(order.state, "cancel")
        count = len(order.message_ids)
        post = self.url_open(
            "/mail/message/post",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "thread_model": "sale.order",
                        "thread_id": order.id,
                        "post_data": {"body": "posted by upstream", "message_type": "comment"},
                        "token": token,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("error", post.json())
        self.assertEqual(len(order.message_ids), count)
        upload = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "thread_model": "sale.order",
                "thread_id": order.id,
                "token": token,
            },
            files={"ufile": ("note.txt", b"upstream file", "text/plain")},
            allow_redirects=False,
        )
        self.assertEqual(upload.status_code, 403)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        )
        invoice = self.invoice_by_dealer[self.retail_a]
        pay = self.url_open(
            f"/invoice/transaction/{invoice.id}",
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "params": {"access_token": invoice._portal_ensure_token()}}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("error", pay.json())
        self.assertFalse(invoice.transaction_ids)

    def test_customer_itself_can_post(self):
        order = self.order_by_dealer[self.retail_a]
        self._login(self.portal_retail_a)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "sale.order",
                "thread_id": order.id,
                "post_data": {"body": "posted by customer", "message_type": "comment"},
                "token": order._portal_ensure_token(),
            },
        )
        self.assertIn("posted by customer", "".join(order.message_ids.mapped("body")))

    # ------------------------------------------------------------------
    # Query budget of the order list
    # ------------------------------------------------------------------
    def _list_queries(self):
        self.url_open("/my/dms/orders")  # warm caches (rules, templates)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open("/my/dms/orders")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response

    def test_order_list_query_count_constant(self):
        self._login(self.portal_a_admin)
        few, response = self._list_queries()
        self.assertEqual(response.text.count("o_dms_order_row"), 3)
        self.env["sale.order"].create(
            [
                {
                    "partner_id": dealer.id,
                    "order_line": [Command.create({"product_id": self.product_tea.id, "product_uom_qty": 1})],
                }
                for dealer in (self.dist_a | self.sub_a | self.retail_a)
                for _i in range(16)
            ]
        )
        many, response = self._list_queries()
        self.assertEqual(response.text.count("o_dms_order_row"), 20)
        self.assertEqual(few, many, "the order list costs the same number of queries for 3 and 51 orders")
        self.url_open("/my/dms/orders/page/2")  # warm the pager path
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            response = self.url_open("/my/dms/orders/page/2")
        self.assertEqual(response.text.count("o_dms_order_row"), 20)
        _logger.info("dms portal order list: %s queries for 3 and for 51 orders", few)

    def test_statement_actions_over_http(self):
        """Other dealers get 404; an upstream administrator reads but cannot confirm or dispute."""
        sub_statement = self.statement_by_dealer[self.sub_a]
        line = sub_statement.line_ids.filtered(lambda line: line.kind == "invoice")
        for user, status in ((self.portal_b_admin, 404), (self.portal_a_admin, 403), (None, 404)):
            with self.subTest(user=user and user.login):
                self._login(user)
                csrf = http.Request.csrf_token(self)
                # confirming is signing (JSON route of the portal signature widget)
                confirm = self.url_open(
                    f"/my/dms/statements/{sub_statement.id}/sign",
                    data=json.dumps({"params": {"name": "Mole", "signature": SIGNATURE}}),
                    headers={"Content-Type": "application/json"},
                ).json()
                self.assertIn("error", confirm["result"])
                dispute = self.url_open(
                    f"/my/dms/statements/{sub_statement.id}/dispute",
                    data={"csrf_token": csrf, "line_id": line.id, "comment": "not mine"},
                    allow_redirects=False,
                )
                self.assertEqual(dispute.status_code, status)
        self.assertEqual(sub_statement.state, "sent")
        self.assertFalse(line.disputed)
        # the sub-dealer itself confirms, with its signature
        self._login(self.portal_sub_a)
        response = self.url_open(
            f"/my/dms/statements/{sub_statement.id}/sign",
            data=json.dumps({"params": {"name": "Wu Jing", "signature": SIGNATURE}}),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("redirect_url", response["result"])
        self.assertEqual(sub_statement.state, "confirmed")
        self.assertEqual(sub_statement.confirmed_by_id, self.portal_sub_a)

    def test_cart_posts_are_scoped(self):
        """Cart routes only ever touch the user's own cart; receipt of another's order is refused."""
        self._login(self.portal_b_admin)
        csrf = http.Request.csrf_token(self)
        order_a = self.order_by_dealer[self.dist_a]
        line_a = order_a.order_line[:1]
        update = self.url_open(
            "/my/dms/cart/update", data={"csrf_token": csrf, "line_id": line_a.id, "qty": "99"}, allow_redirects=False
        )
        self.assertEqual(update.status_code, 404)
        self.assertEqual(line_a.product_uom_qty, 3)
        receipt = self.url_open(
            f"/my/dms/orders/{order_a.id}/receipt", data={"csrf_token": csrf}, allow_redirects=False
        )
        self.assertEqual(receipt.status_code, 404)
        reorder = self.url_open(
            f"/my/dms/orders/{order_a.id}/reorder", data={"csrf_token": csrf}, allow_redirects=False
        )
        self.assertEqual(reorder.status_code, 404)
        # an upstream administrator may not confirm receipt for its retailer
        self._login(self.portal_a_admin)
        order_r = self.order_by_dealer[self.retail_a]
        order_r._dms_write({"dms_state": "shipped"})
        receipt = self.url_open(
            f"/my/dms/orders/{order_r.id}/receipt",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(receipt.status_code, 403)
        self.assertEqual(order_r.dms_state, "shipped")
