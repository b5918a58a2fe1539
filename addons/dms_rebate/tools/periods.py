# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Settlement periods: month, quarter, year, as ``odoo.tools.date_utils`` cuts them.

>>> from datetime import date
>>> period_bounds(date(2026, 5, 17), "month")
(datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))
>>> period_bounds(date(2026, 5, 17), "quarter")
(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
>>> period_bounds(date(2024, 2, 29), "year")
(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
>>> same_period_last_year(date(2024, 2, 1), date(2024, 2, 29))
(datetime.date(2023, 2, 1), datetime.date(2023, 2, 28))
"""

from datetime import date

from odoo.tools import date_utils

PERIOD_TYPES = ("month", "quarter", "year")


def period_bounds(day, period_type):
    """First and last day of the ``period_type`` period that contains ``day``."""
    if period_type not in PERIOD_TYPES:
        raise ValueError(f"unknown period type {period_type!r}")
    return date_utils.start_of(day, period_type), date_utils.end_of(day, period_type)


def _shift_year(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def same_period_last_year(date_from, date_to):
    """The same dates one year earlier (29 February becomes 28 February)."""
    return _shift_year(date_from, -1), _shift_year(date_to, -1)


def periods_between(date_from, date_to, period_type):
    """All periods that overlap ``[date_from, date_to]``, in order."""
    result = []
    start, end = period_bounds(date_from, period_type)
    while start <= date_to:
        result.append((start, end))
        next_day = date.fromordinal(end.toordinal() + 1)
        start, end = period_bounds(next_day, period_type)
    return result
