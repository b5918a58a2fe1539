# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rate limit per API key and per user: the N-th request passes, the N+1-th gets 429 with
Retry-After, the previous window still weighs at the start of the next (no twice-the-limit burst
at a window's edge), a refused request counts nowhere, many requests at once are counted exactly."""

import threading
import uuid

from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import BASE, DmsApiMixin

#: a window that no test run crosses (the next one starts in 2033)
NO_RESET = "1000000000"


@tagged("post_install", "-at_install")
class TestApiRateCounter(TransactionCase):
    """The counter on its own, with explicit times, on real (committed) transactions."""

    def setUp(self):
        super().setUp()
        self.prefix = f"test:{uuid.uuid4().hex}:"
        self.addCleanup(self._forget)

    def _forget(self):
        with self.env.registry.cursor() as cr:
            cr.execute("DELETE FROM dms_api_rate_counter WHERE bucket LIKE %s", [self.prefix + "%"])

    def row(self, bucket):
        """``(window_start, hits, prev_hits)`` as committed (the test's own transaction has an older snapshot)."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT window_start, hits, prev_hits FROM dms_api_rate_counter WHERE bucket = %s",
                [self.prefix + bucket],
            )
            return cr.fetchone()

    def take(self, bucket, limit, now, window=60):
        return self.env["dms.api.rate.counter"]._dms_take([(self.prefix + bucket, limit)], window, now=now)

    def test_edges_of_a_window(self):
        # window [120, 180): three requests pass, the fourth is refused
        for hit, now in enumerate((120.0, 130.5, 179.0), start=1):
            result = self.take("k", 3, now)
            self.assertEqual((result["allowed"], result["remaining"]), (True, 3 - hit))
        # refused until 200: then the 3 of [120, 180) weigh 2/3 in the next window (3 x 2/3 + 1 = 3)
        refused = self.take("k", 3, 179.2)
        self.assertEqual((refused["allowed"], refused["remaining"], refused["retry_after"]), (False, 0, 21))
        refused = self.take("k", 3, 150.0)
        self.assertEqual((refused["allowed"], refused["retry_after"]), (False, 50))
        self.assertEqual(self.row("k"), (120, 3, 0), "a refused request counts nowhere")
        # no burst at the edge: the new window opens with the last one's requests still weighing
        refused = self.take("k", 3, 180.0)
        self.assertEqual((refused["allowed"], refused["retry_after"]), (False, 20))
        result = self.take("k", 3, 200.0)
        self.assertEqual((result["allowed"], result["remaining"]), (True, 0))
        # a late request (a worker's clock behind) counts in the current window, never moves it back
        refused = self.take("k", 3, 179.5)
        self.assertFalse(refused["allowed"])
        result = self.take("k", 3, 230.0)  # 3 x 1/6 + 1 = 1.5 used: one more fits
        self.assertEqual((result["allowed"], result["remaining"]), (True, 0))
        self.assertEqual(self.row("k"), (180, 2, 3))
        # a window without requests leaves nothing to weigh
        result = self.take("k", 3, 360.0)
        self.assertEqual((result["allowed"], result["remaining"]), (True, 2))
        self.assertEqual(self.row("k"), (360, 1, 0))

    def test_tightest_bucket_decides(self):
        buckets = [(self.prefix + "key", 5), (self.prefix + "user", 2)]
        Counter = self.env["dms.api.rate.counter"]
        first = Counter._dms_take(buckets, 60, now=60.0)
        self.assertEqual((first["allowed"], first["limit"], first["remaining"]), (True, 2, 1))
        Counter._dms_take(buckets, 60, now=61.0)
        third = Counter._dms_take(buckets, 60, now=62.0)
        # the user's 2 fit again once they weigh 1/2 in the next window: at 150
        self.assertEqual((third["allowed"], third["limit"], third["retry_after"]), (False, 2, 88))
        self.assertEqual((self.row("key")[1], self.row("user")[1]), (2, 2), "refused: counted in no bucket")

    def test_many_requests_at_once_are_counted_exactly(self):
        """8 threads, each on its own cursor, 5 requests each, all in one window allowing 7:
        exactly 7 pass, every request gets its own number, none fails to serialise."""
        barrier = threading.Barrier(8)
        outcomes, failures = [], []
        Counter = self.env["dms.api.rate.counter"]

        def attack():
            try:
                barrier.wait(timeout=30)
                for _i in range(5):
                    outcomes.append(Counter._dms_take([(self.prefix + "race", 7)], 60, now=600.0))
            except Exception as exc:  # noqa: BLE001 - reported by the test
                failures.append(repr(exc))

        threads = [threading.Thread(target=attack, daemon=True) for _i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse([thread for thread in threads if thread.is_alive()], "a request never finished")
        self.assertEqual(failures, [])
        self.assertEqual(len(outcomes), 40)
        self.assertEqual(sum(1 for outcome in outcomes if outcome["allowed"]), 7)
        self.assertEqual(self.row("race"), (600, 7, 0))

    def test_second_cursor_waits_and_counts_on_the_first(self):
        """Two cursors on one bucket: the second waits for the first's commit, then counts 2 (not 1,
        not a serialization failure)."""
        bucket = self.prefix + "two"
        first = self.env.registry.cursor()
        self.addCleanup(first.close)
        first.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        first.execute("SELECT 1")
        Counter = self.env["dms.api.rate.counter"]
        Counter._dms_take([(bucket, 1)], 60, now=60.0)  # committed: the row exists
        first.execute("UPDATE dms_api_rate_counter SET hits = hits WHERE bucket = %s", [bucket])  # row locked
        seen = []
        thread = threading.Thread(target=lambda: seen.append(Counter._dms_take([(bucket, 2)], 60, now=61.0)))
        thread.start()
        thread.join(timeout=1)
        self.assertTrue(thread.is_alive(), "the second request waits on the first one's row")
        first.commit()
        thread.join(timeout=30)
        self.assertEqual([(r["allowed"], r["remaining"]) for r in seen], [(True, 0)])


@tagged("post_install", "-at_install")
class TestApiRateLimit(DmsApiMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_api()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("dms_api.rate_window", NO_RESET)
        params.set_param("dms_api.rate_limit", "3")
        params.set_param("dms_api.rate_limit_user", "4")

    def test_nth_allowed_next_refused_with_retry_after(self):
        for remaining in (2, 1, 0):
            response = self.opener.get(
                self.base_url() + BASE + "/me", headers={"Authorization": f"Bearer {self.keys[self.portal_a_user]}"}
            )
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["X-RateLimit-Limit"], "3")
            self.assertEqual(response.headers["X-RateLimit-Remaining"], str(remaining))
        # the 4th: 429 in the API's error format (checked against openapi.json), with Retry-After
        _status, payload = self.api(self.portal_a_user, "GET", "/me", status=429)
        self.assertEqual(payload["error"]["code"], "rate_limited")
        self.opener.cookies.clear()
        response = self.opener.post(
            self.base_url() + BASE + "/orders",
            headers={"Authorization": f"Bearer {self.keys[self.portal_a_user]}", "Idempotency-Key": "RL-1"},
            json={"lines": [{"sku": "TW-01", "qty": 1}]},
        )
        self.assertEqual(response.status_code, 429)
        self.assertGreater(int(response.headers["Retry-After"]), 0)
        # a refused order created nothing, and its key is still free
        self.assertFalse(self.env["dms.api.idempotency"].sudo().search([("key", "=", "RL-1")]))
        # another user's key is not affected
        self.api(self.portal_a_admin, "GET", "/me", status=200)

    def test_user_limit_across_keys_and_window_reset(self):
        second = self._api_key(self.portal_b_admin)
        for _i in range(3):
            self.api(self.portal_b_admin, "GET", "/me", status=200)
        self.api(self.portal_b_admin, "GET", "/me", status=429)  # its key: 3
        # a second key of the same user: its own 3, but the user's 4 are used up after one more (the
        # refused request above counted in no bucket)
        headers = {"Authorization": f"Bearer {second}"}
        self.opener.cookies.clear()
        self.assertEqual(self.opener.get(self.base_url() + BASE + "/me", headers=headers).status_code, 200)
        self.opener.cookies.clear()
        response = self.opener.get(self.base_url() + BASE + "/me", headers=headers)
        self.assertEqual(response.status_code, 429, "the user's 5th request")
        # two windows later nothing weighs any more: every bucket starts afresh
        self.env.cr.execute("UPDATE dms_api_rate_counter SET window_start = window_start - %s", [2 * int(NO_RESET)])
        self.assertEqual(self.opener.get(self.base_url() + BASE + "/me", headers=headers).status_code, 200)
        self.api(self.portal_b_admin, "GET", "/me", status=200)

    def test_dealer_limit_set_by_hq_only(self):
        self.dist_a.with_user(self.user_hq).dms_api_rate_limit = 5
        statuses = [self.api(self.portal_a_user, "GET", "/me")[0] for _i in range(6)]
        self.assertEqual(statuses, [200] * 5 + [429])
        # the dealer's administrator cannot raise its own limit, nor read it, over JSON-RPC
        self.assertRpcRefused(
            self.portal_a_admin, "res.partner", "write", [self.dist_a.id], {"dms_api_rate_limit": 100000}
        )
        self.assertRpcRefused(self.portal_a_admin, "res.partner", "read", [self.dist_a.id], ["dms_api_rate_limit"])
        # nor can the region's manager or the sales rep, who may edit the dealer otherwise
        for user in (self.user_region_east, self.user_rep_a):
            self.assertRpcRefused(user, "res.partner", "write", [self.dist_a.id], {"dms_api_rate_limit": 100000})
        self.assertEqual(self.dist_a.sudo().dms_api_rate_limit, 5)

    def test_rate_counter_not_readable_by_users(self):
        for user in (self.portal_a_admin, self.user_hq):
            self.assertRpcRefused(user, "dms.api.rate.counter", "search_read", [], ["bucket", "hits"])
