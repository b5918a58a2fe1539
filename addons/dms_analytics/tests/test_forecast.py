# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The forecast job: from history to forecasts with measured accuracy, idempotent per day,
resumable, keeping the dealer's own figures."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import DmsAnalyticsMixin


@tagged("post_install", "-at_install")
class TestForecastJob(DmsAnalyticsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_analytics()
        cls.company = cls.env.company
        cls.Forecast = cls.env["dms.analytics.forecast"]
        cls._history(cls.dist_a, cls.categ_tea, 36)
        cls._history(cls.dist_a, cls.categ_water, 8, base=50.0, amplitude=0.0, trend=0.0)
        cls._history(cls.dist_b, cls.categ_tea, 36, base=300.0)

    def _compute(self, today=None, limit=None):
        return self.Forecast._dms_compute_forecasts(company=self.company, today=today or self.TODAY, limit=limit)

    def _forecasts(self, dealer, categ):
        return self.Forecast.search([("dealer_id", "=", dealer.id), ("categ_id", "=", categ.id)], order="month")

    def test_forecasts_with_measured_accuracy(self):
        self.assertEqual(self._compute(), 0)
        tea = self._forecasts(self.dist_a, self.categ_tea)
        self.assertEqual(tea.mapped("month"), [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)])
        self.assertEqual(set(tea.mapped("method")), {"holt_winters"})
        self.assertEqual(set(tea.mapped("history_months")), {36})
        self.assertTrue(all(tea.mapped("accuracy_known")))
        # seasonal history with growth: the model's measured error is below the naive baseline's
        self.assertTrue(all(tea.mapped("beats_baseline")), tea.mapped(lambda f: (f.model_wape, f.baseline_wape)))
        # December's forecast follows the season: close to last December plus a year of growth
        last_december = self.env["dms.analytics.demand"].search(
            [("dealer_id", "=", self.dist_a.id), ("categ_id", "=", self.categ_tea.id), ("month", "=", "2025-12-01")]
        )
        self.assertAlmostEqual(tea[1].forecast_qty, last_december.qty + 12, delta=6)
        self.assertEqual(tea[1].baseline_qty, last_december.qty)
        # eight flat months: Holt, flat forecast
        water = self._forecasts(self.dist_a, self.categ_water)
        self.assertEqual(water.mapped("method"), ["holt"] * 3)
        self.assertEqual(water.mapped("forecast_qty"), [50.0] * 3)
        self.assertEqual(water.mapped("final_qty"), [50.0] * 3)

    def test_rerun_same_day_does_nothing_and_next_day_keeps_dealer_figures(self):
        self._compute()
        forecasts = self.Forecast.search([])
        self.assertEqual(len(forecasts), 9)
        november = self._forecasts(self.dist_a, self.categ_tea)[0]
        with freeze_time(self.TODAY):
            november.with_user(self.portal_a_user).action_dms_adjust(200, "new store")
        self.assertEqual(self._compute(), 0)
        self.assertEqual(self.Forecast.search([]), forecasts, "a rerun the same day creates nothing")
        self.assertEqual(self.env["dms.analytics.forecast.run"].search([]).dealer_count, 2)
        # a new imported month, the next day: recomputed in place, the dealer's figure kept
        self.env["dms.analytics.demand"].search(
            [("dealer_id", "=", self.dist_a.id), ("categ_id", "=", self.categ_tea.id), ("month", "=", "2026-10-01")]
        ).qty = 500.0
        self._compute(today=self.TODAY + timedelta(days=1))
        self.assertEqual(len(self.Forecast.search([])), 9)
        self.assertEqual(november.computed_on, self.TODAY + timedelta(days=1))
        self.assertEqual(november.dealer_qty, 200.0)
        self.assertEqual(november.final_qty, 200.0)
        self.assertAlmostEqual(november.gap_qty, 200.0 - november.forecast_qty)
        # only the changed series was fitted again: the others keep the forecast of the first run
        for dealer, categ in ((self.dist_b, self.categ_tea), (self.dist_a, self.categ_water)):
            unchanged = self._forecasts(dealer, categ)
            self.assertEqual(set(unchanged.mapped("computed_on")), {self.TODAY}, dealer.name)
        # a new month of history (the next month's first run) refits every series
        self._compute(today=date(2026, 12, 1))
        self.assertEqual(
            set(self.Forecast.search([("month", "=", date(2027, 2, 1))]).mapped("computed_on")), {date(2026, 12, 1)}
        )

    def test_resumable_in_batches(self):
        self.assertEqual(self._compute(limit=1), 1, "one dealer left after a batch of one")
        self.assertTrue(self._forecasts(self.dist_a, self.categ_tea))
        self.assertFalse(self._forecasts(self.dist_b, self.categ_tea))
        self.assertEqual(self._compute(limit=1), 0)
        self.assertTrue(self._forecasts(self.dist_b, self.categ_tea))
        self.assertEqual(self._compute(limit=1), 0)

    def test_cron_reports_progress(self):
        # not under freeze_time: pandas (under statsmodels) must not be imported with a patched datetime
        cron = self.env.ref("dms_analytics.ir_cron_dms_analytics_forecast")
        cron.method_direct_trigger()
        self.assertEqual(len(self.Forecast.search([])), 9)
        self.assertEqual(self.env["dms.analytics.forecast.run"].search([]).dealer_count, 2)

    def test_dms_sell_in_replaces_imported_month(self):
        product = self.env["product.product"].create(
            {"name": "Analytics Green Tea", "categ_id": self.categ_tea.id, "type": "consu"}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.dist_a.id,
                "invoice_date": date(2026, 10, 20),
                "date": date(2026, 10, 20),
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "quantity": 7, "price_unit": 10, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        history = self.Forecast._dms_forecast_history(self.dist_a, date(2026, 1, 1), date(2026, 10, 31), self.company)
        tea = history[(self.dist_a.id, self.categ_tea.id)]
        self.assertEqual(tea[date(2026, 10, 1)], 7.0, "the DMS's own invoices win over the import")
        self.assertGreater(tea[date(2026, 9, 1)], 50.0, "imported months without DMS figures stay")

    def test_history_rows_are_checked(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.env["dms.analytics.demand"].create(
                {
                    "dealer_id": self.user_hq.partner_id.id,
                    "categ_id": self.categ_tea.id,
                    "month": "2026-01-05",
                    "qty": 1,
                }
            )
        row = self.env["dms.analytics.demand"].create(
            {"dealer_id": self.sub_a.id, "categ_id": self.categ_tea.id, "month": "2026-01-17", "qty": 3}
        )
        self.assertEqual(row.month, date(2026, 1, 1))
