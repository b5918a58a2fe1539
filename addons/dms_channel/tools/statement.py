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


def split_problems(split, total, open_amounts, rounding=0.01):
    """What is wrong with naming ``split`` ``{key: amount}`` out of a payment of ``total``, given
    what each order still owes (``open_amounts``): a list of ``(code, key)``, empty when it is fine.

    Codes: ``"amount"`` (not positive), ``"order"`` (not an open order of the account), ``"open"``
    (more than the order still owes), ``"total"`` (the amounts named exceed the payment).

    >>> split_problems({"A": 60.0, "B": 40.0}, 100.0, {"A": 60.0, "B": 50.0})
    []
    >>> split_problems({"A": 70.0, "C": 5.0, "B": 0.0}, 60.0, {"A": 60.0, "B": 50.0})
    [('open', 'A'), ('order', 'C'), ('amount', 'B'), ('total', None)]
    """
    problems = []
    half = rounding / 2.0
    for key, amount in split.items():
        if float(amount) < half:
            problems.append(("amount", key))
        elif key not in open_amounts:
            problems.append(("order", key))
        elif float(amount) - float(open_amounts[key]) > half:
            problems.append(("open", key))
    if sum(float(amount) for amount in split.values()) - float(total) > half:
        problems.append(("total", None))
    return problems


def totals(entries):
    """``(debit, credit, balance)`` of ``entries``.

    >>> totals([{"debit": 100.0, "credit": 0.0}, {"debit": 0.0, "credit": 30.0}])
    (100.0, 30.0, 70.0)
    """
    debit = sum(float(entry.get("debit") or 0.0) for entry in entries)
    credit = sum(float(entry.get("credit") or 0.0) for entry in entries)
    return debit, credit, debit - credit


def allocate(orders, payments):
    """Allocate payments to orders: what each order still owes.

    ``orders`` is a list of dicts ``{"key", "due", "amount"}`` (amount owed: shipped value net of
    returns), ``payments`` a list of dicts ``{"amount", "order", "split"}`` where ``order`` is the key
    of the order the payment was made for, or ``None``, and ``split`` (optional) ``{key: amount}``
    the amounts it names for chosen orders. A payment made for an order pays that order first, a
    split pays each named order its named amount (never more than the order still owes); whatever
    is left of it, and every payment made for no order, pays the orders by due date (oldest first,
    then by key). Returns ``({key: paid}, unallocated)``.

    >>> orders = [{"key": "A", "due": 2, "amount": 100.0}, {"key": "B", "due": 1, "amount": 50.0}]
    >>> allocate(orders, [{"amount": 70.0, "order": None}])
    ({'A': 20.0, 'B': 50.0}, 0.0)
    >>> allocate(orders, [{"amount": 30.0, "order": "A"}, {"amount": 40.0, "order": None}])
    ({'A': 30.0, 'B': 40.0}, 0.0)
    >>> allocate(orders, [{"amount": 120.0, "order": "A"}, {"amount": 50.0, "order": None}])
    ({'A': 100.0, 'B': 50.0}, 20.0)
    >>> allocate(orders, [{"amount": 100.0, "order": None, "split": {"A": 60.0, "B": 30.0}}])
    ({'A': 60.0, 'B': 40.0}, 0.0)
    >>> allocate(orders, [{"amount": 100.0, "order": None, "split": {"B": 80.0}}])
    ({'A': 50.0, 'B': 50.0}, 0.0)
    >>> allocate([], [{"amount": 10.0, "order": None}])
    ({}, 10.0)
    """
    owed = {order["key"]: max(float(order["amount"]), 0.0) for order in orders}
    paid = dict.fromkeys(owed, 0.0)
    pool = 0.0
    for payment in payments:
        amount = float(payment["amount"])
        split = payment.get("split") or {}
        if not split and payment.get("order") is not None:
            split = {payment["order"]: amount}
        for key, named in split.items():
            if key in owed:
                take = max(min(float(named), amount, owed[key] - paid[key]), 0.0)
                paid[key] += take
                amount -= take
        pool += amount
    for order in sorted(orders, key=lambda order: (order["due"], order["key"])):
        key = order["key"]
        take = min(pool, owed[key] - paid[key])
        if take > 0:
            paid[key] += take
            pool -= take
    return paid, pool
