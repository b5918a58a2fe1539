"""Rules of rush orders (加急), without the ORM."""

from datetime import timedelta

from odoo.tools import date_utils


def month_bounds(day):
    """First day of ``day``'s month and first day of the next month (``odoo.tools.date_utils``).

    >>> from datetime import date
    >>> month_bounds(date(2026, 12, 15))
    (datetime.date(2026, 12, 1), datetime.date(2027, 1, 1))
    >>> month_bounds(date(2026, 2, 1))
    (datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    """
    start = date_utils.start_of(day, "month")
    return start, date_utils.end_of(day, "month") + timedelta(days=1)


def quota_left(quota, used):
    """Rush flags left this month.

    >>> quota_left(3, 1)
    2
    >>> quota_left(0, 0)
    0
    >>> quota_left(2, 5)
    0
    """
    return max(int(quota or 0) - int(used or 0), 0)


def sla_deadline(flagged_at, hours):
    """When a rush order must have shipped.

    >>> from datetime import datetime
    >>> sla_deadline(datetime(2026, 3, 1, 8, 0), 24)
    datetime.datetime(2026, 3, 2, 8, 0)
    >>> sla_deadline(None, 24)
    """
    if not flagged_at:
        return None
    return flagged_at + timedelta(hours=int(hours or 0))


def is_overdue(deadline, now, finished):
    """Whether an unfinished rush order is past its SLA.

    >>> from datetime import datetime
    >>> is_overdue(datetime(2026, 3, 2), datetime(2026, 3, 3), False)
    True
    >>> is_overdue(datetime(2026, 3, 2), datetime(2026, 3, 3), True)
    False
    >>> is_overdue(None, datetime(2026, 3, 3), False)
    False
    """
    return bool(deadline and not finished and now > deadline)
