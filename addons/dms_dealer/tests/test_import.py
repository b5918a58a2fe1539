# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl
import xlwt

from odoo.tests import tagged

from .common import DmsDealerCommon

COLUMNS = [
    "name",
    "ref",
    "is_dealer",
    "dealer_type",
    "dealer_level_id",
    "dealer_parent_id",
    "territory_id",
    "dealer_state",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS_TYPE = "application/vnd.ms-excel"
OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": False,
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "import_skip_records": [],
    "import_set_empty_fields": [],
}


@tagged("post_install", "-at_install")
class TestDealerImport(DmsDealerCommon):
    GOOD_ROWS = [
        # parent by dealer code (ref), territory by code, level by code
        ["Imported Sub East", "IMP-SE", "1", "sub_dealer", "C", "T-DA", "T-SH", "active"],
        # parent by name, territory by complete name, level by name, type by label
        [
            "Imported Retail West",
            "IMP-RW",
            "True",
            "Retailer",
            "Regular",
            "Test Sub-dealer B",
            "Test HQ / Test West / Test Chengdu",
            "active",
        ],
        # a distributor served by HQ (no parent), an applicant
        ["Imported Distributor", "IMP-D", "yes", "distributor", "Strategic", "", "T-WEST", "applicant"],
    ]
    BAD_ROW = ["Orphan Dealer", "IMP-X", "1", "retailer", "R", "NO-SUCH-PARENT", "T-SH", "active"]

    def _xlsx(self, rows):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()

    def _xls(self, rows):
        book = xlwt.Workbook()
        sheet = book.add_sheet("Dealers")
        for r, row in enumerate([COLUMNS, *rows]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()

    def _import(self, content, file_type, file_name, dryrun):
        wizard = self.env["base_import.import"].create(
            {"res_model": "res.partner", "file": content, "file_type": file_type, "file_name": file_name}
        )
        preview = wizard.parse_preview(dict(OPTIONS))
        self.assertFalse(preview.get("error"), preview.get("error"))
        self.assertEqual(preview["headers"], COLUMNS)
        return wizard.execute_import(COLUMNS, COLUMNS, dict(OPTIONS), dryrun=dryrun)

    def _check_imported(self):
        Partner = self.env["res.partner"]
        sub = Partner.search([("ref", "=", "IMP-SE")])
        retail = Partner.search([("ref", "=", "IMP-RW")])
        dist = Partner.search([("ref", "=", "IMP-D")])
        self.assertRecordValues(
            sub | retail | dist,
            [
                {
                    "is_dealer": True,
                    "dealer_type": "sub_dealer",
                    "dealer_level_id": self.level_core.id,
                    "dealer_parent_id": self.dist_a.id,
                    "territory_id": self.terr_shanghai.id,
                    "dealer_state": "active",
                },
                {
                    "is_dealer": True,
                    "dealer_type": "retailer",
                    "dealer_level_id": self.level_regular.id,
                    "dealer_parent_id": self.sub_b.id,
                    "territory_id": self.terr_chengdu.id,
                    "dealer_state": "active",
                },
                {
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_level_id": self.level_strategic.id,
                    "dealer_parent_id": False,
                    "territory_id": self.terr_west.id,
                    "dealer_state": "applicant",
                },
            ],
        )
        # the hierarchy follows: paths and top distributor are set
        self.assertEqual(sub.dealer_root_id, self.dist_a)
        self.assertEqual(retail.dealer_root_id, self.dist_b)
        self.assertIn(sub, self.dist_a._get_dealer_downstream())
        self.assertEqual(dist.dealer_root_id, dist)

    def test_xlsx_unknown_parent_is_a_row_error(self):
        result = self._import(self._xlsx([*self.GOOD_ROWS, self.BAD_ROW]), XLSX_TYPE, "dealers.xlsx", dryrun=True)
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1, result["messages"])
        self.assertIn("NO-SUCH-PARENT", errors[0]["message"])
        self.assertEqual(errors[0].get("field"), "dealer_parent_id")
        self.assertEqual(errors[0]["record"], 3, "the fourth data row is reported")
        self.assertFalse(self.env["res.partner"].search([("ref", "in", ["IMP-SE", "IMP-X"])]), "nothing written")

    def test_xlsx_import_resolves_parent_territory_level(self):
        result = self._import(self._xlsx(self.GOOD_ROWS), XLSX_TYPE, "dealers.xlsx", dryrun=True)
        self.assertFalse(result["messages"], result["messages"])
        self.assertFalse(self.env["res.partner"].search([("ref", "=", "IMP-SE")]), "a dry run writes nothing")
        result = self._import(self._xlsx(self.GOOD_ROWS), XLSX_TYPE, "dealers.xlsx", dryrun=False)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 3)
        self._check_imported()

    def test_xls_import(self):
        result = self._import(self._xls([*self.GOOD_ROWS, self.BAD_ROW]), XLS_TYPE, "dealers.xls", dryrun=True)
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1, result["messages"])
        self.assertIn("NO-SUCH-PARENT", errors[0]["message"])
        result = self._import(self._xls(self.GOOD_ROWS), XLS_TYPE, "dealers.xls", dryrun=False)
        self.assertFalse(result["messages"], result["messages"])
        self._check_imported()

    def test_parent_defined_earlier_in_the_same_file(self):
        rows = [
            ["Same File Dist", "SF-D", "1", "distributor", "S", "", "T-EAST", "active"],
            ["Same File Sub", "SF-S", "1", "sub_dealer", "C", "SF-D", "T-SH", "active"],
        ]
        result = self._import(self._xlsx(rows), XLSX_TYPE, "dealers.xlsx", dryrun=False)
        self.assertFalse(result["messages"], result["messages"])
        dist, sub = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(sub.dealer_parent_id, dist)
        self.assertEqual(sub.dealer_path, f"{dist.id}/{sub.id}/")

    def test_name_search_by_code(self):
        self.assertEqual(self.env["dms.territory"].name_search("T-SH", operator="=")[0][0], self.terr_shanghai.id)
        self.assertEqual(self.env["dms.dealer.level"].name_search("S", operator="=")[0][0], self.level_strategic.id)
        self.assertEqual(self.env["res.partner"].name_search("T-DA", operator="=")[0][0], self.dist_a.id)
