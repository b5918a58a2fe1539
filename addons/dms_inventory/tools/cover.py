# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Weeks of cover, thresholds and alerts: plain functions, no Odoo import."""

#: alert kinds, in the order they are reported
SHORT, OVERSTOCK, SLOW, EXPIRY = "short", "overstock", "slow", "expiry"


def weeks_of_cover(on_hand, outflow, weeks):
    """Weeks the stock on hand lasts at the trailing rate ``outflow`` over ``weeks`` weeks.

    ``None`` when nothing went out (infinite cover).

    >>> weeks_of_cover(40, 80, 8)
    4.0
    >>> weeks_of_cover(0, 80, 8)
    0.0
    >>> weeks_of_cover(10, 0, 8) is None
    True
    >>> weeks_of_cover(10, 5, 0) is None
    True
    """
    if weeks <= 0 or outflow <= 0:
        return None
    return max(on_hand, 0.0) / (outflow / weeks)


def pick_threshold(rows, level_id, categ_path):
    """The most specific threshold row for a dealer level and a product category.

    ``rows``: dicts with ``level_id`` (or None: any level) and ``categ_path`` (the category's
    ``parent_path`` like ``"1/4/"``, or None: any category). A deeper category wins over a
    shallower one, then a row with a level over one without.

    >>> rows = [{"id": 1, "level_id": None, "categ_path": None},
    ...         {"id": 2, "level_id": 7, "categ_path": None},
    ...         {"id": 3, "level_id": None, "categ_path": "1/4/"},
    ...         {"id": 4, "level_id": 7, "categ_path": "1/"}]
    >>> pick_threshold(rows, 7, "1/4/9/")["id"]
    3
    >>> pick_threshold(rows, 7, "2/")["id"]
    2
    >>> pick_threshold(rows, 8, "2/")["id"]
    1
    >>> pick_threshold(rows, 7, "1/5/")["id"]
    4
    >>> pick_threshold([], 7, "1/") is None
    True
    """
    best, best_key = None, None
    for row in rows:
        if row["level_id"] is not None and row["level_id"] != level_id:
            continue
        path = row["categ_path"]
        if path is not None and not (categ_path or "").startswith(path):
            continue
        key = (path.count("/") if path else 0, row["level_id"] is not None)
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


def classify(on_hand, cover, threshold):
    """Alert kind of a dealer × product from its cover: SHORT, OVERSTOCK or None.

    Short when the cover is below the safety stock (in weeks), overstock strictly above
    the overstock threshold; at the threshold itself nothing is raised. No outflow (no cover)
    with stock on hand is never short; it is the slow-moving check's business.

    >>> t = {"safety_weeks": 2.0, "overstock_weeks": 12.0}
    >>> classify(10, 1.9, t), classify(10, 2.0, t), classify(10, 12.0, t), classify(10, 12.1, t)
    ('short', None, None, 'overstock')
    >>> classify(0, 0.0, t), classify(10, None, t)
    ('short', None)
    >>> classify(10, 50, {"safety_weeks": 2.0, "overstock_weeks": 0.0}) is None
    True
    """
    if cover is None:
        return None
    if cover < threshold["safety_weeks"]:
        return SHORT
    if threshold["overstock_weeks"] and cover > threshold["overstock_weeks"]:
        return OVERSTOCK
    return None


def is_slow(on_hand, last_out_days, slow_days):
    """Slow-moving: stock on hand and no outflow for more than ``slow_days`` days (``None``: never).

    >>> is_slow(5, 91, 90), is_slow(5, 90, 90), is_slow(0, 200, 90), is_slow(5, None, 90), is_slow(5, 200, 0)
    (True, False, False, True, False)
    """
    if on_hand <= 0 or not slow_days:
        return False
    return last_out_days is None or last_out_days > slow_days


def is_near_expiry(days_left, expiry_days):
    """临期: a lot whose best-before date is within ``expiry_days`` days (expired included).

    >>> is_near_expiry(30, 30), is_near_expiry(31, 30), is_near_expiry(-2, 30), is_near_expiry(5, 0)
    (True, False, True, False)
    """
    return bool(expiry_days) and days_left <= expiry_days
