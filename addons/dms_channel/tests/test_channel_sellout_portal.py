# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import re
from unittest.mock import patch

import openpyxl

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin, assert_doctests

from ..tools import sellout_import
from .common import DmsChannelMixin


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["Code", "Qty", "Date", "Store Name", "Store Address", "ZIP"]


@tagged("post_install", "-at_install")
class TestChannelSelloutPortal(DmsChannelMixin, DmsRpcMixin, HttpCase):
    """Sell-out by form, upload and JSON-RPC: checked whole, posted once per key, own dealer only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls.product_tea.default_code = "T-TEA"
        cls.product_water.default_code = "T-WATER"
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)
        # another network's dealer holds water; sub_a holds none
        cls._give_stock(cls.dist_b, cls.product_water, 50.0)

    def _reports(self, dealer):
        return self.env["dms.channel.sellout.report"].sudo().search([("dealer_id", "=", dealer.id)])

    def _post_upload(self, content, filename="sellout.xlsx"):
        return self.url_open(
            "/my/channel/sellout/upload",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"upload": (filename, content)},
        )

    def test_doctests(self):
        assert_doctests(self, sellout_import)

    def test_preview_names_bad_rows_and_writes_nothing(self):
        content = xlsx(
            [
                HEADER,
                ["T-TEA", 2, "2026-01-05", "Shop 1", "1 West Lake Rd", ""],
                ["NOPE", 1, None, None, None, None],
                ["T-TEA", "two", None, None, None, None],
                ["T-TEA", 1, "05/01/2026", None, None, None],
                ["T-TEA", 9, None, None, None, None],
                ["T-WATER", 1, None, None, None, None],
            ]
        )
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        response = self._post_upload(content)
        self.assertEqual(response.status_code, 200)
        bad = re.findall(r"o_dms_sellout_row table-danger", response.text)
        self.assertEqual(len(bad), 5)
        self.assertIn("o_dms_sellout_bad", response.text)
        self.assertNotIn("o_dms_sellout_confirm", response.text)
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_sub_a)
        rows = Report._sellout_preview_file(content, "sellout.xlsx")[1]
        self.assertEqual(
            [row["errors"] for row in rows],
            [[], ["unknown_product"], ["bad_qty"], ["bad_date"], ["beyond_stock"], ["unknown_product"]],
        )
        # another dealer's stock (dist_b's water) cannot be reported against
        with self.assertRaisesRegex(UserError, "Nothing was reported"):
            Report._sellout_post_file(content, "sellout.xlsx")
        self.assertFalse(self._reports(self.sub_a))
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 10.0)
        self.assertEqual(self._on_hand(self.dist_b, self.product_water), 50.0)

    def test_good_file_posts_once(self):
        content = xlsx([HEADER, ["T-TEA", 2, "2026-01-05", "Shop 1", "1 West Lake Rd", "310000"], ["T-TEA", 3]])
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        response = self._post_upload(content)
        self.assertIn("o_dms_sellout_confirm", response.text)
        self.assertFalse(self._reports(self.sub_a), "the preview writes no report")
        self.assertNotIn(base64.b64encode(content).decode()[:40], response.text, "the file is not sent back")
        key = re.search(r'name="preview_key" value="([^"]+)"', response.text).group(1)
        # the key is this user's: another user of the same dealer, another dealer, a forged key get nothing
        for user in (self._second_sub_a_user(), self.portal_b_admin):
            self.authenticate(user.login, user.login)
            response = self.url_open(
                "/my/channel/sellout/upload/confirm",
                data={"csrf_token": http.Request.csrf_token(self), "preview_key": key},
            )
            self.assertNotIn("o_dms_sellout_created", response.text)
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        for forged in ("", "x" * 43, key[:-1]):
            response = self.url_open(
                "/my/channel/sellout/upload/confirm",
                data={"csrf_token": http.Request.csrf_token(self), "preview_key": forged},
            )
            self.assertIn("o_dms_sellout_error", response.text)
        self.assertFalse(self._reports(self.sub_a))
        for click in range(2):  # a double click: the key is spent by the first
            response = self.url_open(
                "/my/channel/sellout/upload/confirm",
                data={"csrf_token": http.Request.csrf_token(self), "preview_key": key},
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_dms_sellout_created" if click == 0 else "o_dms_sellout_error", response.text)
        self.assertFalse(
            self.env["ir.attachment"].sudo().search([("description", "=like", "dms-sellout-preview:%")]),
            "the preview is gone once confirmed",
        )
        report = self._reports(self.sub_a)
        self.assertEqual(len(report), 1)
        self.assertEqual(report.report_key, sellout_import.report_key(self.sub_a.id, content))
        self.assertRecordValues(report, [{"state": "posted", "qty_total": 5.0}])
        self.assertEqual(report.line_ids[0].store_name, "Shop 1")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 5.0)
        # re-uploading shows "already reported", not the (now beyond-stock) rows
        response = self._post_upload(content)
        self.assertIn("o_dms_sellout_already", response.text)
        self.assertNotIn("o_dms_sellout_confirm", response.text)
        self.assertLedgerConsistent()

    def _second_sub_a_user(self):
        if not hasattr(self, "_sub_a_2"):
            self._sub_a_2 = self._dms_portal_user("dms_portal_sub_a_2", self.sub_a)
        return self._sub_a_2

    def test_template_and_history(self):
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        response = self.url_open("/my/channel/sellout/template.xlsx")
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
        self.assertEqual(rows[0], ["code", "qty", "date", "store", "address", "zip"])
        self.assertEqual(rows[1][0], "T-TEA")
        self.assertNotIn("T-WATER", [row[0] for row in rows], "only what the dealer holds")
        # the template, filled in, reads back as a good preview
        book.active.cell(2, 2).value = "1"
        buffer = io.BytesIO()
        book.save(buffer)
        self.assertIn("o_dms_sellout_confirm", self._post_upload(buffer.getvalue()).text)
        page = self.url_open("/my/channel/sellout")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_dms_sellout_history_row", page.text)
        self.env["dms.channel.sellout.report"].with_user(self.portal_sub_a)._receive_report(
            self.sub_a, "HIST-1", [{"product_id": self.product_tea.id, "qty": 2}]
        )
        self.env["dms.channel.sellout.report"].sudo()._receive_report(
            self.dist_b, "HIST-B", [{"product_id": self.product_water.id, "qty": 1}]
        )
        page = self.url_open("/my/channel/sellout").text
        self.assertIn("HIST-1", page)
        self.assertNotIn("HIST-B", page, "another dealer's reports are not listed")
        # a user without a dealer portal gets nothing
        self.authenticate(None, None)
        self.assertNotEqual(self.url_open("/my/channel/sellout", allow_redirects=False).status_code, 200)

    def test_form_reports_one_line_once(self):
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open("/my/channel/sellout/new")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="token" value="(\w+)"', page.text).group(1)
        vals = {
            "csrf_token": http.Request.csrf_token(self),
            "token": token,
            "product_id": self.product_tea.id,
            "qty": "4",
            "date": "2026-01-02",
            "store_name": "Shop 2",
        }
        for _click in range(2):
            response = self.url_open("/my/channel/sellout/new", data=vals)
        self.assertIn("o_dms_sellout_already", response.text)
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 6.0)
        # another dealer's product is refused, nothing written
        response = self.url_open(
            "/my/channel/sellout/new", data=dict(vals, token="other1", product_id=self.product_water.id)
        )
        self.assertIn("o_dms_sellout_error", response.text)
        self.assertEqual(len(self._reports(self.sub_a)), 1)
        self.assertEqual(self._on_hand(self.dist_b, self.product_water), 50.0)

    def test_caps(self):
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_sub_a)
        with patch.object(sellout_import, "MAX_BYTES", 100), self.assertRaisesRegex(UserError, "too large"):
            Report._sellout_preview_file(b"x" * 101, "big.xlsx")
        # rows are counted while streaming, blank ones included
        content = xlsx([HEADER] + [["T-TEA", 1]] * 2 + [[None]] * 5 + [["T-TEA", 1]])
        with patch.object(sellout_import, "MAX_ROWS", 4), self.assertRaisesRegex(UserError, "more than 4 rows"):
            Report._sellout_preview_file(content, "long.xlsx")
        with self.assertRaisesRegex(UserError, "cannot be read"):
            Report._sellout_preview_file(b"not a spreadsheet", "bad.xlsx")
        with self.assertRaisesRegex(UserError, ".xlsx or .xls"):
            Report._sellout_preview_file(content, "x.csv")
        with patch.object(sellout_import, "MAX_API_LINES", 1), self.assertRaisesRegex(UserError, "At most 1"):
            Report.dms_api_report("K", [{"product_code": "T-TEA", "qty": 1}] * 2)
        self.assertFalse(self._reports(self.sub_a))

    def test_api_report_is_idempotent_and_own_dealer_only(self):
        Model = "dms.channel.sellout.report"
        lines = [{"product_code": "T-TEA", "qty": 3, "date": "2026-01-03", "store_name": "Shop 3"}]
        first = self.rpc(self.portal_sub_a, Model, "dms_api_report", "ERP-0001", lines)
        again = self.rpc(self.portal_sub_a, Model, "dms_api_report", "ERP-0001", lines)
        self.assertTrue(first["created"])
        self.assertFalse(again["created"])
        self.assertEqual(first["id"], again["id"])
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 7.0)
        # reporting against another dealer's stock: a product it does not hold, a forged dealer key
        self.assertRpcRefused(
            self.portal_sub_a,
            Model,
            "dms_api_report",
            "ERP-0002",
            [{"product_id": self.product_water.id, "qty": 1}],
            exception="UserError",
        )
        self.assertRpcRefused(
            self.portal_sub_a,
            Model,
            "dms_api_report",
            "ERP-0003",
            [{"product_code": "T-TEA", "qty": 1, "dealer_id": self.dist_b.id}],
            exception="UserError",
        )
        # dist_b reporting with sub_a's key reports for dist_b only, against dist_b's stock
        self.assertRpcRefused(self.portal_b_admin, Model, "dms_api_report", "ERP-0001", lines, exception="UserError")
        self.assertEqual(len(self._reports(self.sub_a)), 1)
        self.assertFalse(self._reports(self.dist_b))
        self.assertEqual(self._on_hand(self.dist_b, self.product_water), 50.0)
        # a back-office user without a dealer is refused
        with self.assertRaises(AccessError):
            self.env[Model].with_user(self.user_region_east).dms_api_report("ERP-9", lines)
        self.assertLedgerConsistent()
