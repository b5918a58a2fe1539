"""Prepayment (预付款) rules without the ORM: what an order may take from the balance,
what an invoice applies, and which warnings a dealer gets.

All amounts are in the company currency and rounded by the caller's ``rounding``.
"""

OK = None
NOT_POSITIVE = "not_positive"
OVER_BALANCE = "over_balance"
OVER_DUE = "over_due"

WARN_OVERDUE = "overdue"
WARN_NEAR_LIMIT = "near_limit"


def _cents(value, rounding):
    return round(float(value or 0.0) / rounding)


def check_use(amount, balance, due, rounding=0.01):
    """Why ``amount`` cannot be taken from ``balance`` for an order still owing ``due``; ``None`` if it can.

    >>> check_use(100.0, 500.0, 300.0)
    >>> check_use(0.0, 500.0, 300.0)
    'not_positive'
    >>> check_use(600.0, 500.0, 1000.0)
    'over_balance'
    >>> check_use(400.0, 500.0, 300.0)
    'over_due'
    >>> check_use(500.004, 500.0, 600.0)
    """
    if _cents(amount, rounding) <= 0:
        return NOT_POSITIVE
    if _cents(amount, rounding) > _cents(balance, rounding):
        return OVER_BALANCE
    if _cents(amount, rounding) > _cents(due, rounding):
        return OVER_DUE
    return OK


def to_apply(unapplied, invoice_residual, rounding=0.01):
    """What a posted invoice takes from the prepayment reserved on its order.

    >>> to_apply(300.0, 1130.0)
    300.0
    >>> to_apply(1500.0, 1130.0)
    1130.0
    >>> to_apply(0.0, 100.0)
    0.0
    >>> to_apply(100.0, -5.0)
    0.0
    """
    amount = min(float(unapplied or 0.0), float(invoice_residual or 0.0))
    return max(round(amount / rounding) * rounding, 0.0)


def to_give_back(applied, refund_amount, invoice_residual, rounding=0.01):
    """What a credit note gives back to the prepayment balance.

    ``applied`` is the prepayment still applied to the refunded invoice, ``refund_amount`` the
    credit note's open amount and ``invoice_residual`` what the invoice still owes: the credit
    note first cancels what is still owed, only the rest goes back to the balance.

    >>> to_give_back(600.0, 1130.0, 530.0)
    600.0
    >>> to_give_back(600.0, 300.0, 530.0)
    0.0
    >>> to_give_back(600.0, 700.0, 530.0)
    170.0
    >>> to_give_back(1130.0, 200.0, 0.0)
    200.0
    >>> to_give_back(0.0, 200.0, 0.0)
    0.0
    """
    free = _cents(refund_amount, rounding) - max(_cents(invoice_residual, rounding), 0)
    cents = min(_cents(applied, rounding), free)
    return max(cents, 0) * rounding if cents > 0 else 0.0


def warnings(limit, exposure, overdue, threshold_percent, rounding=0.01):
    """The warnings a dealer gets today: a subset of (``"overdue"``, ``"near_limit"``).

    ``limit`` 0 means no credit limit (no near-limit warning); ``threshold_percent``
    is the share of the limit in use from which the dealer is warned (0 turns it off).

    >>> warnings(1000.0, 850.0, 0.0, 80.0)
    ['near_limit']
    >>> warnings(1000.0, 700.0, 25.0, 80.0)
    ['overdue']
    >>> warnings(0.0, 5000.0, 0.0, 80.0)
    []
    >>> warnings(1000.0, 800.0, 0.001, 80.0)
    ['near_limit']
    >>> warnings(1000.0, 999.0, 0.0, 0.0)
    []
    """
    found = []
    if _cents(overdue, rounding) > 0:
        found.append(WARN_OVERDUE)
    if limit and threshold_percent and float(exposure) >= float(limit) * float(threshold_percent) / 100.0:
        found.append(WARN_NEAR_LIMIT)
    return found
