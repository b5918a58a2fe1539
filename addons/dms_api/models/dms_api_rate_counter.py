# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time

from odoo import api, fields, models
from odoo.sql_db import Cursor

from ..tools import rate_limit


class DmsApiRateCounter(models.Model):
    """Requests of one bucket (an API key, a user) in the current fixed window.

    Counted in PostgreSQL so that every worker and every machine share one count: one
    ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` per bucket, in a short transaction of its own
    (committed at once, so a request that fails later still counts and a read-only request can
    count), in READ COMMITTED: requests of one bucket at the same moment queue on its row for the
    time of one statement and each gets its own number, none is lost and none fails to serialise.
    """

    _name = "dms.api.rate.counter"
    _description = "Integration API Rate Counter"
    _order = "bucket"
    _log_access = False

    bucket = fields.Char(required=True, readonly=True, help="key:<user id>:<key index> or user:<user id>.")
    window_start = fields.Integer(readonly=True, help="Start of the current window, in seconds since 1970.")
    hits = fields.Integer(readonly=True, help="Requests counted in the current window, refused ones included.")

    _sql_constraints = [
        ("bucket_uniq", "UNIQUE(bucket)", "One counter per bucket."),
    ]

    @api.model
    def _dms_take(self, buckets, window, now=None):
        """Count one request in every bucket of ``buckets`` (``[(bucket, limit)]``).

        Returns ``{"allowed", "limit", "remaining", "retry_after"}`` for the tightest bucket:
        refused as soon as one bucket is over its limit (``retry_after`` seconds until its window
        ends). ``now`` (epoch seconds) is for tests; the workers of one deployment share a clock.
        """
        now = time.time() if now is None else now
        window = max(int(window), 1)
        start = rate_limit.window_start(now, window)
        result = {"allowed": True, "limit": None, "remaining": None, "retry_after": 0}
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):
                # a transaction of its own (a test's shared cursor is already running one): the
                # statement waits on the row and then counts on the latest value, no serialization error
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            # sorted: two requests lock the rows of their buckets in the same order (no deadlock)
            for bucket, limit in sorted(buckets):
                cr.execute(rate_limit.UPSERT, {"bucket": bucket, "start": start})
                hits, current = cr.fetchone()
                allowed, remaining = rate_limit.decide(hits, limit)
                if result["remaining"] is None or remaining < result["remaining"] or not allowed:
                    result.update(limit=limit, remaining=remaining)
                if not allowed:
                    result["allowed"] = False
                    result["retry_after"] = max(result["retry_after"], rate_limit.retry_after(now, current, window))
        return result

    @api.autovacuum
    def _gc_counters(self, days=1):
        """Drop the counters of buckets unused for ``days`` (deleted keys, gone users)."""
        self.env.cr.execute(
            "DELETE FROM dms_api_rate_counter WHERE window_start < %s", [int(time.time()) - days * 86400]
        )
