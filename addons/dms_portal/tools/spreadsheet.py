# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Writing user text into .xlsx files as text, never as a formula (no odoo import).

A dealer's dispute comment ``=HYPERLINK(...)`` must reach finance's Excel as the
characters it typed. Every text cell is written as a string cell (type ``s``),
and a text that a spreadsheet would read as a formula when the cell is edited
gets the quote prefix as well.

>>> text_cell("=1+1"), text_cell("Price should be 450"), text_cell(None)
(('=1+1', True), ('Price should be 450', False), ('', False))
"""

#: first characters that turn a typed cell into a formula or a DDE call
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text):
    """Whether ``text`` would be taken for a formula if typed into a cell.

    >>> [is_formula_like(t) for t in ("=SUM(A1)", "+86 21", "-5", "@cmd", "\\tx", "\\r=1", "ok", "", " =1")]
    [True, True, True, True, True, True, False, False, False]
    """
    return bool(text) and text.startswith(FORMULA_PREFIXES)


def text_cell(value):
    """``(text, quote_prefix)`` to write ``value`` as a text cell.

    >>> text_cell(12), text_cell("@SUM(1)")
    (('12', False), ('@SUM(1)', True))
    """
    text = "" if value is None or value is False else str(value)
    return text, is_formula_like(text)


def write_text(sheet, row, col, value, font=None):
    """Write ``value`` into an ``openpyxl`` worksheet as a text cell (1-based ``row``/``col``).

    openpyxl turns any string starting with ``=`` into a formula when assigned: the cell
    type is set back to string, and formula-like text gets the quote prefix.

    >>> import openpyxl
    >>> sheet = openpyxl.Workbook().active
    >>> cell = write_text(sheet, 1, 1, "=1+1")
    >>> cell.value, cell.data_type, cell.quotePrefix
    ('=1+1', 's', True)
    """
    text, quote = text_cell(value)
    cell = sheet.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"
    if quote:
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell
