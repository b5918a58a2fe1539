# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Replenishment (VMI) maths: plain functions, no Odoo import."""

import math


def needed(on_hand, in_transit, outflow, weeks, target_weeks):
    """Quantity that brings the cover back to ``target_weeks`` at the trailing rate.

    >>> needed(10, 0, 80, 8, 4)
    30.0
    >>> needed(10, 30, 80, 8, 4)
    0.0
    >>> needed(10, 0, 0, 8, 4)
    0.0
    """
    if weeks <= 0 or outflow <= 0:
        return 0.0
    rate = outflow / weeks
    return max(rate * target_weeks - on_hand - in_transit, 0.0)


def round_to_pack(qty, pack):
    """Round ``qty`` up to a whole number of packs of ``pack`` units (no packaging: whole units).

    >>> round_to_pack(30, 24), round_to_pack(48, 24), round_to_pack(0, 24), round_to_pack(2.2, 0)
    (48.0, 48.0, 0.0, 3.0)
    """
    if qty <= 0:
        return 0.0
    pack = pack if pack and pack > 0 else 1.0
    return float(math.ceil(round(qty / pack, 6)) * pack)


def cap_to_credit(lines, available):
    """Cut ``lines`` (dicts with qty, pack, price, need) so their total stays within ``available``.

    ``available`` None means no credit limit. Lines are served by need (largest shortage first),
    whole packs only; a line that does not fit in full is reduced pack by pack, or dropped.
    Returns the kept lines (qty updated) in their original order.

    >>> lines = [{"qty": 48, "pack": 24, "price": 1.0, "need": 30}, {"qty": 10, "pack": 5, "price": 10.0, "need": 8}]
    >>> [l["qty"] for l in cap_to_credit(lines, None)]
    [48, 10]
    >>> [l["qty"] for l in cap_to_credit(lines, 100)]
    [48, 5.0]
    >>> [l["qty"] for l in cap_to_credit(lines, 20)]
    []
    >>> [l["qty"] for l in cap_to_credit(lines, 0)]
    []
    """
    if available is None:
        return list(lines)
    left = available
    kept = {}
    order = sorted(range(len(lines)), key=lambda i: (-lines[i]["need"], i))
    for i in order:
        line = lines[i]
        pack = line["pack"] if line["pack"] and line["pack"] > 0 else 1.0
        packs = int(round(line["qty"] / pack))
        if line["price"] > 0:
            packs = min(packs, int(math.floor(round(left / (pack * line["price"]), 6))))
        if packs <= 0:
            continue
        qty = line["qty"] if packs * pack >= line["qty"] else float(packs * pack)
        left -= qty * line["price"]
        kept[i] = dict(line, qty=qty)
    return [kept[i] for i in sorted(kept)]
