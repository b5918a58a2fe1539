# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import date_utils


class DmsAnalyticsDemand(models.Model):
    """Monthly quantities a dealer bought before the DMS went live (imported history).

    Forecasts need two years of history to see a season; a brand starting on the DMS has it in
    its former ERP. HQ imports it here (standard import, one row per dealer × category × month);
    for months where the DMS itself has sell-in (channel flow), the DMS figure is used instead.
    """

    _name = "dms.analytics.demand"
    _description = "Imported Demand History"
    _order = "month desc, dealer_id, categ_id"
    _rec_name = "dealer_id"

    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    dealer_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, domain=[("is_dealer", "=", True)]
    )
    territory_id = fields.Many2one(related="dealer_id.territory_id", string="Territory", store=True, index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", required=True)
    month = fields.Date(string="Month", required=True, help="Any day of the month: stored as its first day.")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True)

    _sql_constraints = [
        (
            "dealer_categ_month_unique",
            "UNIQUE(company_id, dealer_id, categ_id, month)",
            "The history has one quantity per dealer, category and month.",
        ),
        ("qty_positive", "CHECK(qty >= 0)", "A quantity of history cannot be negative."),
    ]

    @api.constrains("dealer_id")
    def _check_dealer(self):
        for row in self:
            if not row.dealer_id.is_dealer:
                raise ValidationError(self.env._("%(partner)s is not a dealer.", partner=row.dealer_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = date_utils.start_of(fields.Date.to_date(vals["month"]), "month")
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = date_utils.start_of(fields.Date.to_date(vals["month"]), "month")
        return super().write(vals)

    @api.model
    def _dms_demo_history(self, dealer_xmlids, categ_xmlids, months=30):
        """Demo only: ``months`` of imported history with a beverage season (summer peak, a
        Spring Festival bump in January-February) and growth, then the forecasts of today."""
        import math

        from dateutil.relativedelta import relativedelta

        first = date_utils.start_of(fields.Date.context_today(self), "month")
        vals_list = []
        for d, dealer_xmlid in enumerate(dealer_xmlids):
            dealer = self.env.ref(dealer_xmlid)
            for c, categ_xmlid in enumerate(categ_xmlids):
                categ = self.env.ref(categ_xmlid)
                base = 800.0 * (1 + 0.5 * d) * (1 + 0.3 * c)
                for i in range(months, 0, -1):
                    month = first - relativedelta(months=i)
                    season = math.sin((month.month - 4) / 12.0 * 2 * math.pi)  # peaks in July
                    festival = 0.25 if month.month in (1, 2) else 0.0
                    growth = 1 + 0.01 * (months - i)
                    wobble = ((d * 7 + c * 3 + i * 5) % 11 - 5) / 100.0  # deterministic noise
                    qty = base * growth * (1 + 0.35 * season + festival + wobble)
                    vals_list.append(
                        {"dealer_id": dealer.id, "categ_id": categ.id, "month": month, "qty": round(max(qty, 0), 0)}
                    )
        self.create(vals_list)
        Forecast = self.env["dms.analytics.forecast"]
        Forecast._dms_compute_forecasts(company=self.env.company)
        # the East distributor plans a tea promotion next month: its joint figure is 20 % above ours
        user = self.env["res.users"].search([("login", "=", "dist.east1")], limit=1)
        forecast = Forecast.search(
            [
                ("dealer_id", "=", self.env.ref(dealer_xmlids[0]).id),
                ("categ_id", "=", self.env.ref(categ_xmlids[0]).id),
                ("month", ">", first),
            ],
            order="month",
            limit=1,
        )
        if user and forecast:
            forecast.with_user(user).action_dms_adjust(
                round(forecast.forecast_qty * 1.2), "夏季新品茶饮促销 / tea promotion"
            )
