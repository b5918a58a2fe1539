# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure helpers for quick order and spreadsheet upload (no odoo import but the shared spreadsheet reader).

A row is ``(row_number, sku, quantity)``; validation compares it with a catalog
mapping ``sku -> CatalogItem`` and returns, per row, the list of error codes.

>>> catalog = {"A1": CatalogItem(1, min_qty=6, sellable=True, availability=IN_STOCK)}
>>> [r["errors"] for r in validate_rows([(2, "A1", 12), (3, "A1", 2), (4, "ZZ", 1)], catalog)]
[[], ['below_min'], ['unknown_sku']]
"""

from collections import namedtuple
from decimal import Decimal, InvalidOperation

# refusals of an uploaded file (``SpreadsheetError.code``): the shared reader's
from odoo.addons.dms_dealer.tools.spreadsheet import (  # noqa: F401 - re-exported for the portal pages
    TOO_LARGE,
    TOO_MANY_ROWS,
    UNREADABLE,
    SpreadsheetError,
    read_table,
)

IN_STOCK = "in_stock"
LOW_STOCK = "low"
OUT_OF_STOCK = "out"

UNKNOWN_SKU = "unknown_sku"
BAD_QTY = "bad_qty"
BELOW_MIN = "below_min"
NOT_SOLD = "not_sold"
OUT = "out_of_stock"

ERROR_CODES = (UNKNOWN_SKU, BAD_QTY, BELOW_MIN, NOT_SOLD, OUT)

MAX_ROWS = 2000
#: rows read from a sheet, blank ones included, before giving up (the declared dimensions are not trusted)
MAX_SHEET_ROWS = 5 * MAX_ROWS
#: size of an uploaded file, checked before it is parsed
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: size of an .xlsx once unzipped (a few KB can unzip to gigabytes)
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024

CatalogItem = namedtuple("CatalogItem", "product_id min_qty sellable availability", defaults=(0, True, IN_STOCK))


def availability_level(qty, low_threshold, tracked=True):
    """Availability bucket shown to customers instead of the exact quantity.

    >>> [availability_level(q, 10) for q in (0, -3, 4, 10, 50)]
    ['out', 'out', 'low', 'in_stock', 'in_stock']
    >>> availability_level(0, 10, tracked=False)
    'in_stock'
    """
    if not tracked:
        return IN_STOCK
    if qty <= 0:
        return OUT_OF_STOCK
    if qty < low_threshold:
        return LOW_STOCK
    return IN_STOCK


def format_quantity(quantity):
    """Quantity as shown to people: an integer when whole (never ``20.0``).

    >>> [format_quantity(q) for q in (20.0, 2.5, 0, 1e-12 + 3, None, 1.125)]
    ['20', '2.5', '0', '3', '', '1.125']
    """
    if quantity is None or quantity is False:
        return ""
    rounded = round(float(quantity), 6)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.6f}".rstrip("0").rstrip(".")


def parse_quantity(value):
    """Quantity as a float, or None when it is not a strictly positive number.

    >>> [parse_quantity(v) for v in ("3", 2.5, "1,5", "x", None, 0, "-1", True)]
    [3.0, 2.5, 1.5, None, None, None, None, None]
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    if not number.is_finite() or number <= 0:
        return None
    return float(number)


#: largest money amount accepted from a portal form
MAX_AMOUNT = Decimal("1000000000")


def parse_amount(value):
    """Money amount typed in a form as a float (zero allowed), or None when it is not one.

    >>> [parse_amount(v) for v in ("120", "0", "", "12,5", " 3.25 ", "-1", "nan", "inf", "1e99", "x", None, True)]
    [120.0, 0.0, 0.0, 12.5, 3.25, None, None, None, None, None, None, None]
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace(",", ".")
    if not text:
        return 0.0
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        return None
    return float(number)


def normalise_sku(value):
    """SKU cell as a trimmed string (spreadsheets turn codes like 1001 into 1001.0).

    >>> [normalise_sku(v) for v in (" ab-1 ", 1001.0, 12, None, "")]
    ['ab-1', '1001', '12', '', '']
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_text_lines(text):
    """Quick-order text: one ``SKU quantity`` per line (space, tab, comma or semicolon).

    >>> parse_text_lines("A1 3\\nB2,4\\n\\nC3;x\\nD4")
    [(1, 'A1', '3'), (2, 'B2', '4'), (4, 'C3', 'x'), (5, 'D4', None)]
    """
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for sep in ("\t", ";", ",", " "):
            if sep in line:
                sku, qty = line.split(sep, 1)
                rows.append((number, sku.strip(), qty.strip()))
                break
        else:
            rows.append((number, line, None))
    return rows


def rows_from_cells(cell_rows):
    """Turn spreadsheet rows (lists of cell values) into ``(row_number, sku, qty)``.

    The first row is skipped when its quantity cell is not a number (a header).
    Blank rows are ignored. Row numbers are the spreadsheet's (1-based).

    >>> rows_from_cells([["SKU", "Qty"], ["A1", 2], [None, None], [1001.0, "3"]])
    [(2, 'A1', 2), (4, '1001', '3')]
    """
    rows = []
    for number, cells in enumerate(cell_rows, start=1):
        cells = list(cells) + [None, None]
        sku, qty = normalise_sku(cells[0]), cells[1]
        if number == 1 and parse_quantity(qty) is None:
            continue
        if not sku and qty in (None, ""):
            continue
        rows.append((number, sku, qty))
        if len(rows) > MAX_ROWS:
            raise SpreadsheetError(f"More than {MAX_ROWS} rows", TOO_MANY_ROWS)
    return rows


def read_spreadsheet(content, filename):
    """Rows ``(row_number, sku, qty)`` of the first sheet of an .xlsx or .xls file.

    The caps (bytes before parsing, unzipped size, rows while streaming: at most
    :data:`MAX_SHEET_ROWS`, blank ones included) are the shared reader's
    (``dms_dealer/tools/spreadsheet.py``); refusals are its ``SpreadsheetError``.
    """
    table = read_table(
        content,
        filename,
        max_bytes=MAX_UPLOAD_BYTES,
        max_rows=MAX_SHEET_ROWS,
        max_unzipped_bytes=MAX_UNZIPPED_BYTES,
    )
    return rows_from_cells(table)


def validate_rows(rows, catalog, known_skus=None):
    """Check every row; nothing is skipped so the preview can mark each bad one.

    ``catalog`` maps the SKUs this customer may buy to a ``CatalogItem``;
    ``known_skus`` (optional) is the set of SKUs that exist at all, to tell
    "unknown" from "not sold to this customer".

    >>> cat = {"A": CatalogItem(1, 0, True, OUT_OF_STOCK), "B": CatalogItem(2, 0, False, IN_STOCK)}
    >>> rows = [(1, "A", 1), (2, "B", 1), (3, "C", 1), (4, "A", "?")]
    >>> [r["errors"] for r in validate_rows(rows, cat, {"A", "B", "C"})]
    [['out_of_stock'], ['not_sold'], ['not_sold'], ['bad_qty', 'out_of_stock']]
    """
    result = []
    for number, sku, raw_qty in rows:
        errors = []
        qty = parse_quantity(raw_qty)
        item = catalog.get(sku)
        if item is None:
            errors.append(NOT_SOLD if known_skus is not None and sku in known_skus else UNKNOWN_SKU)
        if qty is None:
            errors.insert(0, BAD_QTY)
        if item is not None:
            if not item.sellable:
                errors.append(NOT_SOLD)
            if qty is not None and item.min_qty and qty < item.min_qty:
                errors.append(BELOW_MIN)
            if item.availability == OUT_OF_STOCK:
                errors.append(OUT)
        result.append(
            {
                "row": number,
                "sku": sku,
                "qty": qty,
                "product_id": item.product_id if item is not None else False,
                "errors": errors,
            }
        )
    return result


def merge_valid_rows(checked_rows):
    """``{product_id: total_qty}`` of the rows without errors, in first-seen order.

    >>> merge_valid_rows([{"product_id": 1, "qty": 2, "errors": []}, {"product_id": 1, "qty": 3, "errors": []},
    ...                   {"product_id": 2, "qty": 1, "errors": ["out_of_stock"]}])
    {1: 5}
    """
    merged = {}
    for row in checked_rows:
        if row["errors"]:
            continue
        merged[row["product_id"]] = merged.get(row["product_id"], 0) + row["qty"]
    return merged
