# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sliding-window rate limit of the integration API: pure arithmetic, no Odoo.

Windows of ``window`` seconds start at every multiple of ``window`` since the epoch. A bucket (an API
key, a user) keeps the requests it was allowed in the current window (``hits``) and in the one
before (``prev_hits``); the previous window weighs by the part of it still inside the last
``window`` seconds, as if its requests had been spread evenly (the sliding-window counter). A request
passes when that estimate plus itself stays within ``limit``; a refused request is not counted. A
fixed window would let a client make ``limit`` requests at the end of one window and ``limit`` more
at the start of the next (twice the limit in a few seconds); the weight of the previous window
prevents it. The counter lives in PostgreSQL (``dms.api.rate.counter``), one row per bucket.
"""

import math


def window_start(now, window):
    """Start (epoch seconds, an integer) of the window holding ``now``.

    >>> window_start(119.9, 60), window_start(120, 60), window_start(121, 60)
    (60, 120, 120)
    """
    window = max(int(window), 1)
    return int(now // window) * window


def slide(stored_start, hits, prev_hits, start, window):
    """``(window_start, hits, prev_hits)`` of a bucket stored for the window ``stored_start`` when a
    request of the window ``start`` arrives. A late request (a clock a little behind) never moves the
    window back; a window with no request in between leaves nothing to weigh.

    >>> slide(120, 3, 1, 120, 60), slide(120, 3, 1, 180, 60), slide(120, 3, 1, 300, 60), slide(180, 2, 3, 120, 60)
    ((120, 3, 1), (180, 0, 3), (300, 0, 0), (180, 2, 3))
    """
    window = max(int(window), 1)
    if start <= stored_start:
        return stored_start, hits, prev_hits
    return start, 0, hits if start == stored_start + window else 0


def weight(now, start, window):
    """Weight of the previous window at ``now``: the part of it still inside the last ``window`` seconds.

    >>> weight(120, 120, 60), weight(140, 120, 60), weight(180, 120, 60), weight(119, 120, 60)
    (1.0, 0.6666666666666667, 0.0, 1.0)
    """
    window = max(int(window), 1)
    return min(1.0, max(0.0, 1.0 - (now - start) / window))


def decide(hits, limit, prev_hits=0, prev_weight=0.0):
    """``(allowed, remaining)`` for one more request, ``hits`` being those allowed so far in the window.

    >>> decide(0, 3), decide(2, 3), decide(3, 3)
    ((True, 2), (True, 0), (False, 0))
    >>> decide(0, 3, prev_hits=3, prev_weight=1.0), decide(0, 3, prev_hits=3, prev_weight=2 / 3)
    ((False, 0), (True, 0))
    """
    used = hits + prev_hits * prev_weight
    allowed = used + 1 <= limit + 1e-9
    return allowed, max(int(math.floor(limit - used - (1 if allowed else 0) + 1e-9)), 0)


def retry_after(now, start, window, hits, prev_hits, limit):
    """Whole seconds (at least 1) until one more request fits in a bucket of the window ``start``.

    Within the window while the previous one's weight fades; else into the next window, where this
    one's ``hits`` weigh in turn.

    >>> retry_after(179.2, 120, 60, 3, 0, 3), retry_after(150, 120, 60, 3, 0, 3), retry_after(180, 180, 60, 0, 3, 3)
    (21, 50, 20)
    """
    window = max(int(window), 1)
    if hits + 1 <= limit and prev_hits:
        when = start + window * (1 - (limit - hits - 1) / prev_hits)
    else:
        fade = (limit - 1) / hits if hits else 1.0
        when = start + window + window * max(0.0, 1 - fade)
    return max(1, math.ceil(when - now - 1e-9))
