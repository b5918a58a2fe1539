# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestCrossTerritory(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.ship_chengdu = Partner.create(
            {
                "name": "Chengdu warehouse of A",
                "parent_id": cls.dist_a.id,
                "type": "delivery",
                "country_id": cls.country_cn.id,
                "zip": "610050",
            }
        )
        cls.ship_shanghai = Partner.create(
            {
                "name": "Shanghai warehouse of A",
                "parent_id": cls.dist_a.id,
                "type": "delivery",
                "country_id": cls.country_cn.id,
                "zip": "200500",
            }
        )

    def _alerts(self, order, user=None):
        Alert = self.env["dms.order.alert"].with_user(user) if user else self.env["dms.order.alert"]
        return Alert.search([("order_id", "=", order.id)])

    def test_inside_territory_no_alert(self):
        order = self._create_order(self.dist_a, 100.0, partner_shipping_id=self.ship_shanghai.id)
        order.action_confirm()
        self.assertEqual(order.dms_state, "confirmed")
        self.assertFalse(self._alerts(order))

    def test_warn_mode_confirms_and_raises_alert_with_evidence(self):
        order = self._create_order(self.dist_a, 100.0, partner_shipping_id=self.ship_chengdu.id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        alert = self._alerts(order)
        self.assertEqual(len(alert), 1)
        self.assertRecordValues(
            alert,
            [
                {
                    "alert_type": "cross_territory",
                    "state": "new",
                    "dealer_id": self.dist_a.id,
                    "dealer_territory_id": self.terr_east.id,
                    "partner_shipping_id": self.ship_chengdu.id,
                    "matched_territory_id": self.terr_chengdu.id,
                }
            ],
        )
        self.assertEqual(alert.authorized_territory_ids, self.terr_east)
        self.assertIn("610050", alert.ship_address)
        self.assertIn(self.terr_chengdu.complete_name, alert.evidence)
        self.assertIn(self.dist_a.name, alert.evidence)
        # the regional manager of the dealer gets an activity
        self.assertEqual(alert.activity_ids.user_id, self.user_region_east)
        self.assertEqual(order.dms_alert_count, 1)

    def test_block_mode_until_authorised(self):
        self.company.dms_cross_territory_mode = "block"
        order = self._create_order(self.dist_a, 100.0, partner_shipping_id=self.ship_chengdu.id)
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        alert = self._alerts(order)
        self.assertEqual(alert.state, "new")
        # confirming again does not duplicate the alert and still blocks
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(self._alerts(order)), 1)
        # the other region does not see it, reps have no access, nobody else resolves it
        self.assertFalse(self._alerts(order, self.user_region_west))
        with self.assertRaises(AccessError):
            self._alerts(order, self.user_rep_a)
        with self.assertRaises(AccessError):
            alert.with_user(self.user_region_west).action_authorize("no")
        self.assertEqual(alert.state, "new")
        alert.with_user(self.user_region_east).action_authorize("Approved campaign in Chengdu")
        self.assertEqual(alert.state, "authorized")
        self.assertEqual(alert.resolved_uid, self.user_region_east)
        with self.assertRaisesRegex(UserError, "already resolved"):
            alert.with_user(self.user_region_east).action_confirm_violation()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_authorised_subtree_covers_address(self):
        self.dist_a.authorized_territory_ids = [Command.link(self.terr_west.id)]
        order = self._create_order(self.dist_a, 100.0, partner_shipping_id=self.ship_chengdu.id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._alerts(order))


@tagged("post_install", "-at_install")
class TestRunRate(DmsOrderCommon):
    def _monthly_orders(self, dealer, quantities, year=2026):
        """One confirmed order per month from January, ``quantities`` in order."""
        orders = self.env["sale.order"]
        for month, qty in enumerate(quantities, start=1):
            if not qty:
                continue
            order = self._create_order(dealer, 10.0 * qty, qty=qty, user=self.user_rep_b)
            order.action_confirm()
            order.date_order = datetime(year, month, 10, 12, 0)
            orders |= order
        return orders

    def test_jump_and_drop_alerts(self):
        jumper = self._dms_create_dealer("Jumper", territory_id=self.terr_west.id, user_id=self.user_rep_b.id)
        dropper = self._dms_create_dealer("Dropper", territory_id=self.terr_west.id, user_id=self.user_rep_b.id)
        steady = self._dms_create_dealer("Steady", territory_id=self.terr_west.id, user_id=self.user_rep_b.id)
        self._monthly_orders(jumper, [0, 0, 10, 10, 10, 50])
        self._monthly_orders(dropper, [10, 10, 10, 3, 3, 3])
        self._monthly_orders(steady, [10, 10, 10, 10, 10, 12])
        Alert = self.env["dms.order.alert"]
        alerts = Alert._detect_run_rate_anomalies(self.company, today=date(2026, 7, 15))
        self.assertEqual(len(alerts), 2)
        jump = alerts.filtered(lambda a: a.dealer_id == jumper)
        drop = alerts.filtered(lambda a: a.dealer_id == dropper)
        self.assertEqual(jump.alert_type, "run_rate_jump")
        self.assertEqual(drop.alert_type, "run_rate_drop")
        self.assertEqual(jump.product_id, self.product_service)
        self.assertEqual(jump.period, "2026-06")
        self.assertIn("2026-06: 50", jump.evidence)
        self.assertEqual(jump.activity_ids.user_id, self.user_region_west)
        # running again raises nothing new
        self.assertFalse(Alert._detect_run_rate_anomalies(self.company, today=date(2026, 7, 20)))
        # a stricter factor is read from the settings
        self.company.dms_anomaly_jump_factor = 6.0
        self.assertEqual(jump.dealer_territory_id, self.terr_west)
        # only the West sees these alerts
        self.assertFalse(Alert.with_user(self.user_region_east).search([("id", "in", alerts.ids)]))
        self.assertEqual(Alert.with_user(self.user_region_west).search([("id", "in", alerts.ids)]), alerts)
        self.assertEqual(Alert.with_user(self.user_finance).search([("id", "in", alerts.ids)]), alerts)

    def test_cron_and_thresholds(self):
        dealer = self._dms_create_dealer("Cron dealer", territory_id=self.terr_west.id, user_id=self.user_rep_b.id)
        self._monthly_orders(dealer, [0, 0, 10, 10, 10, 50])
        self.company.dms_anomaly_jump_factor = 6.0
        Alert = self.env["dms.order.alert"]
        self.assertFalse(Alert._detect_run_rate_anomalies(self.company, today=date(2026, 7, 15)))
        self.company.dms_anomaly_jump_factor = 4.0
        self.assertEqual(len(Alert._detect_run_rate_anomalies(self.company, today=date(2026, 7, 15))), 1)
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.dms_anomaly_drop_ratio = 1.5
        self.assertTrue(Alert._cron_detect_run_rate_anomalies())
