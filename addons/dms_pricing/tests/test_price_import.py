# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import re
import struct
import zipfile

import openpyxl
import psycopg2.errors

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DmsPricingCommon


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return base64.b64encode(out.getvalue())


def _xls(rows):
    """A minimal BIFF2 .xls (xlwt is not installed): LABEL/NUMBER cells between BOF and EOF."""
    out = [struct.pack("<HHHH", 0x0009, 4, 0x0002, 0x0010)]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                body = struct.pack("<HH3sd", r, c, b"\0\0\0", float(value))
                out.append(struct.pack("<HH", 0x0003, len(body)) + body)
            else:
                text = str(value).encode("latin-1")
                body = struct.pack("<HH3sB", r, c, b"\0\0\0", len(text)) + text
                out.append(struct.pack("<HH", 0x0004, len(body)) + body)
    out.append(struct.pack("<HH", 0x000A, 0))
    return base64.b64encode(b"".join(out))


def _xlsx_declaring(rows, dimension):
    """An .xlsx whose sheet declares ``dimension`` (e.g. A1:Z2000000000) whatever it holds."""
    data = base64.b64decode(_xlsx(rows))
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % dimension.encode(), content)
                assert dimension.encode() in content
            dst.writestr(item, content)
    return base64.b64encode(out.getvalue())


HEADER = ["customer", "level", "territory", "sku", "min_qty", "price", "discount"]


@tagged("post_install", "-at_install")
class TestPriceImport(DmsPricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["dms.price.policy"].create({"name": "Imported prices", "territory_id": cls.terr_east.id})

    def _wizard(self, file, filename="prices.xlsx", user=None):
        Wizard = self.env["dms.price.import.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        return Wizard.create({"policy_id": self.policy.id, "file": file, "filename": filename})

    def test_bad_rows_preview_and_nothing_written(self):
        wizard = self._wizard(
            _xlsx(
                [
                    HEADER,
                    ["T-DA", None, None, "T-TEA", 0, 90, None],  # ok
                    ["NOPE", None, None, "T-TEA", 0, 90, None],  # unknown customer
                    ["T-DA", None, None, "NO-SKU", 0, 90, None],  # unknown SKU
                    ["T-DA", None, None, "T-WATER", 0, "abc", None],  # bad number
                    ["T-DA", None, None, "T-TEA", 0, 91, None],  # duplicate of row 2
                    ["T-DA", None, None, "T-WATER", 10, 5, None],  # under floor 6
                    [None, "C", "T-EAST", "T-GTEA", 0, None, 10],  # ok: level + territory discount
                    [None, "nolevel", None, "T-GTEA", 0, 70, None],  # unknown level
                    ["T-DB", "C", None, "T-GTEA", 0, 70, None],  # customer + level
                    [None, None, None, "T-GTEA", 0, None, 120],  # bad discount
                ]
            )
        )
        wizard.action_preview()
        errors = {row.row_number: row.error for row in wizard.row_ids}
        self.assertFalse(errors[2])
        self.assertIn("unknown customer NOPE", errors[3])
        self.assertIn("unknown SKU NO-SKU", errors[4])
        self.assertIn("bad number", errors[5])
        self.assertIn("duplicate of row 2", errors[6])
        self.assertIn("under floor", errors[7])
        self.assertFalse(errors[8])
        self.assertIn("unknown dealer level", errors[9])
        self.assertIn("cannot also target", errors[10])
        self.assertIn("between 0 and 100", errors[11])
        self.assertEqual((wizard.error_count, wizard.valid_count), (8, 2))
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self.policy.line_ids)

    def test_valid_xlsx_commits_all_rows(self):
        wizard = self._wizard(
            _xlsx(
                [
                    ["SKU", "Customer", "Min Qty", "Price"],
                    ["T-TEA", "T-DA", None, 90],
                    ["T-TEA", "T-DA", 100, 85],
                    ["T-WATER", None, None, 9.5],
                ]
            ),
            user=self.user_region_east,
        )
        wizard.action_import()
        lines = self.policy.line_ids.sorted("id")
        self.assertRecordValues(
            lines,
            [
                {"product_id": self.tea.id, "partner_id": self.dist_a.id, "min_qty": 0, "fixed_price": 90},
                {"product_id": self.tea.id, "partner_id": self.dist_a.id, "min_qty": 100, "fixed_price": 85},
                {"product_id": self.water.id, "partner_id": False, "min_qty": 0, "fixed_price": 9.5},
            ],
        )
        # the same rows again are duplicates of existing lines
        again = self._wizard(_xlsx([["sku", "customer", "price"], ["T-TEA", "T-DA", 90]]))
        again.action_preview()
        self.assertIn("already has this line", again.row_ids.error)

    def test_xls(self):
        wizard = self._wizard(_xls([["sku", "price"], ["T-TEA", 88.0], ["T-GTEA", 70.0]]), filename="prices.xls")
        wizard.action_import()
        self.assertEqual(sorted(self.policy.line_ids.mapped("fixed_price")), [70.0, 88.0])

    def test_unreadable_or_locked(self):
        with self.assertRaises(UserError):
            self._wizard(base64.b64encode(b"not a spreadsheet")).action_preview()
        with self.assertRaises(UserError):
            self._wizard(_xlsx([["name", "value"], ["a", 1]])).action_preview()
        self.policy.line_ids = [(0, 0, {"product_id": self.tea.id, "fixed_price": 90})]
        self.policy.action_submit()
        with self.assertRaises(UserError):
            self._wizard(_xlsx([HEADER, [None, None, None, "T-GTEA", 0, 70, None]])).action_preview()
        # a rep cannot import
        with self.assertRaises(AccessError):
            self._wizard(_xlsx([HEADER]), user=self.user_rep_a)

    def test_export_customer_prices(self):
        policy = self.env["dms.price.policy"].create(
            {
                "name": "Export",
                "line_ids": [(0, 0, {"product_id": self.tea.id, "partner_id": self.dist_a.id, "fixed_price": 90})],
            }
        )
        policy.action_submit()
        policy.action_approve()
        wizard = self.env["dms.price.export.wizard"].with_user(self.user_rep_a).create({"partner_id": self.dist_a.id})
        wizard.action_export()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file))).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["T-TEA"][2], 90)
        self.assertEqual(rows["T-TEA"][5], "policy")
        self.assertEqual(rows["T-GTEA"][2], 80)
        self.assertTrue(wizard.filename.endswith(".xlsx"))

    # ------------------------------------------------------------------
    # Integrity: one import at a time, every line once, known columns, bounded input
    # ------------------------------------------------------------------
    def test_import_action_called_twice_writes_each_line_once(self):
        rows = [["sku", "customer", "price"], ["T-TEA", "T-DA", 90], ["T-WATER", None, 9.5]]
        wizard = self._wizard(_xlsx(rows), user=self.user_region_east)
        wizard.action_import()
        with self.assertRaises(UserError):  # double click on the same wizard
            wizard.action_import()
        # another wizard with the same sheet (a second user): refused as a whole
        other = self._wizard(_xlsx(rows), user=self.user_region_east)
        with self.assertRaises(UserError) as caught:
            other.action_import()
        self.assertIn("already has this line", str(caught.exception))
        self.assertEqual(len(self.policy.line_ids), 2)

    def test_one_line_per_scope_in_the_database(self):
        Line = self.env["dms.price.policy.line"]
        vals = {"policy_id": self.policy.id, "product_id": self.tea.id, "partner_id": self.dist_a.id, "min_qty": 5}
        Line.create(dict(vals, fixed_price=90))
        for same_scope in (dict(vals, fixed_price=80), dict(vals, compute_price="discount", discount=5)):
            with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
                Line.create(same_scope)
        # another tier, target or scope is another line
        Line.create([dict(vals, min_qty=10, fixed_price=85), dict(vals, partner_id=False, fixed_price=95)])
        Line.create({"policy_id": self.policy.id, "categ_id": self.categ_tea.id, "compute_price": "discount"})
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
            Line.create({"policy_id": self.policy.id, "categ_id": self.categ_tea.id, "compute_price": "discount"})
        self.assertEqual(len(self.policy.line_ids), 4)

    def test_unknown_columns_are_refused_by_name(self):
        wizard = self._wizard(_xlsx([["sku", "price", "Colour", "valid until"], ["T-TEA", 90, "green", "2030-01-01"]]))
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        self.assertIn("Colour, valid until", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self._wizard(_xlsx([["sku", "price", "fixed price"], ["T-TEA", 90, 80]])).action_import()
        self.assertIn("fixed price", str(caught.exception))
        self.assertFalse(self.policy.line_ids)

    def test_oversized_upload_is_refused_before_decoding(self):
        self.env["ir.config_parameter"].set_param("dms_pricing.import_max_bytes", "2048")
        rows = [HEADER] + [[None, None, None, "T-TEA", i, 90, None] for i in range(500)]
        wizard = self._wizard(_xlsx(rows))
        with self.assertRaises(UserError) as caught:
            wizard.action_preview()
        self.assertIn("too big", str(caught.exception))
        # garbage that is not even base64 is refused by size too, never decoded
        with self.assertRaises(UserError):
            self._wizard(b"!" * 10000).action_preview()
        self.assertFalse(self.policy.line_ids)

    def test_declared_dimensions_are_not_trusted(self):
        """A tiny .xlsx declaring A1:Z2000000000 is read as the two rows it holds."""
        self.env["ir.config_parameter"].set_param("dms_pricing.import_max_rows", "10")
        file = _xlsx_declaring([["sku", "price"], ["T-TEA", 88]], "A1:Z2000000000")
        self.assertLess(len(file), 10000)
        self._wizard(file).action_import()
        self.assertEqual(self.policy.line_ids.fixed_price, 88.0)

    def test_rows_are_capped_while_streaming(self):
        self.env["ir.config_parameter"].set_param("dms_pricing.import_max_rows", "5")
        many = [HEADER] + [[None, None, None, "T-TEA", i, 90, None] for i in range(6)]
        with self.assertRaises(UserError) as caught:
            self._wizard(_xlsx(many)).action_preview()
        self.assertIn("more than 5 rows", str(caught.exception))
        # one cell far down the sheet: the gap is not materialised
        book = openpyxl.Workbook()
        book.active.append(["sku", "price"])
        book.active.append(["T-TEA", 90])
        book.active.cell(row=1_000_000, column=1, value="T-GTEA")
        out = io.BytesIO()
        book.save(out)
        with self.assertRaises(UserError):
            self._wizard(base64.b64encode(out.getvalue())).action_preview()
        with self.assertRaises(UserError):
            self._wizard(_xls(many), filename="prices.xls").action_preview()
        self.assertFalse(self.policy.line_ids)

    def test_unpacked_size_is_capped(self):
        self.env["ir.config_parameter"].set_param("dms_pricing.import_max_unzipped_bytes", "200000")
        # compresses to a few KB, unpacks to far more than allowed
        rows = [["sku", "price", "customer"]] + [["T-TEA", 90, "x" * 1000 + str(i)] for i in range(300)]
        file = _xlsx(rows)
        self.assertLess(len(file), 200000)
        with self.assertRaises(UserError) as caught:
            self._wizard(file).action_preview()
        self.assertIn("unpacks", str(caught.exception))

    def test_export_writes_user_text_as_text(self):
        """Attack: a product / customer named like a formula must not run in the exported sheet."""
        evil = '=HYPERLINK("http://x","y")'
        self.env["product.product"].create(
            [
                {"name": evil, "list_price": 10.0},
                {"name": "Plain name", "default_code": "-2+3", "list_price": 10.0},
            ]
        )
        wizard = self.env["dms.price.export.wizard"].with_user(self.user_rep_a).create({"partner_id": self.dist_a.id})
        wizard.action_export()
        data = base64.b64decode(wizard.file)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        named = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == evil)
        self.assertEqual((named[1].value, named[1].data_type), (evil, "s"))
        coded = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "-2+3")
        self.assertEqual(coded[0].data_type, "s")
        # no formula at all in the file
        xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
        self.assertNotIn(b"<f>", xml)
        self.assertNotIn(b"<f ", xml)
