# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhooks: queued with the state change, sent by the job only, signed, retried with backoff."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools import webhook as webhook_tools
from .common import DmsApiMixin


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestApiWebhook(DmsApiMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_api()
        cls.server = HTTPServer(("127.0.0.1", 0), _Receiver)
        cls.server.received = []
        cls.server.answer = 200
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.shutdown)
        cls.hook_url = f"http://127.0.0.1:{cls.server.server_port}/dms"

    def setUp(self):
        super().setUp()
        self.server.received.clear()
        self.server.answer = 200
        self.env["ir.config_parameter"].sudo().set_param("dms_api.webhook_url_prefixes", self.hook_url)
        _s, self.hook = self.api(
            self.portal_a_user, "POST", "/webhooks", {"name": "ERP", "url": self.hook_url}, status=201
        )
        self.Delivery = self.env["dms.api.webhook.delivery"].sudo()

    def _deliveries(self):
        return self.Delivery.search([("webhook_id", "=", self.hook["id"])], order="id")

    def _due_now(self):
        self._deliveries().filtered(lambda d: d.status == "pending").write({"next_attempt_at": fields.Datetime.now()})

    def test_state_change_is_queued_then_sent_signed(self):
        _s, order = self.api(
            self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="W-1", status=201
        )
        # never sent inside the request that changed the state
        self.assertEqual(self.server.received, [])
        deliveries = self._deliveries()
        self.assertEqual(deliveries.mapped("status"), ["pending"] * len(deliveries))
        self.assertTrue(deliveries)
        self.assertEqual(self.Delivery._cron_deliver(), len(deliveries))
        self.assertEqual(len(self.server.received), len(deliveries))
        headers, body = self.server.received[-1]
        event = json.loads(body)
        self.assertEqual(
            (event["event"], event["data"]["id"], event["data"]["state"]), ("order.state", order["id"], "review")
        )
        secret = self.env["dms.api.webhook"].sudo().browse(self.hook["id"]).secret
        self.assertEqual(secret, self.hook["secret"])
        self.assertTrue(webhook_tools.verify(secret, headers["X-DMS-Timestamp"], body, headers["X-DMS-Signature"]))
        self.assertFalse(webhook_tools.verify("another", headers["X-DMS-Timestamp"], body, headers["X-DMS-Signature"]))
        self.assertEqual(set(self._deliveries().mapped("status")), {"delivered"})
        # delivered once: the job sends nothing again
        self.assertEqual(self.Delivery._cron_deliver(), 0)

    def test_other_dealers_orders_are_not_sent(self):
        self.api(self.portal_b_admin, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="W-B", status=201)
        self.assertFalse(self._deliveries())

    def test_failures_back_off_then_give_up(self):
        self.api(self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="W-2", status=201)
        delivery = self._deliveries()[:1]
        self._deliveries()[1:].unlink()
        self.server.answer = 500
        start = fields.Datetime.now()
        self.Delivery._cron_deliver()
        self.assertRecordValues(delivery, [{"attempt_count": 1, "last_status_code": 500, "status": "pending"}])
        self.assertGreaterEqual(delivery.next_attempt_at, start + timedelta(seconds=59))
        # not due yet: nothing sent
        self.assertEqual(self.Delivery._cron_deliver(), 0)
        for _attempt in range(webhook_tools.MAX_ATTEMPTS - 1):
            self._due_now()
            self.Delivery._cron_deliver()
        self.assertRecordValues(
            delivery, [{"attempt_count": webhook_tools.MAX_ATTEMPTS, "status": "failed", "gave_up": True}]
        )
        self.assertEqual(len(self.server.received), webhook_tools.MAX_ATTEMPTS)

    def test_url_no_longer_allowed_is_not_called(self):
        self.api(self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="W-3", status=201)
        self.env["ir.config_parameter"].sudo().set_param(
            "dms_api.webhook_url_prefixes", "https://elsewhere.example.com"
        )
        self.Delivery._cron_deliver()
        self.assertEqual(self.server.received, [])
        self.assertEqual(set(self._deliveries().mapped("last_error")), {"URL no longer allowed"})

    def test_rolled_back_change_sends_nothing(self):
        # a refused order (wallet empty) rolls back its state changes and their events
        body = {"lines": [{"sku": "TW-01", "qty": 1}], "use_wallet": True}
        self.api(self.portal_a_user, "POST", "/orders", body, key="W-4", status=422)
        self.assertFalse(self._deliveries())

    def test_delivery_log_is_read_only_for_dealers(self):
        self.api(self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="W-5", status=201)
        mine = self.env["dms.api.webhook.delivery"].with_user(self.portal_a_user).search([])
        self.assertEqual(mine, self._deliveries())
        self.assertFalse(self.env["dms.api.webhook.delivery"].with_user(self.portal_b_admin).search([]))
        with self.assertRaises(AccessError):
            mine[:1].write({"delivered_at": fields.Datetime.now()})
