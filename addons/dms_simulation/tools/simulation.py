# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Strategy simulation maths (no Odoo import).

The default period is the last full month (or quarter) before a day:

>>> from datetime import date
>>> last_full_period(date(2026, 7, 15), "month")
(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
>>> last_full_period(date(2026, 1, 3), "quarter")
(datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))

A line keeps its actual amount unless the scenario reprices it; a new unit
price is applied to the quantity with the line's own discount:

>>> line_amount(12.5, 10, discount=20)
100.0

Deltas are amounts and percentages of the baseline (no percentage on a zero
baseline):

>>> delta(1000.0, 900.0)
(-100.0, -10.0)
>>> delta(0.0, 50.0)
(50.0, 0.0)

A promotion's discount is spread over the order's lines in proportion to
their amounts, the last line taking the rounding rest:

>>> spread(30.0, [100.0, 200.0])
[10.0, 20.0]
>>> spread(10.0, [1.0, 1.0, 1.0], digits=2)
[3.33, 3.33, 3.34]
"""

from datetime import date, timedelta

PERIOD_MONTHS = {"month": 1, "quarter": 3}


def last_full_period(day, period_type="month"):
    """First and last day of the last full month or quarter before ``day``."""
    months = PERIOD_MONTHS[period_type]
    start_month = ((day.month - 1) // months) * months + 1  # first month of the current period
    current_start = date(day.year, start_month, 1)
    end = current_start - timedelta(days=1)
    month_index = end.year * 12 + end.month - 1 - (months - 1)
    return date(month_index // 12, month_index % 12 + 1, 1), end


def line_amount(price_unit, qty, discount=0.0):
    """Untaxed amount of ``qty`` units at ``price_unit`` less ``discount`` %."""
    return (price_unit or 0.0) * (qty or 0.0) * (1.0 - (discount or 0.0) / 100.0)


def delta(baseline, simulated):
    """(simulated - baseline, the same in % of the baseline; 0 % when the baseline is 0)."""
    diff = (simulated or 0.0) - (baseline or 0.0)
    pct = diff / abs(baseline) * 100.0 if baseline else 0.0
    return diff, pct


def spread(total, weights, digits=2):
    """``total`` split in proportion to ``weights`` (rounded; the last share takes the rest)."""
    weight_sum = sum(weights)
    if not weights:
        return []
    if not weight_sum:
        shares = [0.0] * len(weights)
        shares[-1] = round(total, digits)
        return shares
    shares = [round(total * weight / weight_sum, digits) for weight in weights[:-1]]
    shares.append(round(total - sum(shares), digits))
    return shares


def region_of(territory_id, parents, types):
    """The nearest territory of type ``region`` at or above ``territory_id``, or False.

    ``parents`` maps a territory to its parent, ``types`` to its type.

    >>> region_of(3, {3: 2, 2: 1, 1: False}, {3: "area", 2: "region", 1: "hq"})
    2
    >>> region_of(1, {1: False}, {1: "hq"})
    False
    """
    seen = set()
    current = territory_id
    while current and current not in seen:
        if types.get(current) == "region":
            return current
        seen.add(current)
        current = parents.get(current)
    return False
