"""Dates of dealer qualifications and agreements (no ``odoo`` import)."""

from datetime import timedelta

VALID = "valid"
EXPIRING = "expiring"
EXPIRED = "expired"


def qualification_state(date_expiry, today, reminder_days):
    """State of a document on ``today``.

    A document without expiry date never expires; it is still valid on its
    expiry date and expired the day after.

    >>> from datetime import date
    >>> qualification_state(None, date(2026, 1, 1), 30)
    'valid'
    >>> qualification_state(date(2026, 3, 1), date(2026, 1, 1), 30)
    'valid'
    >>> qualification_state(date(2026, 1, 31), date(2026, 1, 1), 30)
    'expiring'
    >>> qualification_state(date(2026, 1, 1), date(2026, 1, 1), 30)
    'expiring'
    >>> qualification_state(date(2025, 12, 31), date(2026, 1, 1), 30)
    'expired'
    """
    if not date_expiry:
        return VALID
    if date_expiry < today:
        return EXPIRED
    if date_expiry <= today + timedelta(days=max(reminder_days or 0, 0)):
        return EXPIRING
    return VALID


def reminder_date(date_expiry, reminder_days):
    """First day on which a reminder is due (``None`` without expiry).

    >>> from datetime import date
    >>> reminder_date(date(2026, 3, 31), 30)
    datetime.date(2026, 3, 1)
    >>> reminder_date(None, 30) is None
    True
    """
    if not date_expiry:
        return None
    return date_expiry - timedelta(days=max(reminder_days or 0, 0))


def periods_overlap(start_a, end_a, start_b, end_b):
    """Whether two closed date periods share at least one day.

    >>> from datetime import date
    >>> periods_overlap(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31), date(2027, 12, 31))
    True
    >>> periods_overlap(date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1), date(2027, 12, 31))
    False
    """
    return start_a <= end_b and start_b <= end_a
