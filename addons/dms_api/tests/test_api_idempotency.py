# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A retried request creates nothing twice: same user + key + body replays; another body is refused."""

import uuid

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from ..tools import idempotency
from .common import DmsApiMixin


@tagged("post_install", "-at_install")
class TestApiIdempotency(DmsApiMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_api()

    def _count(self):
        return self.env["sale.order"].search_count(
            [("partner_id", "child_of", self.dist_a.id), ("dms_portal_cart", "=", False)]
        )

    def test_retry_returns_the_first_response(self):
        body = {"lines": [{"sku": "TW-01", "qty": 4}], "client_order_ref": "PO-77"}
        before = self._count()
        _s, first = self.api(self.portal_a_user, "POST", "/orders", body, key="ERP-77", status=201)
        # the same request again, keys in another order: replayed, nothing created
        retry = {"client_order_ref": "PO-77", "lines": [{"qty": 4, "sku": "TW-01"}]}
        _s, again = self.api(self.portal_a_user, "POST", "/orders", retry, key="ERP-77", status=201)
        self.assertEqual(again, first)
        self.assertEqual(self._count(), before + 1)
        # the same key with another body: refused, nothing created
        other = dict(body, lines=[{"sku": "TW-01", "qty": 5}])
        _s, error = self.api(self.portal_a_user, "POST", "/orders", other, key="ERP-77", status=409)
        self.assertEqual(error["error"]["code"], "idempotency_conflict")
        self.assertEqual(self._count(), before + 1)
        # keys are per user: another user of the same dealer with the same key is another request
        self.api(self.portal_a_admin, "POST", "/orders", body, key="ERP-77", status=201)
        self.assertEqual(self._count(), before + 2)

    def test_replay_header_and_key_required(self):
        body = {"lines": [{"sku": "TW-01", "qty": 1}]}
        self.api(self.portal_a_user, "POST", "/orders", body, status=400)
        self.opener.cookies.clear()
        headers = {"Authorization": f"Bearer {self.keys[self.portal_a_user]}", "Idempotency-Key": "H-1"}
        url = self.base_url() + "/api/dms/v1/orders"
        first = self.opener.post(url, json=body, headers=headers, timeout=60)
        second = self.opener.post(url, json=body, headers=headers, timeout=60)
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertNotIn("Idempotent-Replayed", first.headers)
        self.assertEqual(second.headers.get("Idempotent-Replayed"), "true")

    def test_refused_request_frees_its_key(self):
        bad = {"lines": [{"sku": "TX-01", "qty": 1}]}
        self.api(self.portal_a_user, "POST", "/orders", bad, key="FIX-1", status=422)
        self.assertFalse(self.env["dms.api.idempotency"].sudo().search([("key", "=", "FIX-1")]))
        self.api(
            self.portal_a_user, "POST", "/orders", {"lines": [{"sku": "TW-01", "qty": 1}]}, key="FIX-1", status=201
        )

    def test_sellout_retry_counts_once(self):
        body = {"lines": [{"product_code": "TW-01", "qty": 3}]}
        self.api(self.portal_a_user, "POST", "/sellout", body, key="SO-R", status=201)
        self.api(self.portal_a_user, "POST", "/sellout", body, key="SO-R", status=201)
        stock = self.env["dms.channel.stock"].sudo().search([("dealer_id", "=", self.dist_a.id)])
        self.assertEqual(stock.qty_on_hand, 37.0)

    def test_channel_order_retry_creates_one(self):
        body = {"customer_id": self.retail_a.id, "lines": [{"sku": "TW-01", "qty": 1}]}
        Channel = self.env["dms.channel.order"].sudo()
        before = Channel.search_count([("buyer_id", "=", self.retail_a.id)])
        _s, first = self.api(self.portal_sub_a, "POST", "/channel-orders", body, key="CH-R", status=201)
        _s, again = self.api(self.portal_sub_a, "POST", "/channel-orders", body, key="CH-R", status=201)
        self.assertEqual(first["id"], again["id"])
        self.assertEqual(Channel.search_count([("buyer_id", "=", self.retail_a.id)]), before + 1)

    def test_orm_cannot_forge_a_stored_response(self):
        Key = self.env["dms.api.idempotency"]
        with self.assertRaises(AccessError):
            Key.with_user(self.portal_a_user).search([])
        with self.assertRaises(AccessError):
            Key.with_user(self.user_hq).create({"user_id": self.portal_a_user.id, "key": "k", "request_hash": "h"})


@tagged("post_install", "-at_install")
class TestApiIdempotencyRace(TransactionCase):
    """Two transactions claim one key at once: exactly one does the work; the other one is retried
    by Odoo (serialization failure) and then replays the stored response."""

    def test_two_cursors_one_claim(self):
        key = f"RACE-{uuid.uuid4()}"
        fingerprint = idempotency.request_hash("POST", "/api/dms/v1/orders", {"lines": []})
        registry = self.env.registry

        def cleanup():
            with registry.cursor() as cr:
                cr.execute("DELETE FROM dms_api_idempotency WHERE key = %s", [key])

        self.addCleanup(cleanup)
        with registry.cursor() as cr_a, registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            user = env_a.ref("base.user_admin")
            # B's snapshot starts before A commits, as a concurrent request's would
            cr_b.execute("SELECT 1 FROM dms_api_idempotency LIMIT 1")
            record_a, claimed_a = env_a["dms.api.idempotency"]._claim(user, key, "POST", "/x", fingerprint)
            self.assertTrue(claimed_a)
            record_a._store(201, {"id": 1})
            cr_a.commit()
            with mute_logger("odoo.sql_db"), self.assertRaises(pg_errors.SerializationFailure):
                env_b["dms.api.idempotency"]._claim(env_b.ref("base.user_admin"), key, "POST", "/x", fingerprint)
            cr_b.rollback()
            # Odoo's retry of B: a fresh snapshot sees A's row and replays it
            env_b.invalidate_all()
            record_b, claimed_b = env_b["dms.api.idempotency"]._claim(
                env_b.ref("base.user_admin"), key, "POST", "/x", fingerprint
            )
            self.assertFalse(claimed_b)
            self.assertEqual(record_b._replay(), (201, {"id": 1}))
            cr_b.execute("SELECT count(*) FROM dms_api_idempotency WHERE key = %s", [key])
            self.assertEqual(cr_b.fetchone()[0], 1)
