"""Rules of returns and exchanges (退换货), without the ORM.

The service standard: a request names a reason, each reason has a deadline
in days after delivery; a line may ask for at most what was delivered minus
what was already returned or asked for. Photos follow dms_portal's one rule
(``dms_portal/tools/photos.py``).
"""

from datetime import timedelta

#: refusal codes of :func:`check_quantity`
NOT_POSITIVE = "not_positive"
OVER_RETURNABLE = "over_returnable"


def returnable_quantity(delivered, returned_outside, requested):
    """What may still be asked for on one order line.

    ``delivered`` left for the customer, ``returned_outside`` came back without
    a request, ``requested`` is on other open or finished requests.

    >>> returnable_quantity(10.0, 0.0, 3.0)
    7.0
    >>> returnable_quantity(10.0, 2.0, 9.0)
    0.0
    """
    return max(float(delivered) - float(returned_outside) - float(requested), 0.0)


def check_quantity(qty, returnable, rounding=0.01):
    """``None`` when ``qty`` may be asked for, else a refusal code.

    >>> check_quantity(2, 5)
    >>> check_quantity(0, 5)
    'not_positive'
    >>> check_quantity(5.004, 5)
    >>> check_quantity(6, 5)
    'over_returnable'
    """
    if qty is None or qty <= rounding / 2:
        return NOT_POSITIVE
    if qty - returnable > rounding / 2:
        return OVER_RETURNABLE
    return None


def deadline(delivery_date, days):
    """Last day a return may be asked for: ``days`` after delivery (inclusive).

    >>> from datetime import date
    >>> deadline(date(2026, 3, 1), 7)
    datetime.date(2026, 3, 8)
    >>> deadline(None, 7)
    """
    if not delivery_date:
        return None
    return delivery_date + timedelta(days=int(days or 0))


def is_late(delivery_date, days, today):
    """Whether a request made ``today`` is past the service standard.

    >>> from datetime import date
    >>> is_late(date(2026, 3, 1), 7, date(2026, 3, 8))
    False
    >>> is_late(date(2026, 3, 1), 7, date(2026, 3, 9))
    True
    >>> is_late(None, 7, date(2026, 3, 9))
    False
    """
    last = deadline(delivery_date, days)
    return bool(last and today > last)


def allocate(quantity, capacities):
    """Split ``quantity`` over ``[(key, capacity), ...]`` in order; returns ``{key: qty}``.

    Used to spread a return over deliveries and a refund over invoice lines.

    >>> allocate(7, [("a", 5), ("b", 5)])
    {'a': 5.0, 'b': 2.0}
    >>> allocate(3, [("a", 0), ("b", 5)])
    {'b': 3.0}
    >>> allocate(20, [("a", 5)])
    {'a': 5.0}
    """
    result = {}
    left = float(quantity)
    for key, capacity in capacities:
        if left <= 0:
            break
        take = min(left, float(capacity))
        if take > 0:
            result[key] = take
            left -= take
    return result
