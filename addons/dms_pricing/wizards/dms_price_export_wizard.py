# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from odoo import fields, models

from ..tools import spreadsheet


class DmsPriceExportWizard(models.TransientModel):
    _name = "dms.price.export.wizard"
    _description = "Export a Customer's Effective Prices"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    currency_id = fields.Many2one("res.currency", required=True, default=lambda self: self.env.company.currency_id)
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def _get_export_rows(self):
        """[(product, result)] of the customer's catalogue at quantity 1."""
        self.ensure_one()
        engine = self.env["dms.price.engine"]
        products = engine._get_catalog_products(self.partner_id)
        results = engine._get_prices(
            self.partner_id, [(p, 1.0) for p in products], date=self.date, currency=self.currency_id
        )
        return list(zip(products, results, strict=True))

    def _build_xlsx(self, rows):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Prices"
        sheet.append(
            [
                self.env._("SKU"),
                self.env._("Product"),
                self.env._("Price"),
                self.env._("Currency"),
                self.env._("Floor"),
                self.env._("Source"),
                self.env._("Explanation"),
            ]
        )
        for product, res in rows:
            sheet.append(
                [
                    product.default_code or "",
                    product.display_name,
                    res["price"],
                    self.currency_id.name,
                    res["floor"] or None,
                    res["source"],
                    res["explanation"],
                ]
            )
        self._write_text_as_text(sheet)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    @staticmethod
    def _write_text_as_text(sheet):
        """Cells holding text a spreadsheet would run (``=HYPERLINK(...)``, ``+...``, ``@...``)
        are written as text, never as formulas: names and codes come from users."""
        for row in sheet.iter_rows():
            for cell in row:
                if spreadsheet.is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True

    def action_export(self):
        self.ensure_one()
        data = self._build_xlsx(self._get_export_rows())
        self.write(
            {
                "file": base64.b64encode(data),
                "filename": f"prices_{self.partner_id.ref or self.partner_id.id}_{self.date}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
