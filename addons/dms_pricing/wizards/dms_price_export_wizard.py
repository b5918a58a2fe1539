# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import fields, models

from odoo.addons.dms_dealer.tools import spreadsheet


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
        # names and codes come from users: their text is written as text, never as a formula
        book, sheet = spreadsheet.new_workbook("Prices")
        spreadsheet.append_row(
            sheet,
            [
                self.env._("SKU"),
                self.env._("Product"),
                self.env._("Price"),
                self.env._("Currency"),
                self.env._("Floor"),
                self.env._("Source"),
                self.env._("Explanation"),
            ],
        )
        for product, res in rows:
            spreadsheet.append_row(
                sheet,
                [
                    product.default_code or "",
                    product.display_name,
                    res["price"],
                    self.currency_id.name,
                    res["floor"] or None,
                    res["source"],
                    res["explanation"],
                ],
            )
        return spreadsheet.workbook_bytes(book)

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
