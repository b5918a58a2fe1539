# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead distribution rules (线索分配): plain functions, no Odoo import.

Datetimes are naive UTC, as Odoo stores them; every function takes ``now``
explicitly so the edges are tested without a clock.
"""

from datetime import timedelta


def deadline_after(offered_at, hours):
    """When an offer made at ``offered_at`` must be accepted by.

    >>> from datetime import datetime
    >>> deadline_after(datetime(2026, 3, 1, 9, 0), 24)
    datetime.datetime(2026, 3, 2, 9, 0)
    """
    if hours <= 0:
        raise ValueError("the accept deadline must be at least one hour")
    return offered_at + timedelta(hours=hours)


def is_late(deadline, now):
    """True once ``now`` is strictly after ``deadline``: accepting exactly at the deadline still counts.

    >>> from datetime import datetime
    >>> d = datetime(2026, 3, 2, 9, 0)
    >>> is_late(d, datetime(2026, 3, 2, 9, 0))
    False
    >>> is_late(d, datetime(2026, 3, 2, 9, 0, 1))
    True
    >>> is_late(None, d)
    False
    """
    return bool(deadline) and now > deadline


def rank(candidates, exclude=()):
    """Dealers that may take one more lead, best first.

    ``candidates``: dicts ``id``, ``open`` (leads offered to or being worked by the dealer),
    ``capacity`` (most open leads it takes; 0 takes none) and ``depth`` (depth of its territory:
    deeper is closer to the customer). A dealer in ``exclude`` (already tried for this lead)
    or at capacity is left out. Least loaded first (open / capacity), then fewer open leads,
    then the closer territory, then the smaller id, so equal dealers always come in the same order.

    >>> c = [
    ...     {"id": 7, "open": 2, "capacity": 10, "depth": 2},
    ...     {"id": 3, "open": 1, "capacity": 5, "depth": 2},
    ...     {"id": 5, "open": 0, "capacity": 0, "depth": 3},
    ...     {"id": 9, "open": 4, "capacity": 4, "depth": 3},
    ... ]
    >>> rank(c)
    [3, 7]
    >>> rank(c, exclude=[3])
    [7]
    >>> rank([{"id": 8, "open": 1, "capacity": 4, "depth": 2}, {"id": 2, "open": 1, "capacity": 4, "depth": 3},
    ...       {"id": 1, "open": 1, "capacity": 4, "depth": 2}])
    [2, 1, 8]
    """
    ranked = []
    for cand in candidates:
        capacity = cand.get("capacity") or 0
        if cand["id"] in exclude or capacity <= 0 or cand["open"] >= capacity:
            continue
        ranked.append((cand["open"] / capacity, cand["open"], -cand.get("depth", 0), cand["id"]))
    ranked.sort()
    return [key[-1] for key in ranked]


def next_step(attempts, max_attempts, ranked):
    """What to do with a lead that needs a dealer: ``("offer", dealer_id)`` or ``("hq", reason)``.

    ``attempts``: dealers already offered this lead; after ``max_attempts`` of them, or when no
    dealer is left, the lead goes back to the HQ queue.

    >>> next_step(0, 3, [4, 5])
    ('offer', 4)
    >>> next_step(3, 3, [4])
    ('hq', 'attempts')
    >>> next_step(1, 3, [])
    ('hq', 'no_dealer')
    """
    if attempts >= max_attempts:
        return ("hq", "attempts")
    if not ranked:
        return ("hq", "no_dealer")
    return ("offer", ranked[0])
