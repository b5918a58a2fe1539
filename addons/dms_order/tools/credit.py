"""Credit exposure and the credit decision, without any Odoo import.

All amounts are in the company currency.  A limit of ``0`` means "no limit"
(Odoo's own convention for ``res.partner.credit_limit``).
"""

import datetime

OK = None
OVERDUE = "overdue"
OVER_LIMIT = "over_limit"
OVER_GROUP_LIMIT = "over_group_limit"


def exposure(receivable=0.0, uninvoiced_orders=0.0, draft_invoices=0.0):
    """Total credit exposure of a dealer.

    >>> exposure(100.0, 50.0, 25.0)
    175.0
    >>> exposure()
    0.0
    """
    return float(receivable or 0.0) + float(uninvoiced_orders or 0.0) + float(draft_invoices or 0.0)


def effective_limit(base_limit, increases, today):
    """Base limit plus the temporary increases valid on ``today``.

    ``increases`` is an iterable of ``(amount, date_start, date_end)``; both
    dates are inclusive.  A base limit of 0 (no limit) stays 0.

    >>> d = datetime.date
    >>> effective_limit(1000.0, [(500.0, d(2026, 1, 1), d(2026, 1, 31))], d(2026, 1, 31))
    1500.0
    >>> effective_limit(1000.0, [(500.0, d(2026, 1, 1), d(2026, 1, 31))], d(2026, 2, 1))
    1000.0
    >>> effective_limit(0.0, [(500.0, d(2026, 1, 1), d(2026, 1, 31))], d(2026, 1, 2))
    0.0
    """
    if not base_limit:
        return 0.0
    extra = sum(amount for amount, start, end in increases if start <= today <= end)
    return float(base_limit) + float(extra)


def overdue_cutoff(today, grace_days):
    """Receivables due strictly before this date are overdue beyond the grace period.

    >>> overdue_cutoff(datetime.date(2026, 3, 10), 5)
    datetime.date(2026, 3, 5)
    >>> overdue_cutoff(datetime.date(2026, 3, 10), -3)
    datetime.date(2026, 3, 10)
    """
    return today - datetime.timedelta(days=max(int(grace_days or 0), 0))


def available(limit, current_exposure):
    """Room left under the limit; ``None`` when there is no limit.

    >>> available(1000.0, 400.0)
    600.0
    >>> available(1000.0, 1400.0)
    -400.0
    >>> available(0.0, 400.0) is None
    True
    """
    if not limit:
        return None
    return float(limit) - float(current_exposure)


def _positive(value, rounding):
    """Whether ``value`` is above zero once rounded to the currency rounding.

    >>> _positive(1000.01 - 1000.0, 0.01)
    True
    >>> _positive(0.004, 0.01)
    False
    """
    return round(value / rounding) > 0


def decide(amount, current_exposure, limit, overdue_amount=0.0, group_exposure=0.0, group_limit=0.0, rounding=0.01):
    """Whether a new order of ``amount`` may be confirmed.

    Returns ``None`` when it passes, else the reason code: overdue receivables
    block on their own, then the dealer limit, then the group limit.
    Reaching the limit exactly still passes.  ``rounding`` is the currency rounding.

    >>> decide(100.0, 900.0, 1000.0) is None
    True
    >>> decide(100.01, 900.0, 1000.0)
    'over_limit'
    >>> decide(1.0, 0.0, 1000.0, overdue_amount=10.0)
    'overdue'
    >>> decide(1e9, 0.0, 0.0) is None
    True
    >>> decide(100.0, 0.0, 1000.0, group_exposure=5000.0, group_limit=5050.0)
    'over_group_limit'
    >>> decide(-50.0, 2000.0, 1000.0) is None
    True
    """
    if _positive(overdue_amount, rounding):
        return OVERDUE
    if not _positive(amount, rounding):
        return OK
    if limit and _positive(current_exposure + amount - limit, rounding):
        return OVER_LIMIT
    if group_limit and _positive(group_exposure + amount - group_limit, rounding):
        return OVER_GROUP_LIMIT
    return OK


def split(orders, dealer_state, group_state=None, rounding=0.01):
    """Split orders of one company into those that pass and those held.

    ``orders`` is a list of ``(key, dealer_key, group_key, amount)`` in the
    order they should be considered; ``dealer_state`` maps dealer_key to
    ``{"exposure", "limit", "overdue"}`` and ``group_state`` maps group_key to
    ``{"exposure", "limit"}``.  Orders that pass add to the exposures, so two
    orders of the same confirmation cannot together pass the limit.
    Returns ``(passed_keys, {held_key: reason})``; the state dicts are updated.

    >>> st = {"d": {"exposure": 0.0, "limit": 100.0, "overdue": 0.0}}
    >>> split([(1, "d", None, 60.0), (2, "d", None, 60.0), (3, "d", None, 40.0)], st)
    ([1, 3], {2: 'over_limit'})
    >>> st["d"]["exposure"]
    100.0
    >>> g = {"g": {"exposure": 0.0, "limit": 50.0}}
    >>> st = {"a": {"exposure": 0.0, "limit": 0.0, "overdue": 0.0},
    ...       "b": {"exposure": 0.0, "limit": 0.0, "overdue": 0.0}}
    >>> split([(1, "a", "g", 30.0), (2, "b", "g", 30.0)], st, g)
    ([1], {2: 'over_group_limit'})
    """
    group_state = group_state or {}
    passed, held = [], {}
    for key, dealer_key, group_key, amount in orders:
        dealer = dealer_state[dealer_key]
        group = group_state.get(group_key) if group_key else None
        reason = decide(
            amount,
            dealer["exposure"],
            dealer["limit"],
            overdue_amount=dealer.get("overdue", 0.0),
            group_exposure=group["exposure"] if group else 0.0,
            group_limit=group["limit"] if group else 0.0,
            rounding=rounding,
        )
        if reason:
            held[key] = reason
            continue
        passed.append(key)
        dealer["exposure"] += amount
        if group:
            group["exposure"] += amount
    return passed, held


def uninvoiced_amount(price_total, ordered_qty, invoiced_qty):
    """Part of a line's total not yet invoiced (posted or draft).

    >>> uninvoiced_amount(100.0, 10.0, 4.0)
    60.0
    >>> uninvoiced_amount(100.0, 10.0, 12.0)
    0.0
    >>> uninvoiced_amount(100.0, 0.0, 0.0)
    0.0
    """
    if not ordered_qty or ordered_qty <= 0:
        return 0.0
    remaining = max(float(ordered_qty) - float(invoiced_qty or 0.0), 0.0)
    return float(price_total) * remaining / float(ordered_qty)
