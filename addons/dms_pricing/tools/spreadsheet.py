# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Spreadsheet rules of the price import and export, as plain Python (no Odoo import).

Import: a header row maps to known columns (:func:`map_header`); anything else is
refused by name. Export: text that a spreadsheet would run as a formula
(:func:`is_formula_like`) is written as text.
"""

#: the columns the price importer knows, with the header names it accepts (lower case)
COLUMNS = {
    "customer": ("customer", "customer code", "客户", "客户编码"),
    "level": ("level", "dealer level", "等级"),
    "territory": ("territory", "territory code", "区域"),
    "sku": ("sku", "product", "internal reference", "产品编码"),
    "min_qty": ("min_qty", "min qty", "minimum quantity", "起订量"),
    "price": ("price", "fixed price", "价格"),
    "discount": ("discount", "discount %", "折扣"),
}

#: first characters that make Excel / LibreOffice evaluate a cell typed by a user
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def normalize_header(value):
    """A header cell as compared with the known names.

    >>> normalize_header("  Min Qty ")
    'min qty'
    >>> normalize_header(None)
    ''
    """
    return str(value if value is not None else "").strip().lower()


def map_header(header, columns=COLUMNS):
    """Map a header row to ``({column key: index}, [unknown names], [names given twice])``.

    Empty header cells are ignored.

    >>> map_header(["SKU", "Price", "", None])
    ({'sku': 0, 'price': 1}, [], [])
    >>> map_header(["sku", "price", "Colour", "valid until"])
    ({'sku': 0, 'price': 1}, ['Colour', 'valid until'], [])
    >>> map_header(["sku", "price", "fixed price"])
    ({'sku': 0, 'price': 1}, [], ['fixed price'])
    """
    by_name = {name: key for key, names in columns.items() for name in names}
    index, unknown, twice = {}, [], []
    for i, cell in enumerate(header):
        name = normalize_header(cell)
        if not name:
            continue
        key = by_name.get(name)
        if key is None:
            unknown.append(str(cell).strip())
        elif key in index:
            twice.append(str(cell).strip())
        else:
            index[key] = i
    return index, unknown, twice


def is_formula_like(value):
    """Whether a spreadsheet would evaluate ``value`` typed in a cell.

    >>> is_formula_like('=HYPERLINK("http://x","y")')
    True
    >>> is_formula_like("+86 21 5555")
    True
    >>> is_formula_like("@SUM(A1)")
    True
    >>> is_formula_like("Tea 500ml")
    False
    >>> is_formula_like(-3.5)
    False
    """
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
