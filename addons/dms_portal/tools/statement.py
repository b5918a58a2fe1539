# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure statement maths (no odoo import).

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


def month_bounds(year, month):
    """First and last day of a month as ISO strings.

    >>> month_bounds(2026, 2), month_bounds(2024, 2), month_bounds(2026, 12)
    (('2026-02-01', '2026-02-28'), ('2024-02-01', '2024-02-29'), ('2026-12-01', '2026-12-31'))
    """
    import calendar

    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
