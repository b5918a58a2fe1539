# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixed-window rate limit of the integration API: pure arithmetic, no Odoo.

A window of ``window`` seconds starts at every multiple of ``window`` since the epoch; a bucket (an
API key, a user) may make ``limit`` requests in it. The ``limit``-th request of a window passes, the
``limit + 1``-th is refused until the next window starts. The counter itself lives in PostgreSQL
(``dms.api.rate.counter``), one row per bucket, counted by one ``INSERT ... ON CONFLICT DO UPDATE``.
"""

import math

#: the counter: one statement that starts a new window or counts one more hit in the current one.
#: A late request (a clock a little behind, a slow worker) never moves the window back.
UPSERT = """
    INSERT INTO dms_api_rate_counter (bucket, window_start, hits)
    VALUES (%(bucket)s, %(start)s, 1)
    ON CONFLICT (bucket) DO UPDATE SET
        hits = CASE WHEN EXCLUDED.window_start > dms_api_rate_counter.window_start THEN 1
                    ELSE dms_api_rate_counter.hits + 1 END,
        window_start = GREATEST(EXCLUDED.window_start, dms_api_rate_counter.window_start)
    RETURNING hits, window_start
"""


def window_start(now, window):
    """Start (epoch seconds, an integer) of the window holding ``now``.

    >>> window_start(119.9, 60), window_start(120, 60), window_start(121, 60)
    (60, 120, 120)
    """
    window = max(int(window), 1)
    return int(now // window) * window


def retry_after(now, start, window):
    """Whole seconds until the window starting at ``start`` ends (at least 1).

    >>> retry_after(120, 120, 60), retry_after(179.2, 120, 60), retry_after(179.99, 120, 60)
    (60, 1, 1)
    """
    return max(1, math.ceil(start + max(int(window), 1) - now))


def decide(hits, limit):
    """``(allowed, remaining)`` for the ``hits``-th request of a window allowing ``limit``.

    >>> decide(1, 3), decide(3, 3), decide(4, 3)
    ((True, 2), (True, 0), (False, 0))
    """
    return hits <= limit, max(limit - hits, 0)
