# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rules of the sell-out upload and API, as plain Python (no Odoo import).

A sheet is a header row (mapped with ``dms_pricing``'s :func:`map_header`) then one sold line
per row. :func:`check_rows` returns every row with its error codes; nothing is posted while one
row has an error.

>>> products = {"TEA": 7}
>>> rows = [(2, {"code": "TEA", "qty": 3}), (3, {"code": "X", "qty": "a"}), (4, {"code": "TEA", "qty": 2})]
>>> [r["errors"] for r in check_rows(rows, products, {7: 4.0}, today=date(2026, 12, 1))]
[[], ['unknown_product', 'bad_qty'], ['beyond_stock']]
"""

import hashlib
from datetime import date, datetime

#: data rows of one upload (the header excluded)
MAX_ROWS = 10000
#: bytes of one upload, checked before it is read
MAX_BYTES = 2 * 1024 * 1024
#: lines of one API call
MAX_API_LINES = 10000

UNKNOWN_PRODUCT = "unknown_product"
BAD_QTY = "bad_qty"
BAD_DATE = "bad_date"
BEYOND_STOCK = "beyond_stock"
OUTSIDE_TERRITORY = "outside_territory"

#: the columns the sell-out upload knows, with the header names it accepts (lower case)
COLUMNS = {
    "code": ("code", "product code", "sku", "internal reference", "产品编码", "商品编码"),
    "qty": ("qty", "quantity", "数量"),
    "date": ("date", "sale date", "日期", "销售日期"),
    "store_name": ("store", "store name", "门店", "门店名称"),
    "store_address": ("address", "store address", "门店地址", "地址"),
    "store_zip": ("zip", "store zip", "postcode", "邮编"),
}
REQUIRED_COLUMNS = ("code", "qty")


def report_key(dealer_id, content):
    """The report key of an uploaded file: the same file re-sent by the same dealer has the same key.

    >>> report_key(1, b"abc") == report_key(1, b"abc"), report_key(1, b"abc") == report_key(2, b"abc")
    (True, False)
    >>> report_key(1, b"abc")[:5]
    'FILE-'
    """
    digest = hashlib.sha256(b"%d:" % int(dealer_id) + bytes(content)).hexdigest()
    return f"FILE-{digest[:40]}"


def parse_qty(value):
    """A strictly positive quantity, or None.

    >>> [parse_qty(v) for v in (3, "2.5", "1,5", 0, "-1", "x", None, True, float("nan"))]
    [3.0, 2.5, 1.5, None, None, None, None, None, None]
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")) or number <= 0:
        return None
    return number


def parse_date(value, today):
    """``(date, ok)``: a cell (date, datetime or ``YYYY-MM-DD`` text) as a sale date; blank is ``today``.

    A date after ``today`` is refused.

    >>> t = date(2026, 12, 1)
    >>> parse_date("2026-11-30", t), parse_date(None, t), parse_date(datetime(2026, 11, 2, 8), t)
    ((datetime.date(2026, 11, 30), True), (datetime.date(2026, 12, 1), True), (datetime.date(2026, 11, 2), True))
    >>> parse_date("30/11/2026", t), parse_date("2027-01-01", t)
    ((None, False), (None, False))
    """
    if value in (None, "", False):
        return today, True
    if isinstance(value, datetime):
        value = value.date()
    elif not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None, False
    if value > today:
        return None, False
    return value, True


def normalise_code(value):
    """A product code cell as text (spreadsheets turn 1001 into 1001.0).

    >>> [normalise_code(v) for v in (" T-1 ", 1001.0, 12, None)]
    ['T-1', '1001', '12', '']
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def text(value, size=256):
    """A free text cell, trimmed and cut at ``size`` characters.

    >>> text("  Shop 1 "), text(None), text(12.0), len(text("x" * 999))
    ('Shop 1', '', '12', 256)
    """
    if value is None or value is False:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:size]


def table_rows(table, header_index):
    """``[(row_number, {column: raw})]`` of a table (header first), blank rows skipped.

    >>> table_rows([["Code", "Qty"], ["A", 1], [None, None], ["B", "2"]], {"code": 0, "qty": 1})
    [(2, {'code': 'A', 'qty': 1}), (4, {'code': 'B', 'qty': '2'})]
    """
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = list(cells or ())
        raw = {key: (cells[i] if i < len(cells) else None) for key, i in header_index.items()}
        if all(value in (None, "") for value in raw.values()):
            continue
        rows.append((number, raw))
    return rows


def check_rows(rows, products, on_hand, allow_negative=False, today=None):
    """Every row with its parsed values and its error codes (none skipped).

    ``products`` maps the codes the dealer may report to a product id, ``on_hand`` a product id to its
    quantity: the rows of one product are added up in order, the row that goes beyond is marked.

    >>> rows = [(2, {"code": "A", "qty": 1, "date": "bad"}), (3, {"code": "A", "qty": 9})]
    >>> [r["errors"] for r in check_rows(rows, {"A": 1}, {1: 5}, today=date(2026, 1, 1))]
    [['bad_date'], ['beyond_stock']]
    >>> [r["errors"] for r in check_rows(rows[1:], {"A": 1}, {}, allow_negative=True, today=date(2026, 1, 1))]
    [[]]
    """
    today = today or date.today()
    taken = {}
    result = []
    for number, raw in rows:
        errors = []
        code = normalise_code(raw.get("code"))
        product_id = products.get(code) if code else None
        if not product_id:
            errors.append(UNKNOWN_PRODUCT)
        qty = parse_qty(raw.get("qty"))
        if qty is None:
            errors.append(BAD_QTY)
        sale_date, date_ok = parse_date(raw.get("date"), today)
        if not date_ok:
            errors.append(BAD_DATE)
        if product_id and qty is not None and not allow_negative:
            taken[product_id] = taken.get(product_id, 0.0) + qty
            if taken[product_id] > on_hand.get(product_id, 0.0) + 1e-9:
                errors.append(BEYOND_STOCK)
        result.append(
            {
                "row": number,
                "code": code,
                "product_id": product_id or False,
                "qty": qty,
                "date": sale_date,
                "store_name": text(raw.get("store_name")),
                "store_address": text(raw.get("store_address")),
                "store_zip": text(raw.get("store_zip"), 16),
                "errors": errors,
                "warnings": [],
            }
        )
    return result
