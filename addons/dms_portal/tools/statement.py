# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure statement maths (no ORM: periods come from ``odoo.tools.date_utils``).

A movement is ``(date, kind, reference, amount)`` where a positive amount raises
what the dealer owes (invoice) and a negative one lowers it (payment, refund,
rebate).

>>> lines, totals = build_statement(100.0, [("2026-01-05", "invoice", "INV/1", 50.0),
...                                         ("2026-01-09", "payment", "PAY/1", -120.0)])
>>> [(l["kind"], l["balance"]) for l in lines]
[('opening', 100.0), ('invoice', 150.0), ('payment', 30.0), ('closing', 30.0)]
>>> totals["invoice"], totals["payment"], totals["closing"]
(50.0, -120.0, 30.0)
"""

from odoo.tools import date_utils

KINDS = ("invoice", "payment", "refund", "rebate", "other")


def build_statement(opening, movements, digits=2):
    """Statement lines with a running balance, plus totals per kind.

    Movements are sorted by (date, reference) so the result does not depend on
    the order the books returned them in.
    """
    balance = round(opening or 0.0, digits)
    lines = [{"date": None, "kind": "opening", "reference": "", "amount": balance, "balance": balance}]
    totals = dict.fromkeys(KINDS, 0.0)
    for date, kind, reference, amount in sorted(movements, key=lambda m: (str(m[0]), str(m[2]))):
        kind = kind if kind in KINDS else "other"
        amount = round(amount, digits)
        balance = round(balance + amount, digits)
        totals[kind] = round(totals[kind] + amount, digits)
        lines.append({"date": date, "kind": kind, "reference": reference, "amount": amount, "balance": balance})
    lines.append({"date": None, "kind": "closing", "reference": "", "amount": balance, "balance": balance})
    totals["opening"] = round(opening or 0.0, digits)
    totals["closing"] = balance
    return lines, totals


def classify_move(move_type, is_rebate=False, is_payment=False):
    """Statement kind of an accounting move.

    >>> [classify_move(t) for t in ("out_invoice", "out_refund", "entry", "out_receipt")]
    ['invoice', 'refund', 'other', 'invoice']
    >>> classify_move("out_refund", is_rebate=True), classify_move("entry", is_payment=True)
    ('rebate', 'payment')
    """
    if is_rebate:
        return "rebate"
    if is_payment:
        return "payment"
    if move_type in ("out_invoice", "out_receipt"):
        return "invoice"
    if move_type == "out_refund":
        return "refund"
    return "other"


#: the longest period a statement may cover, in days (a year, leap years included)
MAX_PERIOD_DAYS = 366


class PeriodError(ValueError):
    """A period that cannot be a statement's: ``code`` says why
    (``"missing"``, ``"format"``, ``"order"``, ``"future"``, ``"too_long"``)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _to_date(value):
    import datetime

    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PeriodError("format") from None


def period_bounds(today, month=None, date_from=None, date_to=None):
    """First and last day of an on-demand statement, as dates.

    ``month`` (``"YYYY-MM"``, what an ``<input type="month">`` sends) wins over
    a ``date_from`` / ``date_to`` range. The period must have started (a closed
    or the current period, never a future one) and last at most
    :data:`MAX_PERIOD_DAYS` days; it may end after ``today`` (the current month).

    >>> import datetime
    >>> today = datetime.date(2026, 12, 6)
    >>> period_bounds(today, month="2026-11")
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    >>> period_bounds(today, month="2026-12")
    (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    >>> period_bounds(today, date_from="2026-11-05", date_to="2026-11-20")
    (datetime.date(2026, 11, 5), datetime.date(2026, 11, 20))
    >>> for kwargs in ({}, {"month": "2026-13"}, {"month": "Nov"}, {"month": "2027-01"},
    ...                {"date_from": "2026-11-20", "date_to": "2026-11-05"},
    ...                {"date_from": "2025-01-01", "date_to": "2026-11-30"}, {"date_from": "2026-11-01"}):
    ...     try:
    ...         period_bounds(today, **kwargs)
    ...     except PeriodError as error:
    ...         print(error.code)
    missing
    format
    format
    future
    order
    too_long
    missing
    """
    import datetime

    month = (month or "").strip()
    if month:
        try:
            year, number = (int(part) for part in month.split("-"))
            start = datetime.date(year, number, 1)
        except (ValueError, TypeError, IndexError):
            raise PeriodError("format") from None
        end = date_utils.end_of(start, "month")
    elif date_from and date_to:
        start, end = _to_date(date_from), _to_date(date_to)
    else:
        raise PeriodError("missing")
    if start > end:
        raise PeriodError("order")
    if start > today:
        raise PeriodError("future")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise PeriodError("too_long")
    return start, end


def period_label(date_from, date_to):
    """How a statement names its period: ``YYYY-MM`` for a calendar month, else the range.

    >>> import datetime
    >>> period_label(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    '2026-11'
    >>> period_label(datetime.date(2026, 11, 5), datetime.date(2026, 11, 20))
    '2026-11-05 – 2026-11-20'
    """
    start, end = _to_date(date_from), _to_date(date_to)
    if start == date_utils.start_of(start, "month") and end == date_utils.end_of(start, "month"):
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start} – {end}"


def match_lines(old_keys, new_keys):
    """Pair regenerated lines with the lines they replace, by key (the source entry).

    Returns ``(pairs, orphans)``: for each new key, the index of the old line it updates
    (``None``: a new line); ``orphans`` are the old indexes nothing replaces.
    A line keeps its dispute history when its source entry is still on the statement.

    >>> match_lines([("opening",), ("move", 7), ("move", 9), ("closing",)],
    ...             [("opening",), ("move", 9), ("move", 12), ("closing",)])
    ([0, 2, None, 3], [1])
    """
    free = {}
    for index, key in enumerate(old_keys):
        free.setdefault(key, []).append(index)
    pairs = []
    for key in new_keys:
        candidates = free.get(key)
        pairs.append(candidates.pop(0) if candidates else None)
    used = {index for index in pairs if index is not None}
    return pairs, [index for index in range(len(old_keys)) if index not in used]
