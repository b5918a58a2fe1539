# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

#: written by the system only (computed when the line is written)
VALUE_FIELDS = {"report_state", "sale_date", "product_qty", "price_unit", "price_subtotal"}


class DmsChannelSelloutReportLine(models.Model):
    """Sell-out valued at the dealer's own price, stored on the line.

    ``price_unit`` is what ``dms_pricing`` charges the reporting dealer for the product on the
    sale date (its upstream dealer's policies, or the brand's for a distributor), in company
    currency: the value the dealer's rebates, targets and the channel flow report count. It is
    computed when the line is written and never follows later price changes; a posted report's
    lines cannot change. ``price_subtotal`` is untaxed (even for tax-included prices).
    """

    _inherit = "dms.channel.sellout.report.line"

    report_state = fields.Selection(related="report_id.state", string="Report Status", store=True)
    company_id = fields.Many2one(related="report_id.company_id", string="Company", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    sale_date = fields.Date(
        string="Sold On",
        compute="_compute_sale_date",
        store=True,
        index=True,
        help="The line's date, else the report's.",
    )
    product_qty = fields.Float(
        string="Quantity (product unit)", digits="Product Unit of Measure", compute="_compute_value", store=True
    )
    price_unit = fields.Float(
        string="Dealer Price",
        digits="Product Price",
        compute="_compute_value",
        store=True,
        help="The dealer's price of the product (dms_pricing) on the sale date, per product unit.",
    )
    price_subtotal = fields.Monetary(string="Value", currency_field="currency_id", compute="_compute_value", store=True)
    store_zip = fields.Char(string="Store ZIP")
    store_state_id = fields.Many2one("res.country.state", string="Store Province")
    store_country_id = fields.Many2one("res.country", string="Store Country")

    @api.depends("date", "report_id.date")
    def _compute_sale_date(self):
        for line in self:
            line.sale_date = line.date or line.report_id.date

    @api.depends("product_id", "qty", "product_uom_id", "sale_date", "report_id.dealer_id", "report_id.company_id")
    def _compute_value(self):
        engine = self.env["dms.price.engine"].sudo()
        for (dealer, company, day), lines in self.grouped(
            lambda line: (line.report_id.dealer_id, line.report_id.company_id, line.sale_date)
        ).items():
            todo = lines.filtered("product_id") if dealer else lines.browse()
            for line in lines - todo:
                line.product_qty = line.price_unit = line.price_subtotal = 0.0
            if not todo:
                continue
            quantities = []
            for line in todo:
                uom, product_uom = line.product_uom_id, line.product_id.uom_id
                quantities.append(
                    uom._compute_quantity(line.qty, product_uom) if uom and uom != product_uom else line.qty
                )
            company = company or self.env.company
            # priced once per product and quantity (a 10,000-row file names a few dozen products)
            pairs = list(
                dict.fromkeys((line.product_id, qty or 1.0) for line, qty in zip(todo, quantities, strict=True))
            )
            results = engine.with_company(company)._get_prices(
                dealer.commercial_partner_id, pairs, date=day, currency=company.currency_id
            )
            prices = {(product.id, qty): res["price"] for (product, qty), res in zip(pairs, results, strict=True)}
            subtotals = {}
            for line, qty in zip(todo, quantities, strict=True):
                price = prices[(line.product_id.id, qty or 1.0)]
                key = (line.product_id.id, price, qty)
                if key not in subtotals:
                    product = line.product_id.sudo()
                    taxes = product.taxes_id.filtered(lambda tax, company=company: tax.company_id in company.parent_ids)
                    # untaxed, also when the product's price includes its taxes
                    subtotals[key] = taxes.compute_all(price, company.currency_id, qty, product=product)[
                        "total_excluded"
                    ]
                line.product_qty = qty
                line.price_unit = price
                line.price_subtotal = subtotals[key]

    def _check_value_fields(self, field_names):
        forged = VALUE_FIELDS & set(field_names)
        if forged and not self.env.su:
            raise AccessError(
                self.env._(
                    "Sell-out lines: %(fields)s are computed by the system only.", fields=", ".join(sorted(forged))
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_value_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_value_fields(vals)
        return super().write(vals)
