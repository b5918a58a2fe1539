# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who sees and who changes forecasts, attacked over HTTP as each user would."""

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsAnalyticsMixin

MODEL = "dms.analytics.forecast"


@tagged("post_install", "-at_install")
class TestForecastSecurity(DmsAnalyticsMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_analytics()
        today = fields.Date.today()
        cls._history(cls.dist_a, cls.categ_tea, 24, today=today)
        cls._history(cls.dist_b, cls.categ_tea, 24, today=today)
        cls._history(cls.sub_a, cls.categ_tea, 24, today=today, base=60.0, amplitude=10.0)
        cls.env[MODEL]._dms_compute_forecasts(company=cls.env.company, today=today)
        Forecast = cls.env[MODEL]
        cls.fc_a = Forecast.search([("dealer_id", "=", cls.dist_a.id)], order="month")
        cls.fc_b = Forecast.search([("dealer_id", "=", cls.dist_b.id)], order="month")
        cls.fc_sub = Forecast.search([("dealer_id", "=", cls.sub_a.id)], order="month")

    def _visible(self, user):
        return set(self.env[MODEL].with_user(user).search([]).dealer_id.ids)

    def test_each_role_sees_its_part(self):
        self.assertEqual(self._visible(self.portal_a_user), {self.dist_a.id})
        self.assertEqual(self._visible(self.portal_sub_a), {self.sub_a.id}, "not the upstream's")
        self.assertEqual(self._visible(self.portal_b_admin), {self.dist_b.id})
        self.assertEqual(self._visible(self.user_region_east), {self.dist_a.id, self.sub_a.id})
        self.assertEqual(self._visible(self.user_rep_a), {self.dist_a.id, self.sub_a.id})
        self.assertEqual(self._visible(self.user_hq), {self.dist_a.id, self.dist_b.id, self.sub_a.id})
        self.assertEqual(self._visible(self.user_finance), {self.dist_a.id, self.dist_b.id, self.sub_a.id})

    def test_dealer_adjusts_only_its_own_future_months_over_rpc(self):
        own = self.fc_a[0]
        self.rpc(self.portal_a_user, MODEL, "action_dms_adjust", [own.id], 321, "new store")
        self.assertEqual((own.dealer_qty, own.dealer_adjusted, own.dealer_note), (321.0, True, "new store"))
        self.assertEqual(own.adjusted_by_id, self.portal_a_user)
        # another dealer's forecast, the downstream's, the upstream's
        self.assertRpcRefused(self.portal_b_admin, MODEL, "action_dms_adjust", [own.id], 1)
        self.assertRpcRefused(self.portal_a_user, MODEL, "action_dms_adjust", [self.fc_sub[0].id], 1)
        self.assertRpcRefused(self.portal_sub_a, MODEL, "action_dms_adjust", [own.id], 1)
        # back office cannot type a dealer's figure for it
        self.assertRpcRefused(self.user_hq, MODEL, "action_dms_adjust", [own.id], 1)
        # bad numbers
        self.assertRpcRefused(self.portal_a_user, MODEL, "action_dms_adjust", [own.id], -5, exception="ValidationError")
        self.assertRpcRefused(
            self.portal_a_user, MODEL, "action_dms_adjust", [own.id], "NaN", exception="ValidationError"
        )
        self.assertEqual(own.dealer_qty, 321.0)

    def test_nobody_writes_forecasts_directly(self):
        own = self.fc_a[0]
        for user in (self.portal_a_user, self.user_hq, self.user_region_east):
            self.assertRpcRefused(user, MODEL, "write", [own.id], {"forecast_qty": 1, "dealer_qty": 1})
            self.assertRpcRefused(user, MODEL, "web_save", [own.id], {"dealer_qty": 1}, specification={})
            self.assertRpcRefused(user, MODEL, "unlink", [own.id])
            self.assertRpcRefused(user, MODEL, "copy", [own.id])
        self.assertRpcRefused(
            self.portal_a_user,
            MODEL,
            "create",
            [{"dealer_id": self.dist_a.id, "categ_id": self.categ_water.id, "month": "2030-01-01", "forecast_qty": 9}],
        )
        self.assertEqual((own.dealer_adjusted, own.forecast_qty > 1), (False, True))

    def test_compute_now_is_for_hq(self):
        self.assertRpcRefused(self.user_region_east, MODEL, "action_dms_compute_now")
        self.assertRpcRefused(self.portal_a_admin, MODEL, "action_dms_compute_now")
        result = self.rpc(self.user_hq, MODEL, "action_dms_compute_now")
        self.assertEqual(result["tag"], "display_notification")

    def test_history_import_is_hq(self):
        vals = {"dealer_id": self.dist_a.id, "categ_id": self.categ_water.id, "month": "2026-01-01", "qty": 5}
        self.assertRpcRefused(self.user_region_east, "dms.analytics.demand", "create", [vals])
        self.assertRpcRefused(self.portal_a_admin, "dms.analytics.demand", "search_read", [])
        self.rpc(self.user_hq, "dms.analytics.demand", "create", [vals])

    def _post(self, url, **data):
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def test_portal_pages(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        page = self.url_open("/my/dms/forecast")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.text.count("o_dms_forecast_card"), len(self.fc_a))
        # adjusting another dealer's forecast: not found, nothing written
        other = self.fc_b[0]
        response = self._post(f"/my/dms/forecast/{other.id}/adjust", qty="7")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(other.dealer_adjusted)
        # a bad figure: the page says why, nothing written
        own = self.fc_a[0]
        response = self._post(f"/my/dms/forecast/{own.id}/adjust", qty="-1")
        self.assertIn("o_dms_forecast_error", response.text)
        self.assertFalse(own.dealer_adjusted)
        response = self.url_open(
            f"/my/dms/forecast/{own.id}/adjust",
            data={"qty": "88", "note": "promo", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("o_dms_forecast_saved", response.text)
        self.assertEqual(own.dealer_qty, 88.0)
        analytics = self.url_open("/my/dms/analytics")
        self.assertEqual(analytics.status_code, 200)
        self.assertEqual(analytics.text.count("o_dms_flow_row"), 12)
        # back-office users and logged-out visitors have no dealer pages
        self.authenticate(self.user_hq.login, self.user_hq.login)
        self.assertEqual(self.url_open("/my/dms/forecast").status_code, 403)
        self.authenticate(None, None)
        response = self.url_open("/my/dms/analytics", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
