# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Running balance of a channel account (orders shipped vs payments), without any Odoo import."""


def running(entries):
    """Sort ``entries`` (dicts with ``date``, ``debit``, ``credit``) and add each one's running ``balance``.

    Debits (goods shipped to the buyer) raise what the buyer owes, credits (payments) lower it.
    Entries of one date keep their given order.

    >>> rows = running([{"date": 2, "debit": 0.0, "credit": 30.0}, {"date": 1, "debit": 100.0, "credit": 0.0}])
    >>> [(row["date"], row["balance"]) for row in rows]
    [(1, 100.0), (2, 70.0)]
    >>> running([])
    []
    """
    balance = 0.0
    result = []
    for entry in sorted(entries, key=lambda entry: entry["date"]):
        balance += float(entry.get("debit") or 0.0) - float(entry.get("credit") or 0.0)
        result.append(dict(entry, balance=balance))
    return result


def totals(entries):
    """``(debit, credit, balance)`` of ``entries``.

    >>> totals([{"debit": 100.0, "credit": 0.0}, {"debit": 0.0, "credit": 30.0}])
    (100.0, 30.0, 70.0)
    """
    debit = sum(float(entry.get("debit") or 0.0) for entry in entries)
    credit = sum(float(entry.get("credit") or 0.0) for entry in entries)
    return debit, credit, debit - credit
