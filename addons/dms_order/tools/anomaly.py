"""Run-rate anomalies of a dealer's purchases of one product (no Odoo import)."""

JUMP = "run_rate_jump"
DROP = "run_rate_drop"


def detect(monthly_qty, jump_factor=3.0, drop_ratio=0.5, trailing_months=3, min_qty=1.0):
    """Classify the latest month of a series of monthly quantities.

    ``monthly_qty`` lists full months, oldest first, the latest last.
    * jump: the latest month is above ``jump_factor`` x the average of the
      ``trailing_months`` before it (which must average at least ``min_qty``);
    * drop: the last three months together fall to ``drop_ratio`` or less of
      the three months before them (which must total at least ``min_qty``).
    Returns ``(kind, evidence)`` or ``(None, {})``.

    >>> detect([10, 10, 10, 45])
    ('run_rate_jump', {'latest': 45.0, 'trailing_average': 10.0, 'factor': 4.5})
    >>> detect([10, 10, 10, 25])
    (None, {})
    >>> detect([10, 10, 10, 5, 5, 5])
    ('run_rate_drop', {'latest_3_months': 15.0, 'previous_3_months': 30.0, 'ratio': 0.5})
    >>> detect([10, 10, 10, 6, 5, 5])
    (None, {})
    >>> detect([0, 0, 0, 50])
    (None, {})
    >>> detect([5])
    (None, {})
    """
    series = [float(q or 0.0) for q in monthly_qty]
    if len(series) > trailing_months:
        latest = series[-1]
        trailing = series[-1 - trailing_months : -1]
        average = sum(trailing) / len(trailing)
        if average >= min_qty and latest > jump_factor * average:
            return JUMP, {"latest": latest, "trailing_average": round(average, 4), "factor": round(latest / average, 4)}
    if len(series) >= 6:
        last3 = sum(series[-3:])
        prev3 = sum(series[-6:-3])
        if prev3 >= min_qty and last3 <= drop_ratio * prev3:
            return DROP, {"latest_3_months": last3, "previous_3_months": prev3, "ratio": round(last3 / prev3, 4)}
    return None, {}
