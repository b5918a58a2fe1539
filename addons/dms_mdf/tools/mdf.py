"""Rules of marketing development funds (MDF, 市场费用), without the ORM.

A budget (per dealer or per region, for a date range) is committed by approved
activities; a claim (费用核销) after an activity never takes more than the
activity's approved amount left, nor more than the budget's amount left to
claims. Proof files (six at most, images or PDF receipts) follow dms_portal's one
photo rule (``dms_portal/tools/photos.py``). The ROI of a promotion compares the dealer's
sales during the activity with the same number of days just before it.
"""

from datetime import timedelta

#: proof files per claim (each at most dms_portal's MAX_PHOTO_BYTES)
MAX_FILES = 6

#: refusal codes of :func:`check_claim`
NOT_POSITIVE = "not_positive"
OVER_ACTIVITY = "over_activity"
OVER_BUDGET = "over_budget"


def claimable(approved, claimed_on_activity, budget_amount, claimed_on_budget):
    """The most a new claim may ask: what is left of the activity and of the budget.

    >>> claimable(10000, 2000, 50000, 45000)
    5000
    >>> claimable(10000, 0, 50000, 0)
    10000
    >>> claimable(10000, 12000, 50000, 0)
    0
    """
    return max(min(approved - claimed_on_activity, budget_amount - claimed_on_budget), 0)


def check_claim(amount, approved, claimed_on_activity, budget_amount, claimed_on_budget, rounding=0.01):
    """``None`` when ``amount`` may be claimed, else a refusal code.

    ``claimed_on_activity`` and ``claimed_on_budget`` are the other claims
    already approved or paid.

    >>> check_claim(5000, 10000, 0, 50000, 0)
    >>> check_claim(0, 10000, 0, 50000, 0)
    'not_positive'
    >>> check_claim(8000.01, 10000, 2000, 50000, 0)
    'over_activity'
    >>> check_claim(8000, 10000, 2000, 50000, 45000)
    'over_budget'
    >>> check_claim(5000.004, 10000, 0, 50000, 45000)
    """
    if amount is None or amount <= rounding / 2:
        return NOT_POSITIVE
    if amount - (approved - claimed_on_activity) > rounding / 2:
        return OVER_ACTIVITY
    if amount - (budget_amount - claimed_on_budget) > rounding / 2:
        return OVER_BUDGET
    return None


def check_commitment(amount, budget_amount, committed_elsewhere, rounding=0.01):
    """Whether an activity of ``amount`` fits what the budget has not committed yet.

    >>> check_commitment(8000, 50000, 42000)
    True
    >>> check_commitment(8000.02, 50000, 42000)
    False
    """
    return amount - (budget_amount - committed_elsewhere) <= rounding / 2


def previous_period(date_from, date_to):
    """The same number of days just before ``[date_from, date_to]`` (both inclusive).

    >>> from datetime import date
    >>> previous_period(date(2026, 5, 1), date(2026, 5, 10))
    (datetime.date(2026, 4, 21), datetime.date(2026, 4, 30))
    >>> previous_period(date(2026, 3, 1), date(2026, 3, 1))
    (datetime.date(2026, 2, 28), datetime.date(2026, 2, 28))
    """
    days = (date_to - date_from).days + 1
    end = date_from - timedelta(days=1)
    return end - timedelta(days=days - 1), end


def roi(sales_during, sales_before, cost):
    """``(uplift, ratio)``: extra sales of the activity period, and that uplift per yuan spent
    (``None`` when nothing was spent).

    >>> roi(150000.0, 100000.0, 10000.0)
    (50000.0, 5.0)
    >>> roi(90000.0, 100000.0, 5000.0)
    (-10000.0, -2.0)
    >>> roi(1.0, 0.0, 0.0)
    (1.0, None)
    """
    uplift = sales_during - sales_before
    return uplift, (uplift / cost if cost else None)


def covers(budget_from, budget_to, date_from, date_to):
    """Whether a budget's period holds the whole activity.

    >>> from datetime import date
    >>> covers(date(2026, 1, 1), date(2026, 6, 30), date(2026, 5, 1), date(2026, 5, 10))
    True
    >>> covers(date(2026, 1, 1), date(2026, 6, 30), date(2026, 6, 25), date(2026, 7, 5))
    False
    """
    return bool(date_from and date_to and budget_from <= date_from and date_to <= budget_to)
