# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import date_utils

from odoo.addons.portal.controllers.portal import CustomerPortal

#: months shown on the dealer's analytics page
CHART_MONTHS = 12


class DmsAnalyticsPortal(CustomerPortal):
    """Dealer analytics in the portal: its channel flow and its downstream ranking, and the joint
    forecast (the dealer adjusts its own figures)."""

    def _dms_analytics_dealer(self):
        user = request.env.user
        if user._is_public() or not user.share:
            raise Forbidden()
        dealer = user.partner_id.commercial_partner_id
        if not dealer.is_dealer or not dealer.dealer_path:
            raise Forbidden()
        return dealer

    def _dms_network_domain(self, dealer):
        """The dealer itself and every dealer below it (its ``dealer_path`` subtree)."""
        return [("dealer_id.dealer_path", "=like", dealer.dealer_path + "%")]

    @http.route("/my/dms/analytics", type="http", website=True, auth="user", readonly=True)
    def dms_analytics(self, **kw):
        dealer = self._dms_analytics_dealer()
        env = request.env
        first = date_utils.start_of(fields.Date.context_today(env.user), "month")
        date_from = first - relativedelta(months=CHART_MONTHS - 1)
        months = [date_from + relativedelta(months=i) for i in range(CHART_MONTHS)]
        # sudo: portal users have no access to the back-office flow report; the domain limits it to
        # the dealer's own subtree (itself and its downstream), the scope the dealer sees in the portal
        rows = (
            env["dms.channel.flow.report"]
            .sudo()
            ._read_group(
                self._dms_network_domain(dealer) + [("date", ">=", date_from)],
                ["date:month", "dealer_id"],
                ["sell_in_value:sum", "sell_through_value:sum", "sell_out_value:sum"],
            )
        )
        by_month = {m: {"own_in": 0.0, "down_in": 0.0, "through": 0.0, "out": 0.0} for m in months}
        for month, row_dealer, sell_in, sell_through, sell_out in rows:
            bucket = by_month.get(date_utils.start_of(month, "month"))
            if bucket is None:
                continue
            if row_dealer == dealer:
                bucket["own_in"] += sell_in
                bucket["through"] += sell_through
                bucket["out"] += sell_out
            else:
                bucket["down_in"] += sell_in
        peak = max([max(b.values()) for b in by_month.values()] + [1.0])
        # sudo: same subtree domain; targets of the dealer's downstream are shown as a ranking
        ranking = (
            env["dms.analytics.target.report"]
            .sudo()
            .search(
                self._dms_network_domain(dealer) + [("date_from", "<=", first), ("date_to", ">=", first)],
                order="attainment desc, dealer_id",
                limit=50,
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dms_analytics",
                "dms_dealer": dealer,
                "months": months,
                "by_month": by_month,
                "peak": peak,
                "ranking": ranking,
                "currency": env.company.currency_id,
            }
        )
        return request.render("dms_analytics.portal_dms_analytics", values)

    def _dms_forecast_render(self, dealer, saved=False, error=None):
        first = date_utils.start_of(fields.Date.context_today(request.env.user), "month")
        # searched as the portal user: the record rule keeps it to its own dealer
        forecasts = request.env["dms.analytics.forecast"].search(
            [("dealer_id", "=", dealer.id), ("month", ">=", first)], order="month, categ_id"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "dms_forecast", "dms_dealer": dealer, "forecasts": forecasts, "saved": saved, "error": error}
        )
        return request.render("dms_analytics.portal_dms_forecast", values)

    @http.route("/my/dms/forecast", type="http", website=True, auth="user", readonly=True)
    def dms_forecast(self, message=None, **kw):
        return self._dms_forecast_render(self._dms_analytics_dealer(), saved=message == "saved")

    @http.route("/my/dms/forecast/<int:forecast_id>/adjust", type="http", website=True, auth="user", methods=["POST"])
    def dms_forecast_adjust(self, forecast_id, qty=None, note=None, **kw):
        dealer = self._dms_analytics_dealer()
        forecast = request.env["dms.analytics.forecast"].browse(forecast_id).exists()
        if not forecast:
            raise NotFound()
        try:
            forecast.action_dms_adjust(qty, note)
        except AccessError:
            raise NotFound() from None
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return self._dms_forecast_render(dealer, error=error.args[0])
        return request.redirect("/my/dms/forecast?message=saved")
