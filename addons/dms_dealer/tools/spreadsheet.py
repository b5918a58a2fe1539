# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every spreadsheet the DMS reads or writes goes through here (no ``odoo`` import).

Reading (:func:`read_table`): an uploaded .xlsx (openpyxl) or legacy .xls (xlrd, which reads
nothing else) is refused by size before it is parsed, by unzipped size before an .xlsx is
opened (a few KB can unzip to gigabytes), then streamed row by row: the dimensions a file
declares are never trusted, rows and columns are counted as they come. Every refusal is a
:class:`SpreadsheetError` whose ``code`` says why, so that each caller words it for its users.
A header row maps to known columns with :func:`map_header`.

Writing (openpyxl only): :func:`new_workbook`, :func:`write_cell` / :func:`append_row`, then
:func:`workbook_bytes`. Text is always written as a text cell: a dealer's comment
``=HYPERLINK(...)`` reaches finance's Excel as the characters it typed, never as a formula.

>>> book, sheet = new_workbook("Prices")
>>> append_row(sheet, ["SKU", "Price"], bold=True)
>>> append_row(sheet, ["=1+1", 12.5])
>>> table = read_table(workbook_bytes(book), "prices.xlsx", max_bytes=1 << 20, max_rows=10)
>>> table
[['SKU', 'Price'], ['=1+1', 12.5]]
>>> map_header(table[0], {"sku": ("sku",), "price": ("price", "价格")})
({'sku': 0, 'price': 1}, [], [])
"""

import io
import zipfile

#: MIME type of an .xlsx file (HTTP responses, attachments)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: default caps (each caller passes its own where it has one)
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 64

#: why a file is refused (``SpreadsheetError.code``)
TOO_LARGE = "too_large"
TOO_MANY_ROWS = "too_many_rows"
TOO_MANY_COLUMNS = "too_many_columns"
UNREADABLE = "unreadable"

#: first characters that make Excel / LibreOffice evaluate a typed cell (a formula or a DDE call)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; ``code`` says why, ``limit`` the cap it broke."""

    def __init__(self, message, code=UNREADABLE, limit=None):
        super().__init__(message)
        self.code = code
        self.limit = limit


# ----------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------
def check_size(content, max_bytes):
    """Refuse a file larger than ``max_bytes`` bytes, before anything parses it.

    >>> check_size(b"x" * 10, 10)
    >>> try:
    ...     check_size(b"x" * 11, 10)
    ... except SpreadsheetError as error:
    ...     print(error.code, error.limit, error)
    too_large 10 The file is larger than 10 bytes
    """
    if len(content) > max_bytes:
        raise SpreadsheetError(f"The file is larger than {max_bytes} bytes", TOO_LARGE, max_bytes)


def check_xlsx_archive(content, max_unzipped_bytes=MAX_UNZIPPED_BYTES):
    """Refuse an .xlsx whose parts unzip to more than ``max_unzipped_bytes`` (declared sizes, before reading).

    A member never unpacks into more than its declared size: zipfile stops there.

    >>> try:
    ...     check_xlsx_archive(b"not a zip")
    ... except SpreadsheetError as error:
    ...     print(error.code, error)
    unreadable File is not a zip file
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(str(error)) from error
    if unzipped > max_unzipped_bytes:
        raise SpreadsheetError(
            f"The file unzips to more than {max_unzipped_bytes} bytes", TOO_LARGE, max_unzipped_bytes
        )


def capped_rows(rows, max_rows):
    """Iterate ``rows`` (lazily), refusing a sheet of more than ``max_rows`` rows, blank ones included.

    >>> list(capped_rows(iter([[1], [2]]), 2))
    [[1], [2]]
    >>> try:
    ...     list(capped_rows(iter([[None]] * 3), 2))
    ... except SpreadsheetError as error:
    ...     print(error.code, error)
    too_many_rows More than 2 rows in the sheet
    """
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            raise SpreadsheetError(f"More than {max_rows} rows in the sheet", TOO_MANY_ROWS, max_rows)
        yield row


def capped_columns(row, max_columns):
    """``row`` as a list of at most ``max_columns`` cells, trailing empty cells dropped;
    a filled cell beyond ``max_columns`` is refused.

    >>> capped_columns(("a", "b", None, ""), 2), capped_columns((None, "b", None), 5)
    (['a', 'b'], [None, 'b'])
    >>> try:
    ...     capped_columns(("a", "b", "c"), 2)
    ... except SpreadsheetError as error:
    ...     print(error.code, error)
    too_many_columns More than 2 columns in the sheet
    """
    row = list(row)
    if len(row) > max_columns and any(value not in (None, "") for value in row[max_columns:]):
        raise SpreadsheetError(f"More than {max_columns} columns in the sheet", TOO_MANY_COLUMNS, max_columns)
    row = row[:max_columns]
    while row and row[-1] in (None, ""):
        row.pop()
    return row


def _raw_rows(content, name, max_rows, max_columns):
    """Rows of the first sheet as the parser gives them, at most ``max_rows + 1`` (to see a longer sheet)."""
    if name.endswith(".xls"):
        import xlrd

        book = xlrd.open_workbook(file_contents=content, logfile=io.StringIO(), on_demand=True, ragged_rows=True)
        sheet = book.sheet_by_index(0)
        if sheet.nrows > max_rows:
            raise SpreadsheetError(f"More than {max_rows} rows in the sheet", TOO_MANY_ROWS, max_rows)
        for i in range(sheet.nrows):
            yield sheet.row_values(i, 0, min(sheet.row_len(i), max_columns + 1))
        return
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # forget the <dimension> the file declares: explicit bounds, one past each cap
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_row=max_rows + 1, max_col=max_columns + 1, values_only=True)
    finally:
        book.close()


def read_table(
    content,
    filename,
    *,
    max_bytes,
    max_rows,
    max_columns=MAX_COLUMNS,
    max_unzipped_bytes=MAX_UNZIPPED_BYTES,
):
    """Rows (lists of cell values) of the first sheet of an .xlsx or .xls file, header included.

    ``max_rows`` counts every row of the sheet, blank ones and the header included; cells
    beyond ``max_columns`` must be empty. Any parser failure is a :class:`SpreadsheetError`
    (``UNREADABLE``), as is a file named neither .xlsx nor .xls.

    >>> for content, name in ((b"a,b", "rows.csv"), (b"junk", "rows.xlsx"), (b"x" * 101, "rows.xlsx")):
    ...     try:
    ...         read_table(content, name, max_bytes=100, max_rows=10)
    ...     except SpreadsheetError as error:
    ...         print(error.code, error)
    unreadable Upload an .xlsx or .xls file
    unreadable File is not a zip file
    too_large The file is larger than 100 bytes
    """
    check_size(content, max_bytes)
    name = (filename or "").lower()
    if not name.endswith((".xlsx", ".xls")):
        raise SpreadsheetError("Upload an .xlsx or .xls file")
    try:
        if name.endswith(".xlsx"):
            check_xlsx_archive(content, max_unzipped_bytes)
        rows = capped_rows(_raw_rows(content, name, max_rows, max_columns), max_rows)
        return [capped_columns(row, max_columns) for row in rows]
    except SpreadsheetError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is an unreadable file
        raise SpreadsheetError(str(error)) from error


def normalize_header(value):
    """A header cell as compared with the known names.

    >>> normalize_header("  Min Qty "), normalize_header(None)
    ('min qty', '')
    """
    return str(value if value is not None else "").strip().lower()


def map_header(header, columns):
    """Map a header row to ``({column key: index}, [unknown names], [names given twice])``.

    ``columns`` maps each key to the header names it accepts (lower case). Empty cells are ignored.

    >>> cols = {"sku": ("sku", "产品编码"), "price": ("price", "fixed price")}
    >>> map_header(["SKU", "Price", "", None], cols)
    ({'sku': 0, 'price': 1}, [], [])
    >>> map_header(["产品编码", "price", "Colour", "fixed price"], cols)
    ({'sku': 0, 'price': 1}, ['Colour'], ['fixed price'])
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


# ----------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------
def is_formula_like(value):
    """Whether a spreadsheet would evaluate ``value`` typed in a cell.

    >>> [is_formula_like(t) for t in ("=SUM(A1)", "+86 21", "-5", "@cmd", "\\tx", "\\r=1", "ok", "", " =1", -3.5)]
    [True, True, True, True, True, True, False, False, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def new_workbook(title):
    """``(workbook, its first sheet)``, the sheet named ``title`` (cut to Excel's 31 characters)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    return book, sheet


def write_cell(sheet, row, col, value, bold=False, number_format=None, as_text=False):
    """Write ``value`` at 1-based ``row``/``col``; text is a text cell, never a formula.

    Numbers and dates stay numbers and dates unless ``as_text``; ``None``/``False`` leaves the cell
    empty (an empty text with ``as_text``).

    >>> book, sheet = new_workbook("s")
    >>> cell = write_cell(sheet, 1, 1, "=1+1")
    >>> cell.value, cell.data_type, cell.quotePrefix
    ('=1+1', 's', True)
    >>> write_cell(sheet, 1, 2, 12).value, write_cell(sheet, 1, 3, 12, as_text=True).value
    (12, '12')
    """
    if value is None or value is False:
        value = "" if as_text else None
    elif as_text:
        value = str(value)
    cell = sheet.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        # openpyxl reads a string starting with "=" as a formula: set the type back
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    return cell


def append_row(sheet, values, bold=False, as_text=False):
    """Write ``values`` on the next row (an empty list leaves a blank row); see :func:`write_cell`.

    >>> book, sheet = new_workbook("s")
    >>> append_row(sheet, ["a"]); append_row(sheet, []); append_row(sheet, ["@b", 2])
    >>> [[cell.value for cell in row] for row in sheet.iter_rows()]
    [['a', None], [None, None], ['@b', 2]]
    """
    sheet.append([None] * len(values))
    row = sheet.max_row
    for col, value in enumerate(values, start=1):
        write_cell(sheet, row, col, value, bold=bold, as_text=as_text)


def workbook_bytes(book):
    """The workbook as .xlsx bytes."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
