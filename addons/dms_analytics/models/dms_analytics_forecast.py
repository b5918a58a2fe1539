# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import date_utils

from ..tools import forecast as forecast_tools

FORECAST_METHODS = [
    (forecast_tools.METHOD_HOLT_WINTERS, "Holt-Winters (trend and season)"),
    (forecast_tools.METHOD_HOLT, "Holt (trend)"),
    (forecast_tools.METHOD_MEAN, "Mean (short history)"),
]

#: dealers forecast per call of the scheduled action (it is triggered again while some remain)
BATCH_SIZE = 200


class DmsAnalyticsForecast(models.Model):
    """Monthly quantity a dealer is expected to buy, per product category (joint forecast).

    The statistical forecast (``forecast_qty``) and the seasonal naive baseline
    (``baseline_qty``) come from the dealer's sell-in history (quantities invoiced by the brand,
    net of refunds: dms_channel's channel flow); their accuracy on the held-out last months is
    measured and stored beside them. The dealer adjusts its own figure in the portal
    (``dealer_qty``, the joint forecast); HQ sees both and the gap.

    Rows are written only by the computation (a scheduled action, or *Compute now* for HQ) and by
    :meth:`action_dms_adjust` for the dealer: nobody gets write access to the model itself.
    """

    _name = "dms.analytics.forecast"
    _description = "Dealer Demand Forecast"
    _order = "month, dealer_id, categ_id"
    _rec_name = "dealer_id"

    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True, index=True)
    dealer_id = fields.Many2one("res.partner", string="Dealer", required=True, readonly=True, index=True)
    territory_id = fields.Many2one(
        "dms.territory", string="Territory", related="dealer_id.territory_id", store=True, index=True
    )
    dealer_level_id = fields.Many2one(related="dealer_id.dealer_level_id", string="Dealer Level", store=True)
    categ_id = fields.Many2one("product.category", string="Product Category", required=True, readonly=True)
    categ_name = fields.Char(
        related="categ_id.complete_name",
        string="Category Name",
        store=True,
        help="Stored for the portal, whose users cannot read product categories.",
    )
    month = fields.Date(string="Month", required=True, readonly=True, index=True)
    method = fields.Selection(FORECAST_METHODS, string="Model", readonly=True)
    history_months = fields.Integer(string="Months of History", readonly=True)
    forecast_qty = fields.Float(string="Forecast", digits="Product Unit of Measure", readonly=True)
    baseline_qty = fields.Float(
        string="Seasonal Naive",
        digits="Product Unit of Measure",
        readonly=True,
        help="The same month one year earlier: the baseline the model must beat.",
    )
    model_wape = fields.Float(
        string="Model WAPE",
        digits=(16, 4),
        readonly=True,
        help="Weighted absolute percentage error of the model on the last months of history, held out "
        "from its fit (0.1 = 10 % of the quantity sold). Empty when the history is too short.",
    )
    baseline_wape = fields.Float(string="Baseline WAPE", digits=(16, 4), readonly=True)
    model_mape = fields.Float(string="Model MAPE", digits=(16, 4), readonly=True)
    baseline_mape = fields.Float(string="Baseline MAPE", digits=(16, 4), readonly=True)
    accuracy_known = fields.Boolean(string="Accuracy Measured", readonly=True)
    beats_baseline = fields.Boolean(
        string="Beats Baseline",
        compute="_compute_beats_baseline",
        store=True,
        help="The model's WAPE on the held-out months is lower than the seasonal naive baseline's.",
    )
    dealer_qty = fields.Float(string="Dealer Forecast", digits="Product Unit of Measure", readonly=True)
    dealer_adjusted = fields.Boolean(string="Adjusted by Dealer", readonly=True)
    dealer_note = fields.Char(string="Dealer Note", readonly=True)
    adjusted_by_id = fields.Many2one("res.users", string="Adjusted By", readonly=True)
    adjusted_on = fields.Datetime(string="Adjusted On", readonly=True)
    final_qty = fields.Float(
        string="Joint Forecast",
        digits="Product Unit of Measure",
        compute="_compute_final",
        store=True,
        help="The dealer's figure when it adjusted the forecast, the statistical forecast otherwise.",
    )
    gap_qty = fields.Float(
        string="Gap",
        digits="Product Unit of Measure",
        compute="_compute_final",
        store=True,
        help="Dealer forecast minus statistical forecast (0 when the dealer did not adjust).",
    )
    computed_on = fields.Date(string="Computed On", readonly=True, index=True)
    history_key = fields.Char(
        string="History Fingerprint",
        readonly=True,
        help="Fingerprint of the history the forecast was fitted on: a run that finds the same "
        "history keeps the forecast instead of fitting it again.",
    )

    _sql_constraints = [
        (
            "dealer_categ_month_unique",
            "UNIQUE(company_id, dealer_id, categ_id, month)",
            "A dealer has one forecast per category and month.",
        ),
    ]

    @api.depends("model_wape", "baseline_wape", "accuracy_known")
    def _compute_beats_baseline(self):
        for forecast in self:
            forecast.beats_baseline = forecast.accuracy_known and forecast.model_wape < forecast.baseline_wape

    @api.depends("forecast_qty", "dealer_qty", "dealer_adjusted")
    def _compute_final(self):
        for forecast in self:
            if forecast.dealer_adjusted:
                forecast.final_qty = forecast.dealer_qty
                forecast.gap_qty = forecast.dealer_qty - forecast.forecast_qty
            else:
                forecast.final_qty = forecast.forecast_qty
                forecast.gap_qty = 0.0

    # ------------------------------------------------------------------
    # Parameters (override points)
    # ------------------------------------------------------------------
    @api.model
    def _dms_forecast_params(self):
        """``history`` months read, ``horizon`` months forecast, ``holdout`` months for accuracy."""
        return {"history": 36, "horizon": 3, "holdout": 3, "season": forecast_tools.SEASON}

    @api.model
    def _dms_forecast_history(self, dealers, date_from, date_to, company):
        """``{(dealer id, category id): {month (date): qty}}`` of sell-in, net of refunds.

        The DMS's own sell-in (channel flow of dms_channel: invoiced quantities, net of credit
        notes) and, for months without it, the imported history (``dms.analytics.demand``).
        Two grouped queries for the whole batch of dealers.
        """
        domain = [
            ("dealer_id", "in", dealers.ids),
            ("company_id", "=", company.id),
        ]
        # sudo: the computation covers every dealer of the batch, whoever triggers it
        flow = (
            self.env["dms.channel.flow.report"]
            .sudo()
            ._read_group(
                domain + [("date", ">=", date_from), ("date", "<=", date_to)],
                ["dealer_id", "categ_id", "date:month"],
                ["sell_in_qty:sum"],
            )
        )
        imported = (
            self.env["dms.analytics.demand"]
            .sudo()
            ._read_group(
                domain + [("month", ">=", date_from), ("month", "<=", date_to)],
                ["dealer_id", "categ_id", "month:month"],
                ["qty:sum"],
            )
        )
        history = defaultdict(dict)
        for dealer, categ, month, qty in imported:
            history[(dealer.id, categ.id)][date_utils.start_of(month, "month")] = qty or 0.0
        for dealer, categ, month, qty in flow:
            if categ:
                history[(dealer.id, categ.id)][date_utils.start_of(month, "month")] = qty or 0.0
        return history

    @api.model
    def _dms_forecast_dealers(self, company):
        """Dealers of ``company`` with sell-in or imported history, by id (the batching order)."""
        self.env["dms.channel.flow.report"]._flush_sources()
        self.env["dms.analytics.demand"].flush_model()
        self.env.cr.execute(
            """
            SELECT aml.partner_id
              FROM account_move_line aml
              JOIN res_partner dealer ON dealer.id = aml.partner_id
             WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
               AND aml.company_id = %s AND dealer.is_dealer
             UNION
            SELECT dealer_id FROM dms_analytics_demand WHERE company_id = %s
          ORDER BY 1
            """,
            [company.id, company.id],
        )
        return self.env["res.partner"].browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    def _dms_compute_batch(self, dealers, company, today):
        """Forecast every category of ``dealers`` from the month after ``today``'s month.

        Idempotent: rows are updated in place (one per dealer × category × month); a dealer's
        adjustment is kept when the statistical forecast is recomputed. A series whose history is
        the one its forecasts were fitted on (same fingerprint) is not fitted again: within a
        month, a nightly run only refits the series that late invoices or imports changed.
        """
        params = self._dms_forecast_params()
        first_month = date_utils.start_of(today, "month")
        date_from = first_month - relativedelta(months=params["history"])
        date_to = first_month - relativedelta(days=1)
        history = self._dms_forecast_history(dealers, date_from, date_to, company)
        months = [date_from + relativedelta(months=i) for i in range(params["history"])]
        targets = [first_month + relativedelta(months=i) for i in range(params["horizon"])]
        existing = {
            (f.dealer_id.id, f.categ_id.id, f.month): f
            for f in self.sudo().search(
                [("company_id", "=", company.id), ("dealer_id", "in", dealers.ids), ("month", "in", targets)]
            )
        }
        to_create = []
        for (dealer_id, categ_id), by_month in history.items():
            # the series starts at the dealer's first month with sales in the window
            series = [by_month.get(month, 0.0) for month in months]
            while series and not series[0]:
                series.pop(0)
            if not series:
                continue
            key = forecast_tools.history_fingerprint(series, months[-1])
            current = [existing.get((dealer_id, categ_id, month)) for month in targets]
            if all(record and record.history_key == key for record in current):
                continue
            result = forecast_tools.forecast_with_accuracy(
                series, params["horizon"], holdout=params["holdout"], season=params["season"]
            )
            known = result["model_wape"] is not None and result["baseline_wape"] is not None
            for i, month in enumerate(targets):
                vals = {
                    "method": result["method"],
                    "history_months": len(series),
                    "forecast_qty": result["model"][i],
                    "baseline_qty": result["baseline"][i],
                    "model_wape": result["model_wape"] or 0.0,
                    "baseline_wape": result["baseline_wape"] or 0.0,
                    "model_mape": result["model_mape"] or 0.0,
                    "baseline_mape": result["baseline_mape"] or 0.0,
                    "accuracy_known": known,
                    "computed_on": today,
                    "history_key": key,
                }
                record = existing.get((dealer_id, categ_id, month))
                if record:
                    record.sudo().write(vals)
                else:
                    to_create.append(
                        dict(vals, company_id=company.id, dealer_id=dealer_id, categ_id=categ_id, month=month)
                    )
        if to_create:
            self.sudo().create(to_create)  # the computation owns these rows (no user may create them)

    @api.model
    def _dms_compute_forecasts(self, company=None, today=None, limit=None):
        """Compute the forecasts of the dealers not done ``today``; return how many remain.

        Resumable and idempotent: the day's run (``dms.analytics.forecast.run``) keeps the last
        dealer done, so an interrupted run picks up after it and a rerun the same day does nothing.
        """
        company = company or self.env.company
        today = today or fields.Date.context_today(self)
        run = self.env["dms.analytics.forecast.run"]._dms_get_run(company, today)
        dealers = self._dms_forecast_dealers(company).filtered(lambda d: d.id > run.last_dealer_id)
        batch = dealers[: limit or len(dealers)]
        for start in range(0, len(batch), BATCH_SIZE):
            chunk = batch[start : start + BATCH_SIZE]
            self._dms_compute_batch(chunk, company, today)
            run._dms_advance(chunk[-1].id, len(chunk))
        return len(dealers) - len(batch)

    @api.model
    def _cron_compute_forecasts(self):
        """Scheduled action: one batch per company and call, re-triggered while dealers remain."""
        remaining = 0
        for company in self.env["res.company"].search([]):
            remaining += self.with_company(company)._dms_compute_forecasts(company=company, limit=BATCH_SIZE)
        self.env["ir.cron"]._notify_progress(done=0, remaining=remaining)

    def _dms_check_hq(self):
        if not (self.env.su or self.env.user.has_group("dms_dealer.group_dms_hq_manager")):
            raise AccessError(self.env._("Only HQ managers can recompute the forecasts."))

    @api.model
    def action_dms_compute_now(self):
        """*Compute now* (HQ): the whole company, in this request (for a few hundred dealers)."""
        self._dms_check_hq()
        self._dms_compute_forecasts(company=self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Forecasts computed"),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Joint forecast: the dealer's adjustment
    # ------------------------------------------------------------------
    def _dms_check_can_adjust(self):
        """The caller is a user of this forecast's dealer and the month has not started."""
        user = self.env.user
        first_month = date_utils.start_of(fields.Date.context_today(self), "month")
        for forecast in self:
            if forecast.dealer_id != user.commercial_partner_id:
                raise AccessError(self.env._("Only the dealer's own users can adjust its forecast."))
            if forecast.month < first_month:
                raise UserError(self.env._("The forecast of a past month cannot be adjusted."))

    def action_dms_adjust(self, qty, note=None):
        """The dealer's own figure for this month and category (joint forecast)."""
        self.ensure_one()
        try:
            qty = float(qty)
        except (TypeError, ValueError):
            raise ValidationError(self.env._("The forecast must be a number.")) from None
        if not math.isfinite(qty) or qty < 0 or qty > 1e9:
            raise ValidationError(self.env._("The forecast must be a quantity of 0 or more."))
        # checked by a search as the caller (record rules) and by ownership, before any write
        self.check_access("read")
        self._dms_check_can_adjust()
        self.sudo().write(  # dealers have no write access to the model: only these fields, checked above
            {
                "dealer_qty": qty,
                "dealer_adjusted": True,
                "dealer_note": (note or "").strip()[:200] or False,
                "adjusted_by_id": self.env.user.id,
                "adjusted_on": fields.Datetime.now(),
            }
        )
        return True
