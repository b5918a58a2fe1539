# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time

from odoo import api, fields, models
from odoo.sql_db import Cursor

from ..tools import rate_limit


class DmsApiRateCounter(models.Model):
    """Requests of one bucket (an API key, a user) allowed in the current window and the one before.

    Counted in PostgreSQL so that every worker and every machine share one count. A request locks the
    rows of its buckets (``SELECT ... FOR UPDATE``, in a short transaction of its own, READ COMMITTED:
    requests of one bucket at the same moment queue on its row and each sees the count of those before
    it, none is lost and none fails to serialise), decides with the sliding-window estimate of
    ``tools/rate_limit.py``, and counts itself in every bucket only when all of them allow it.
    """

    _name = "dms.api.rate.counter"
    _description = "Integration API Rate Counter"
    _order = "bucket"
    _log_access = False

    bucket = fields.Char(required=True, readonly=True, help="key:<user id>:<key index> or user:<user id>.")
    window_start = fields.Integer(readonly=True, help="Start of the current window, in seconds since 1970.")
    hits = fields.Integer(readonly=True, help="Requests allowed in the current window.")
    prev_hits = fields.Integer(readonly=True, help="Requests allowed in the window before.")

    _sql_constraints = [
        ("bucket_uniq", "UNIQUE(bucket)", "One counter per bucket."),
    ]

    @api.model
    def _dms_take(self, buckets, window, now=None):
        """Count one request in every bucket of ``buckets`` (``[(bucket, limit)]``) if all allow it.

        Returns ``{"allowed", "limit", "remaining", "retry_after"}`` for the tightest bucket:
        refused as soon as one bucket is full (``retry_after`` seconds until one more request fits
        there). ``now`` (epoch seconds) is for tests; the workers of one deployment share a clock.
        """
        now = time.time() if now is None else now
        window = max(int(window), 1)
        start = rate_limit.window_start(now, window)
        result = {"allowed": True, "limit": None, "remaining": None, "retry_after": 0}
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):
                # a transaction of its own (a test's shared cursor is already running one): the lock
                # waits on the row and then reads its latest value, no serialization error
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            names = sorted(bucket for bucket, _limit in buckets)
            cr.execute(
                "INSERT INTO dms_api_rate_counter (bucket, window_start, hits, prev_hits) "
                "SELECT name, %s, 0, 0 FROM unnest(%s::varchar[]) name ON CONFLICT (bucket) DO NOTHING",
                [start, names],
            )
            # one statement locks them all, in bucket order: two requests never deadlock
            cr.execute(
                "SELECT bucket, window_start, hits, prev_hits FROM dms_api_rate_counter "
                "WHERE bucket = ANY(%s) ORDER BY bucket FOR UPDATE",
                [names],
            )
            rows = {
                bucket: rate_limit.slide(stored, hits, prev, start, window)
                for bucket, stored, hits, prev in cr.fetchall()
            }
            for bucket, limit in sorted(buckets):
                current, hits, prev = rows[bucket]
                allowed, remaining = rate_limit.decide(hits, limit, prev, rate_limit.weight(now, current, window))
                if result["remaining"] is None or remaining < result["remaining"] or not allowed:
                    result.update(limit=limit, remaining=remaining)
                if not allowed:
                    result["allowed"] = False
                    result["retry_after"] = max(
                        result["retry_after"], rate_limit.retry_after(now, current, window, hits, prev, limit)
                    )
            for bucket, (current, hits, prev) in rows.items():
                cr.execute(
                    "UPDATE dms_api_rate_counter SET window_start = %s, hits = %s, prev_hits = %s WHERE bucket = %s",
                    [current, hits + (1 if result["allowed"] else 0), prev, bucket],
                )
        return result

    @api.autovacuum
    def _gc_counters(self, days=1):
        """Drop the counters of buckets unused for ``days`` (deleted keys, gone users)."""
        self.env.cr.execute(
            "DELETE FROM dms_api_rate_counter WHERE window_start < %s", [int(time.time()) - days * 86400]
        )
