# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The forecast rules: the model beats the seasonal naive baseline on a seasonal series with
trend, and the accuracy figures are computed from held-out months (not asserted)."""

import math
import random

from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import forecast


def seasonal_series(months, base=100.0, amplitude=30.0, trend=1.5, noise=3.0, seed=7):
    rng = random.Random(seed)
    return [base + amplitude * math.sin(2 * math.pi * m / 12) + trend * m + rng.gauss(0, noise) for m in range(months)]


@tagged("post_install", "-at_install")
class TestForecastTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, forecast)

    def test_model_beats_naive_on_seasonal_series_with_trend(self):
        history = seasonal_series(48)
        holdout = 6
        result = forecast.forecast_with_accuracy(history, horizon=3, holdout=holdout)
        self.assertEqual(result["method"], forecast.METHOD_HOLT_WINTERS)
        # the accuracy is what the two methods really did on the last six months
        actual = history[-holdout:]
        _method, model_test = forecast.model_forecast(history[:-holdout], holdout)
        naive_test = forecast.seasonal_naive(history[:-holdout], holdout)
        expected_model = sum(abs(a - f) for a, f in zip(actual, model_test, strict=True)) / sum(actual)
        expected_naive = sum(abs(a - f) for a, f in zip(actual, naive_test, strict=True)) / sum(actual)
        self.assertAlmostEqual(result["model_wape"], expected_model, places=3)
        self.assertAlmostEqual(result["baseline_wape"], expected_naive, places=3)
        # the naive baseline misses the trend (a year of growth); the model does not
        self.assertLess(result["model_wape"], result["baseline_wape"])
        self.assertLess(result["model_wape"], 0.05)
        # and the forecast continues the pattern: next month is about the same month last year plus the trend
        next_month = 48
        expected = 100 + 30 * math.sin(2 * math.pi * next_month / 12) + 1.5 * next_month
        self.assertAlmostEqual(result["model"][0], expected, delta=expected * 0.08)

    def test_short_and_empty_histories(self):
        self.assertEqual(forecast.forecast_with_accuracy([], horizon=2)["model"], [0.0, 0.0])
        short = forecast.forecast_with_accuracy([5, 7, 6], horizon=2, holdout=3)
        self.assertEqual(short["method"], forecast.METHOD_MEAN)
        self.assertIsNone(short["model_wape"], "no accuracy without enough history to hold some out")
        flat = forecast.forecast_with_accuracy([0, 0, 0, 0, 0, 0], horizon=1, holdout=3)
        self.assertEqual(flat["model"], [0.0])
        self.assertIsNone(flat["model_wape"], "nothing sold in the held-out months: no percentage error")

    def test_never_negative(self):
        falling = [100, 80, 60, 40, 20, 5]
        _method, values = forecast.model_forecast(falling, horizon=6)
        self.assertTrue(all(v >= 0 for v in values), values)
