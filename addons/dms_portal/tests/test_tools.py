# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl
import xlwt

from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests
from odoo.addons.dms_dealer.tools import spreadsheet

from ..tools import links, order_import, photos, statement


@tagged("post_install", "-at_install")
class TestTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, order_import, statement, spreadsheet, photos, links)

    def test_every_bad_row_is_marked(self):
        catalog = {
            "A": order_import.CatalogItem(1, 10, True, order_import.IN_STOCK),
            "B": order_import.CatalogItem(2, 0, True, order_import.OUT_OF_STOCK),
        }
        rows = [(2, "A", 12), (3, "A", 3), (4, "B", 1), (5, "C", 1), (6, "D", 1), (7, "A", "lots")]
        checked = order_import.validate_rows(rows, catalog, known_skus={"A", "B", "C"})
        self.assertEqual(
            [r["errors"] for r in checked],
            [[], ["below_min"], ["out_of_stock"], ["not_sold"], ["unknown_sku"], ["bad_qty"]],
        )
        self.assertEqual(order_import.merge_valid_rows(checked), {1: 12.0})

    def test_read_xlsx_and_xls(self):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in (["SKU", "Qty"], ["TW-01", 4], [1001, "2"], [None, None], ["TT-01", "x"]):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        rows = order_import.read_spreadsheet(buffer.getvalue(), "order.xlsx")
        self.assertEqual(rows, [(2, "TW-01", 4), (3, "1001", "2"), (5, "TT-01", "x")])

        xls = xlwt.Workbook()
        ws = xls.add_sheet("s")
        for r, (sku, qty) in enumerate([("TW-01", 3), ("TT-01", 1)]):
            ws.write(r, 0, sku)
            ws.write(r, 1, qty)
        buffer = io.BytesIO()
        xls.save(buffer)
        self.assertEqual(
            order_import.read_spreadsheet(buffer.getvalue(), "order.xls"), [(1, "TW-01", 3.0), (2, "TT-01", 1.0)]
        )

    def test_unreadable_file(self):
        with self.assertRaises(order_import.SpreadsheetError):
            order_import.read_spreadsheet(b"not a sheet", "order.xlsx")
        with self.assertRaises(order_import.SpreadsheetError):
            order_import.read_spreadsheet(b"a,b", "order.csv")

    def test_statement_running_balance(self):
        lines, totals = statement.build_statement(
            0.0,
            [
                ("2026-01-10", "refund", "R1", -20.0),
                ("2026-01-02", "invoice", "I1", 100.0),
                ("2026-01-20", "rebate", "RB1", -5.0),
            ],
        )
        self.assertEqual([line["kind"] for line in lines], ["opening", "invoice", "refund", "rebate", "closing"])
        self.assertEqual(lines[-1]["balance"], 75.0)
        self.assertEqual((totals["invoice"], totals["refund"], totals["rebate"]), (100.0, -20.0, -5.0))
