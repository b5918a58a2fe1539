# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Weighted dealer scorecard maths (no ``odoo`` import).

Every KPI is first turned into a 0-100 score, then the weighted average of the
available KPI scores gives the total. A KPI that cannot be measured (no target,
no invoice due in the period...) is ``None``: it is left out and the weights of
the others are scaled up, so a dealer is neither punished nor rewarded for it.
"""

KPIS = ("attainment", "growth", "punctuality", "return")


def clamp(value, low=0.0, high=100.0):
    return max(low, min(high, value))


def ratio(numerator, denominator):
    """``numerator / denominator`` or ``None`` when the denominator is not positive."""
    if not denominator or denominator <= 0:
        return None
    return numerator / denominator


def attainment_pct(actual, target):
    """Actual / target in percent (``None`` without a positive target)."""
    value = ratio(actual, target)
    return None if value is None else value * 100.0


def growth_pct(current, previous):
    """Growth versus the same period last year in percent.

    ``None`` when last year had nothing (growth from zero is not a percentage).
    """
    value = ratio(current - previous, previous)
    return None if value is None else value * 100.0


def attainment_score(pct):
    """100 at 100 % of target or more, linear below."""
    return None if pct is None else clamp(pct)


def growth_score(pct, current=0.0, previous=0.0):
    """50 for flat sales, +/- 1 point per % of growth, clamped to 0-100.

    Without last-year sales: 100 if the dealer sells now (a new dealer), else None.
    """
    if pct is None:
        if previous <= 0 and current > 0:
            return 100.0
        return None
    return clamp(50.0 + pct)


def punctuality_pct(on_time, total):
    """Share of due invoices paid by their due date, in percent."""
    value = ratio(on_time, total)
    return None if value is None else value * 100.0


def punctuality_score(pct):
    return None if pct is None else clamp(pct)


def return_rate_pct(refunded, invoiced):
    """Refunded / invoiced amount in percent (``None`` when nothing was invoiced)."""
    value = ratio(abs(refunded), invoiced)
    return None if value is None else value * 100.0


def return_score(pct, tolerance=20.0):
    """100 without returns, 0 at ``tolerance`` % of returns or more, linear between."""
    if pct is None:
        return None
    if tolerance <= 0:
        return 100.0 if pct <= 0 else 0.0
    return clamp(100.0 * (1.0 - pct / tolerance))


def check_weights(weights):
    """Raise ValueError unless every weight is >= 0 and they sum to 100."""
    if any(w < 0 for w in weights.values()):
        raise ValueError("negative weight")
    if abs(sum(weights.values()) - 100.0) > 0.001:
        raise ValueError("weights must sum to 100")


def weighted_total(scores, weights):
    """Weighted average of the available scores, 0-100, rounded to 2 decimals.

    :param scores: ``{kpi: score or None}``
    :param weights: ``{kpi: weight}``
    :return: the total, or ``None`` when no weighted KPI could be measured.
    """
    used = {k: w for k, w in weights.items() if w and scores.get(k) is not None}
    total_weight = sum(used.values())
    if not total_weight:
        return None
    return round(sum(scores[k] * w for k, w in used.items()) / total_weight, 2)


def propose_level(total, thresholds):
    """Level whose minimum score is the highest one reached.

    :param thresholds: iterable of ``(level, min_score)``
    :return: the level, or ``None`` when the total reaches no threshold or is None.
    """
    if total is None:
        return None
    best = None
    for level, min_score in thresholds:
        if total + 1e-9 >= min_score and (best is None or min_score > best[1]):
            best = (level, min_score)
    return best[0] if best else None


def compute_scorecard(measures, weights, thresholds, return_tolerance=20.0, extra=None):
    """All KPI percentages and scores, the total and the proposed level.

    :param measures: dict with ``actual``, ``target``, ``previous``, ``on_time``,
        ``due``, ``refunded``, ``invoiced`` (numbers; target 0 = no target) and
        optionally ``target_actual`` (sales on the target's own basis, default ``actual``).
    :param extra: ``{kpi: (pct or None, score 0-100 or None)}`` of KPIs added by other
        addons; weighted like the others when ``weights`` has them.
    """
    actual = measures.get("actual", 0.0)
    previous = measures.get("previous", 0.0)
    pcts = {
        "attainment": attainment_pct(measures.get("target_actual", actual), measures.get("target", 0.0)),
        "growth": growth_pct(actual, previous),
        "punctuality": punctuality_pct(measures.get("on_time", 0), measures.get("due", 0)),
        "return": return_rate_pct(measures.get("refunded", 0.0), measures.get("invoiced", 0.0)),
    }
    scores = {
        "attainment": attainment_score(pcts["attainment"]),
        "growth": growth_score(pcts["growth"], actual, previous),
        "punctuality": punctuality_score(pcts["punctuality"]),
        "return": return_score(pcts["return"], return_tolerance),
    }
    for kpi, (pct, kpi_score) in (extra or {}).items():
        pcts[kpi], scores[kpi] = pct, kpi_score
    total = weighted_total(scores, weights)
    return {
        "pcts": pcts,
        "scores": scores,
        "total": total,
        "level": propose_level(total, thresholds),
    }
