# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rebate tier maths (no odoo import).

A tier is ``(threshold, rate)``: the rate (in %) applies from ``threshold`` upward.
Tiers are sorted by strictly increasing threshold, thresholds and rates are >= 0.

*retroactive*: the rate of the highest tier reached applies to the whole basis.

>>> tiers = [(0, 1.0), (100000, 2.0), (300000, 3.0)]
>>> compute_rebate(150000, tiers, "retroactive")["earned"]
3000.0

*progressive*: each band is paid at its own rate.

>>> compute_rebate(150000, tiers, "progressive")["earned"]
2000.0

The result also says how far the next tier is, and a cap limits the rebate.

>>> r = compute_rebate(150000, tiers, "retroactive", cap=2500)
>>> (r["tier_rate"], r["earned"], r["capped"], r["next_threshold"], r["missing_to_next"])
(2.0, 2500.0, True, 300000.0, 150000.0)

A negative basis (more returns than sales) earns nothing.

>>> compute_rebate(-500, tiers, "retroactive")["earned"]
0.0
"""

MODES = ("retroactive", "progressive")


class TierError(ValueError):
    """Invalid tier table; ``code`` says what is wrong (for translated messages)."""

    def __init__(self, code, index=None):
        super().__init__(code if index is None else f"{code} (tier {index + 1})")
        self.code = code
        self.index = index


def validate_tiers(tiers):
    """Raise :class:`TierError` unless ``tiers`` is a valid tier table.

    >>> validate_tiers([(0, 1), (10, 2)])
    >>> try:
    ...     validate_tiers([(10, 2), (0, 1)])
    ... except TierError as error:
    ...     print(error.code, error.index)
    unordered 1
    """
    previous = None
    for index, (threshold, rate) in enumerate(tiers):
        if threshold < 0:
            raise TierError("negative_threshold", index)
        if rate < 0:
            raise TierError("negative_rate", index)
        if previous is not None:
            if threshold == previous:
                raise TierError("overlapping", index)
            if threshold < previous:
                raise TierError("unordered", index)
        previous = threshold


def compute_rebate(basis, tiers, mode="retroactive", cap=0.0):
    """Rebate earned on ``basis``.

    :param basis: amount or quantity the policy measures (may be negative)
    :param tiers: list of ``(threshold, rate_percent)`` (validated here)
    :param mode: ``"retroactive"`` or ``"progressive"``
    :param cap: maximum rebate, ``0`` means no cap
    :return: dict ``basis``, ``tier_index`` (-1 when no tier is reached),
        ``tier_rate``, ``earned``, ``uncapped``, ``capped``, ``next_threshold``
        and ``missing_to_next`` (``None`` at the top tier)
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    if cap < 0:
        raise ValueError("negative cap")
    tiers = [(float(t), float(r)) for t, r in tiers]
    validate_tiers(tiers)
    basis = float(basis)
    tier_index = -1
    for index, (threshold, _rate) in enumerate(tiers):
        if basis >= threshold and basis > 0:
            tier_index = index
    tier_rate = tiers[tier_index][1] if tier_index >= 0 else 0.0
    if basis <= 0 or tier_index < 0:
        uncapped = 0.0
    elif mode == "retroactive":
        uncapped = basis * tier_rate / 100.0
    else:
        uncapped = 0.0
        for index, (threshold, rate) in enumerate(tiers[: tier_index + 1]):
            upper = tiers[index + 1][0] if index + 1 < len(tiers) else basis
            uncapped += (min(basis, upper) - threshold) * rate / 100.0
    earned = min(uncapped, float(cap)) if cap else uncapped
    if tier_index + 1 < len(tiers):
        next_threshold = tiers[tier_index + 1][0]
        missing = next_threshold - basis
    else:
        next_threshold = missing = None
    return {
        "basis": basis,
        "tier_index": tier_index,
        "tier_rate": tier_rate,
        "uncapped": uncapped,
        "earned": earned,
        "capped": earned < uncapped,
        "next_threshold": next_threshold,
        "missing_to_next": missing,
    }
