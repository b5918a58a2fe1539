# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Channel stock rules, without the ORM.

A dealer's on-hand stock of one product is split in rows by lot; goods leave
first-expired-first-out (FEFO), rows without an expiry date last.
"""


def allocate(rows, qty, allow_negative=False):
    """Take ``qty`` from ``rows`` (``[(key, available), ...]`` already in FEFO order).

    Returns ``(takes, shortage)``: ``takes`` is a list of ``(key, qty)``, ``shortage`` what
    could not be taken. With ``allow_negative`` the shortage is taken from the last row
    (or ``None`` when there is none), which then goes below zero.

    >>> allocate([("L1", 4.0), ("L2", 10.0)], 6.0)
    ([('L1', 4.0), ('L2', 2.0)], 0.0)
    >>> allocate([("L1", 4.0)], 6.0)
    ([('L1', 4.0)], 2.0)
    >>> allocate([("L1", 4.0)], 6.0, allow_negative=True)
    ([('L1', 6.0)], 0.0)
    >>> allocate([], 3.0, allow_negative=True)
    ([(None, 3.0)], 0.0)
    >>> allocate([("L1", -2.0), ("L2", 5.0)], 5.0)
    ([('L2', 5.0)], 0.0)
    """
    takes = {}
    order = []
    left = qty
    for key, available in rows:
        if left <= 0:
            break
        take = min(max(available, 0.0), left)
        if take > 0:
            takes[key] = takes.get(key, 0.0) + take
            order.append(key)
            left -= take
    if left > 0 and allow_negative:
        key = rows[-1][0] if rows else None
        if key not in takes:
            takes[key] = 0.0
            order.append(key)
        takes[key] += left
        left = 0.0
    return [(key, takes[key]) for key in order], max(left, 0.0)


def split_received(shipped, received):
    """Spread a received quantity over the lots it was shipped in, in shipping order.

    ``shipped`` is ``[(key, qty), ...]``; returns ``[(key, qty), ...]`` without empty rows.

    >>> split_received([("L1", 4.0), ("L2", 2.0)], 5.0)
    [('L1', 4.0), ('L2', 1.0)]
    >>> split_received([("L1", 4.0)], 0.0)
    []
    """
    result = []
    left = received
    for key, qty in shipped:
        take = min(qty, left)
        if take > 0:
            result.append((key, take))
            left -= take
    return result


def discrepancy(shipped, received):
    """Whether what was received differs from what was shipped (per line, ``{line: qty}``).

    >>> discrepancy({1: 5.0, 2: 3.0}, {1: 5.0, 2: 3.0})
    False
    >>> discrepancy({1: 5.0}, {1: 4.0})
    True
    """
    return any(abs(received.get(key, 0.0) - qty) > 1e-9 for key, qty in shipped.items())
