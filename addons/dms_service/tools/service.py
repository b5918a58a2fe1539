# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rules of service tickets (售后服务工单), without the ORM.

SLA: a category gives hours to the first response and to the resolution,
counted on the clock (24/7) from the moment the ticket was opened. A deadline
is met when the thing happens at or before it; one second later it is breached.
Assignment: the team member with the fewest open tickets (ties: the first
listed). Photos follow dms_portal's one rule (``dms_portal/tools/photos.py``).
"""

from datetime import timedelta


def sla_deadline(opened_at, hours):
    """When something is due: ``hours`` after ``opened_at`` (``None`` without an SLA).

    >>> from datetime import datetime
    >>> sla_deadline(datetime(2026, 3, 1, 9, 0), 4)
    datetime.datetime(2026, 3, 1, 13, 0)
    >>> sla_deadline(datetime(2026, 3, 1, 9, 0), 1.5)
    datetime.datetime(2026, 3, 1, 10, 30)
    >>> sla_deadline(datetime(2026, 3, 1, 9, 0), 0) is None
    True
    >>> sla_deadline(None, 4) is None
    True
    """
    if not opened_at or not hours or hours <= 0:
        return None
    return opened_at + timedelta(hours=float(hours))


def is_breached(deadline, done_at=None, now=None):
    """Whether ``deadline`` is missed: by ``done_at`` if it happened, else by ``now``.

    Exactly at the deadline is on time; one second after is late.

    >>> from datetime import datetime
    >>> due = datetime(2026, 3, 1, 13, 0)
    >>> is_breached(due, done_at=datetime(2026, 3, 1, 13, 0))
    False
    >>> is_breached(due, done_at=datetime(2026, 3, 1, 13, 0, 1))
    True
    >>> is_breached(due, now=datetime(2026, 3, 1, 13, 0))
    False
    >>> is_breached(due, now=datetime(2026, 3, 1, 13, 0, 1))
    True
    >>> is_breached(None, now=datetime(2030, 1, 1))
    False
    """
    moment = done_at or now
    if not deadline or not moment:
        return False
    return moment > deadline


def pick_least_loaded(member_ids, loads):
    """The member with the fewest open tickets; ties go to the first in ``member_ids``.

    >>> pick_least_loaded([7, 3, 5], {7: 2, 3: 1, 5: 1})
    3
    >>> pick_least_loaded([7, 3], {})
    7
    >>> pick_least_loaded([], {}) is None
    True
    """
    if not member_ids:
        return None
    return min(enumerate(member_ids), key=lambda pair: (loads.get(pair[1], 0), pair[0]))[1]


def service_measures(tickets):
    """Scorecard measures of a dealer's tickets of a period.

    :param tickets: iterable of ``(breached, rating)``; ``rating`` 0 or ``None`` when not rated
    :return: ``{"count", "breached", "breach_rate" (% or None), "rating_avg" (1-5 or None)}``

    >>> service_measures([(False, 5), (True, 0), (False, None), (True, 3)])
    {'count': 4, 'breached': 2, 'breach_rate': 50.0, 'rating_avg': 4.0}
    >>> service_measures([])
    {'count': 0, 'breached': 0, 'breach_rate': None, 'rating_avg': None}
    """
    count = breached = 0
    ratings = []
    for is_late, rating in tickets:
        count += 1
        breached += 1 if is_late else 0
        if rating:
            ratings.append(float(rating))
    return {
        "count": count,
        "breached": breached,
        "breach_rate": round(100.0 * breached / count, 1) if count else None,
        "rating_avg": round(sum(ratings) / len(ratings), 2) if ratings else None,
    }


def service_score(breach_rate, rating_avg):
    """0-100 service KPI: half on time (100 - breach rate), half satisfaction (1 star = 0, 5 = 100).

    A part that cannot be measured is left out; ``None`` without any ticket.

    >>> service_score(0.0, 5.0)
    100.0
    >>> service_score(50.0, 3.0)
    50.0
    >>> service_score(20.0, None)
    80.0
    >>> service_score(None, None) is None
    True
    """
    parts = []
    if breach_rate is not None:
        parts.append(max(0.0, 100.0 - breach_rate))
    if rating_avg:
        parts.append(max(0.0, min(100.0, (rating_avg - 1.0) * 25.0)))
    return round(sum(parts) / len(parts), 1) if parts else None
