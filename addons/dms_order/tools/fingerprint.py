# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fingerprint of what was approved or offered on a quotation.

An approval or a sent quotation holds for one content only: the customer, the
addresses, the pricelist and currency, and each product line (product,
quantity, unit, packaging quantity, unit price, discount, taxes). The hash is
stored when the order is approved or sent; confirming or sending compares it
with the current content, however that content was changed.
"""

import hashlib
import json

#: decimals kept for quantities, prices and discounts (above any Odoo precision)
DIGITS = 6


def _number(value):
    """A float as canonical text (``-0`` and float noise do not change the hash).

    >>> _number(1.0000000001), _number(-0.0), _number(None)
    ('1.000000', '0.000000', '0.000000')
    """
    return f"{round(float(value or 0.0), DIGITS) + 0.0:.{DIGITS}f}"


def line_key(product_id, qty, uom_id, packaging_qty, price_unit, discount, tax_ids):
    """One order line as a canonical, sortable row.

    >>> line_key(7, 2, 1, 0.0, 9.5, 0, [3, 2])
    [7, '2.000000', 1, '0.000000', '9.500000', '0.000000', [2, 3]]
    """
    return [
        product_id or 0,
        _number(qty),
        uom_id or 0,
        _number(packaging_qty),
        _number(price_unit),
        _number(discount),
        sorted(tax_ids or ()),
    ]


def fingerprint(header, lines):
    """SHA-256 of the order header (ids) and its lines (see :func:`line_key`), whatever the line order.

    >>> a = fingerprint([1, 2, 2, 5, 1], [line_key(7, 2, 1, 0, 9.5, 0, [3]), line_key(8, 1, 1, 0, 1, 0, [])])
    >>> b = fingerprint([1, 2, 2, 5, 1], [line_key(8, 1, 1, 0, 1, 0, []), line_key(7, 2, 1, 0, 9.5, 0, [3])])
    >>> a == b, len(a)
    (True, 64)
    >>> a == fingerprint([1, 2, 2, 5, 1], [line_key(7, 20, 1, 0, 9.5, 0, [3]), line_key(8, 1, 1, 0, 1, 0, [])])
    False
    >>> a == fingerprint([1, 2, 3, 5, 1], [line_key(7, 2, 1, 0, 9.5, 0, [3]), line_key(8, 1, 1, 0, 1, 0, [])])
    False
    """
    rows = sorted(lines, key=lambda row: json.dumps(row))
    payload = json.dumps([list(header), rows], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()
