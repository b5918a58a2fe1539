# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Monthly demand forecasts and their measured accuracy, as plain Python (no Odoo import).

Two methods run side by side on every series:

* the **model**: Holt-Winters exponential smoothing from ``statsmodels`` (additive trend and
  seasonality once two full seasons of history exist, Holt's trend method with less, the mean
  with very little);
* the **baseline**: the seasonal naive forecast (the same month one season earlier; the last
  value when the history is shorter than a season).

Accuracy is *measured*, never assumed: both methods are refitted on the history without its
last ``holdout`` months and compared with what really happened in those months (WAPE and MAPE).

>>> seasonal_naive([1, 2, 3, 4], horizon=3, season=2)
[3.0, 4.0, 3.0]
>>> wape([10, 20], [12, 18])
0.1333
>>> mape([10, 0, 20], [12, 5, 18]) is not None
True
"""

import hashlib
import math
import warnings

#: months in a season (a year of monthly buckets)
SEASON = 12
#: fewer months than this: forecast the mean of the history
MIN_TREND_MONTHS = 4
#: method codes stored on forecasts (labels live in the Odoo model)
METHOD_HOLT_WINTERS = "holt_winters"
METHOD_HOLT = "holt"
METHOD_MEAN = "mean"
METHOD_NAIVE = "seasonal_naive"


def _clean(history):
    return [max(float(value or 0.0), 0.0) for value in history]


def seasonal_naive(history, horizon, season=SEASON):
    """The value of the same month one season earlier, repeated over ``horizon`` months.

    >>> seasonal_naive([5, 7], horizon=2, season=12)
    [7.0, 7.0]
    >>> seasonal_naive([], horizon=2)
    [0.0, 0.0]
    """
    history = _clean(history)
    if not history:
        return [0.0] * horizon
    if len(history) < season:
        return [round(history[-1], 4)] * horizon
    last_season = history[-season:]
    return [round(last_season[i % season], 4) for i in range(horizon)]


def model_method(history, season=SEASON):
    """Which model :func:`model_forecast` fits on a history of this length.

    >>> [model_method([1] * n) for n in (2, 6, 24)]
    ['mean', 'holt', 'holt_winters']
    """
    n = len(history)
    if n >= 2 * season:
        return METHOD_HOLT_WINTERS
    if n >= MIN_TREND_MONTHS:
        return METHOD_HOLT
    return METHOD_MEAN


def model_forecast(history, horizon, season=SEASON):
    """``(method, [forecast per month])`` of the exponential smoothing model; never negative.

    A flat history is forecast flat (statsmodels is not asked to fit a constant series).

    >>> model_forecast([3, 3, 3, 3, 3], horizon=2)
    ('holt', [3.0, 3.0])
    >>> model_forecast([2, 4], horizon=1)
    ('mean', [3.0])
    """
    history = _clean(history)
    method = model_method(history, season)
    if not history:
        return METHOD_MEAN, [0.0] * horizon
    if method == METHOD_MEAN or max(history) == min(history):
        mean = sum(history) / len(history)
        return method, [round(mean, 4)] * horizon
    from statsmodels.tsa.holtwinters import ExponentialSmoothing  # heavy: imported when used

    kwargs = {"trend": "add", "initialization_method": "estimated"}
    if method == METHOD_HOLT_WINTERS:
        # initial level/trend/season from the first two seasons (heuristic) rather than estimated
        # with the smoothing parameters: 14 fewer parameters to optimise, about 4x faster
        kwargs.update(seasonal="add", seasonal_periods=season, initialization_method="heuristic")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter of the optimizer, not an error
        try:
            fitted = ExponentialSmoothing(history, **kwargs).fit(use_brute=False)
            values = list(fitted.forecast(horizon))
        except (ValueError, ArithmeticError, IndexError):
            return METHOD_MEAN, [round(sum(history) / len(history), 4)] * horizon
    result = []
    for value in values:
        value = float(value)
        result.append(0.0 if math.isnan(value) or value < 0 else round(value, 4))
    return method, result


def history_fingerprint(history, last_month):
    """A short fingerprint of a monthly series ending at ``last_month``: equal only for equal input.

    >>> from datetime import date
    >>> a = history_fingerprint([1.0, 2.5], date(2026, 10, 1))
    >>> a == history_fingerprint([1, 2.5], date(2026, 10, 1)), a == history_fingerprint([1, 2.5], date(2026, 11, 1))
    (True, False)
    """
    text = f"{last_month.isoformat()}:" + ",".join(f"{float(value):.4f}" for value in history)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def wape(actual, forecast):
    """Weighted absolute percentage error: sum |actual − forecast| / sum actual (None if nothing sold).

    >>> wape([0, 0], [1, 1]) is None
    True
    """
    total = sum(abs(a) for a in actual)
    if not total:
        return None
    return round(sum(abs(a - f) for a, f in zip(actual, forecast, strict=True)) / total, 4)


def mape(actual, forecast):
    """Mean absolute percentage error over the months that sold something (None if none did).

    >>> mape([10, 20], [11, 22])
    0.1
    """
    errors = [abs(a - f) / abs(a) for a, f in zip(actual, forecast, strict=True) if a]
    if not errors:
        return None
    return round(sum(errors) / len(errors), 4)


def forecast_with_accuracy(history, horizon, holdout=3, season=SEASON):
    """Forecast of the model and of the baseline, with each one's accuracy on the last months.

    The accuracy is measured by refitting both methods on ``history[:-holdout]`` and comparing
    their forecasts of the ``holdout`` months with the actual values; with too short a history
    (fewer than ``holdout + 2`` months) no accuracy is given.

    >>> result = forecast_with_accuracy([10, 12, 11, 13, 12, 14], horizon=2, holdout=2)
    >>> sorted(result)
    ['baseline', 'baseline_mape', 'baseline_wape', 'method', 'model', 'model_mape', 'model_wape']
    >>> len(result["model"]), result["method"]
    (2, 'holt')
    """
    history = _clean(history)
    method, model = model_forecast(history, horizon, season)
    result = {
        "method": method,
        "model": model,
        "baseline": seasonal_naive(history, horizon, season),
        "model_wape": None,
        "model_mape": None,
        "baseline_wape": None,
        "baseline_mape": None,
    }
    if holdout and len(history) >= holdout + 2:
        train, actual = history[:-holdout], history[-holdout:]
        _method, model_test = model_forecast(train, holdout, season)
        baseline_test = seasonal_naive(train, holdout, season)
        result.update(
            model_wape=wape(actual, model_test),
            model_mape=mape(actual, model_test),
            baseline_wape=wape(actual, baseline_test),
            baseline_mape=mape(actual, baseline_test),
        )
    return result
