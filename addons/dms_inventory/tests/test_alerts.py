# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryAlerts(DmsInventoryCommon):
    def test_short_edge(self):
        """8 weeks sold 80 (10 a week): cover 2.0 weeks is not short, 1.9 is."""
        self._give_stock(self.sub_a, self.product_tea, 100)
        self._sell(self.sub_a, self.product_tea, 80)  # on hand 20 = 2 weeks
        self._scan()
        self.assertFalse(self._alerts(self.sub_a, "short"))
        self._sell(self.sub_a, self.product_tea, 1)  # 19 on hand, 81 sold: 1.88 weeks
        self._scan()
        alert = self._alerts(self.sub_a, "short")
        self.assertEqual(len(alert), 1)
        self.assertAlmostEqual(alert.cover_weeks, 19 / (81 / 8), places=1)

    def test_overstock_edge_and_category_threshold(self):
        self._give_stock(self.sub_a, self.product_water, 128)
        self._sell(self.sub_a, self.product_water, 8)  # 120 on hand, 1 a week: 120 weeks
        self._scan()
        self.assertTrue(self._alerts(self.sub_a, "overstock"))
        # a category threshold for the level allows 200 weeks: the alert closes
        self.env["dms.inventory.threshold"].sudo().create(
            {
                "level_id": self.sub_a.dealer_level_id.id,
                "categ_id": self.product_water.categ_id.id,
                "safety_weeks": 1,
                "target_weeks": 2,
                "overstock_weeks": 120,
                "slow_days": 90,
                "expiry_days": 10,
            }
        )
        self._scan()
        self.assertFalse(self._alerts(self.sub_a, "overstock"), "120 weeks is not above 120")

    def test_slow_moving_edge(self):
        self._give_stock(self.sub_a, self.product_tea, 50)
        self._sell(self.sub_a, self.product_tea, 1, days_ago=90)
        self._scan()
        self.assertFalse(self._alerts(self.sub_a, "slow"), "90 days is not more than 90")
        self._give_stock(self.retail_a, self.product_tea, 50)
        self._sell(self.retail_a, self.product_tea, 1, days_ago=91)
        self._scan()
        self.assertTrue(self._alerts(self.retail_a, "slow"))

    def test_near_expiry_per_lot(self):
        self._give_stock(self.sub_a, self.product_tea, 10, "L-NEAR", self.today + timedelta(days=30))
        self._give_stock(self.sub_a, self.product_tea, 10, "L-FAR", self.today + timedelta(days=31))
        self._scan()
        alerts = self._alerts(self.sub_a, "expiry")
        self.assertEqual(alerts.mapped("lot_name"), ["L-NEAR"])

    def test_idempotent_one_activity_for_region_manager(self):
        self._give_stock(self.sub_a, self.product_tea, 19)
        self._sell(self.sub_a, self.product_tea, 81, kind="sell_through_out")
        raised, _closed = self._scan()
        self.assertEqual(len(raised), 1)
        activity = raised.activity_ids
        self.assertEqual(activity.user_id, self.user_region_east, "the manager of the dealer's territory chain")
        raised2, _closed = self._scan()
        self.assertFalse(raised2, "a rerun raises nothing new")
        self.assertEqual(len(self._alerts(self.sub_a, "short").activity_ids), 1)
        # stock comes back: the alert closes and its activity goes
        self._give_stock(self.sub_a, self.product_tea, 100)
        _raised, closed = self._scan()
        self.assertEqual(closed, raised)
        self.assertFalse(self._alerts(self.sub_a, "short"))

    def test_clients_cannot_make_or_change_alerts(self):
        self._give_stock(self.sub_a, self.product_tea, 19)
        self._sell(self.sub_a, self.product_tea, 81)
        raised, _closed = self._scan()
        with self.assertRaises(AccessError):
            raised.with_user(self.user_hq).write({"kind": "overstock"})
        with self.assertRaises(AccessError):
            self.env["dms.inventory.alert"].with_user(self.user_hq).create(
                {"dealer_id": self.sub_a.id, "product_id": self.product_tea.id, "kind": "short", "company_id": 1}
            )
        with self.assertRaises(AccessError):
            raised.with_user(self.portal_sub_a).unlink()

    def test_threshold_values_checked(self):
        with self.assertRaises(ValidationError):
            self.threshold.write({"safety_weeks": 5, "target_weeks": 4})
        with self.assertRaises(ValidationError):
            self.threshold.write({"slow_days": -1})

    def test_visibility(self):
        self._give_stock(self.sub_a, self.product_tea, 19)
        self._sell(self.sub_a, self.product_tea, 81)
        self._give_stock(self.sub_b, self.product_tea, 19)
        self._sell(self.sub_b, self.product_tea, 81)
        self._scan(self.sub_a | self.sub_b)
        Alert = self.env["dms.inventory.alert"]
        self.assertEqual(Alert.with_user(self.user_region_east).search([]).dealer_id, self.sub_a)
        self.assertEqual(Alert.with_user(self.user_region_west).search([]).dealer_id, self.sub_b)
        self.assertEqual(Alert.with_user(self.user_hq).search([]).dealer_id, self.sub_a | self.sub_b)
        self.assertEqual(Alert.with_user(self.portal_a_admin).search([]).dealer_id, self.sub_a, "downstream")
        self.assertFalse(Alert.with_user(self.portal_a_user).search([]), "a plain user: own company only")
        self.assertFalse(Alert.with_user(self.portal_b_admin).search([("dealer_id", "=", self.sub_a.id)]))

    def test_cover_reads_are_batched(self):
        """The cover of a batch of dealers is a fixed number of queries, whatever the dealers and products."""
        Metrics = self.env["dms.inventory.metrics"]
        self._give_stock(self.sub_a, self.product_tea, 10)
        self.env.flush_all()
        with self.assertQueryCount(3):
            Metrics._cover_data([self.sub_a.id], self.company, self.today, 8, 90)
        for dealer in (self.dist_a, self.retail_a, self.sub_b):
            for product in (self.product_tea, self.product_water):
                self._give_stock(dealer, product, 5)
                self._sell(dealer, product, 1)
        self.env.flush_all()
        with self.assertQueryCount(3):
            data = Metrics._cover_data(
                (self.sub_a | self.dist_a | self.retail_a | self.sub_b).ids, self.company, self.today, 8, 90
            )
        self.assertEqual(len(data), 7)

    def test_rerun_refreshes_open_alerts_in_constant_queries(self):
        """A rerun refreshes the figures of the open alerts, raises and closes nothing, in a fixed number
        of queries whatever the number of open alerts (set-based refresh)."""
        self._give_stock(self.sub_a, self.product_tea, 100)
        self._sell(self.sub_a, self.product_tea, 81)  # 19 on hand: 1.9 weeks, short
        raised, _closed = self._scan(self.sub_a)
        self._sell(self.sub_a, self.product_tea, 4)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            raised2, closed = self._scan(self.sub_a)
        self.assertFalse(raised2 or closed)
        self.assertEqual(raised.qty_on_hand, 15.0, "the open alert shows today's stock")
        self.assertAlmostEqual(raised.cover_weeks, 15 / (85 / 8), places=1)
        self.assertEqual(raised.date_last, self.today)
        self.assertEqual(len(raised.activity_ids), 1, "no second activity")
        # more dealers, products and open alerts: the same number of queries
        for dealer in (self.dist_a, self.retail_a, self.sub_b):
            for product in (self.product_tea, self.product_water):
                self._give_stock(dealer, product, 100)
                self._sell(dealer, product, 81)
        dealers = self.sub_a | self.dist_a | self.retail_a | self.sub_b
        raised, _closed = self._scan(dealers)
        self.assertEqual(len(raised), 6)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            raised2, closed = self._scan(dealers)
        self.assertFalse(raised2 or closed)
        self.assertEqual(len(self.env["dms.inventory.alert"].sudo().search([("dealer_id", "in", dealers.ids)])), 7)

    def test_dealer_notified_once_per_scan_of_its_new_alerts(self):
        for product in (self.product_tea, self.product_water):
            self._give_stock(self.sub_a, product, 100)
            self._sell(self.sub_a, product, 81)
        Message = self.env["mail.message"].sudo()
        domain = [("partner_ids", "in", self.portal_sub_a.partner_id.id), ("model", "=", "res.partner")]
        self.assertFalse(Message.search(domain))
        raised, _closed = self._scan(self.sub_a)
        self.assertEqual(len(raised), 2)
        message = Message.search(domain)
        self.assertEqual(len(message), 1, "one message listing both alerts")
        self.assertEqual(message.res_id, self.sub_a.id)
        self.assertIn(self.product_water.name, message.body)
        self.assertIn("/my/inventory", message.body)
        self.assertFalse(Message.search(domain + [("partner_ids", "in", self.portal_b_admin.partner_id.id)]))
        self._scan(self.sub_a)
        self.assertEqual(Message.search(domain), message, "a rerun raises nothing: no new message")
        # the company turns the notice off
        self.company.dms_inventory_alert_mail = False
        self._give_stock(self.sub_a, self.product_tea, 1000)  # the short alert closes, an overstock opens
        raised, _closed = self._scan(self.sub_a)
        self.assertTrue(raised)
        self.assertEqual(Message.search(domain), message)
