"""Rules of the dealer engagement center (公告、知识库、任务中心), without the ORM.

What an announcement's reach means, when an announcement is live, when a task
is overdue and how a completion rate is counted. Proof photos follow dms_portal's one rule
(``dms_portal/tools/photos.py``), six at most.
"""

#: photos per proof (each at most dms_portal's MAX_PHOTO_BYTES)
MAX_PHOTOS = 6
#: characters kept of a proof's text
MAX_PROOF_TEXT = 4000

#: assignment states in which the dealer still has to act
OPEN_STATES = ("open", "returned")


def is_live(publish_date, expiry_date, now):
    """Whether a published item is shown at ``now``: from its publish date (none: at once)
    until its expiry date (none: for good), the expiry instant excluded.

    >>> from datetime import datetime as dt
    >>> is_live(None, None, dt(2026, 6, 1))
    True
    >>> is_live(dt(2026, 6, 2), None, dt(2026, 6, 1))
    False
    >>> is_live(dt(2026, 5, 1), dt(2026, 6, 1), dt(2026, 6, 1))
    False
    """
    if publish_date and publish_date > now:
        return False
    return not (expiry_date and expiry_date <= now)


def rate(part, total):
    """``part`` of ``total`` in percent, one decimal; 0 when nothing is counted.

    >>> rate(1, 3)
    33.3
    >>> rate(0, 0)
    0.0
    >>> rate(5, 5)
    100.0
    """
    if not total:
        return 0.0
    return round(100.0 * part / total, 1)


def reach(targeted, read, acknowledged):
    """Reach of one announcement: counts and rates (read and acknowledged over targeted).

    A dealer that read or acknowledged but is no longer targeted (targeting changed after
    publication) still counts as reached: the counts are never above ``targeted`` in the rates.

    >>> reach(10, 4, 1) == {"targeted": 10, "read": 4, "acknowledged": 1, "unread": 6,
    ...                     "read_rate": 40.0, "ack_rate": 10.0}
    True
    >>> reach(2, 3, 0)["unread"]
    0
    """
    read_in = min(read, targeted)
    ack_in = min(acknowledged, targeted)
    return {
        "targeted": targeted,
        "read": read,
        "acknowledged": acknowledged,
        "unread": targeted - read_in,
        "read_rate": rate(read_in, targeted),
        "ack_rate": rate(ack_in, targeted),
    }


def is_overdue(state, deadline, today):
    """Whether an assignment is overdue: still waiting for the dealer after its due date.

    >>> from datetime import date
    >>> is_overdue("open", date(2026, 6, 1), date(2026, 6, 2))
    True
    >>> is_overdue("open", date(2026, 6, 1), date(2026, 6, 1))
    False
    >>> is_overdue("submitted", date(2026, 6, 1), date(2026, 6, 9))
    False
    >>> is_overdue("returned", date(2026, 6, 1), date(2026, 6, 9))
    True
    """
    return bool(deadline) and state in OPEN_STATES and deadline < today


def dealer_domain():
    """``res.partner`` domain of the dealers tasks and announcements can reach: active dealer companies.

    >>> dealer_domain()[0]
    ('is_dealer', '=', True)
    """
    return [("is_dealer", "=", True), ("is_company", "=", True), ("dealer_state", "=", "active")]
