# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-territory (窜货) alerts on channel orders and on sell-out reported from a store."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsChannelCommon


@tagged("post_install", "-at_install")
class TestChannelTerritory(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._give_stock(cls.dist_a, cls.product_tea, 100)
        cls.Alert = cls.env["dms.order.alert"]

    def _alerts(self, **domain):
        return self.Alert.search([("alert_type", "=", "cross_territory")] + [(k, "=", v) for k, v in domain.items()])

    def test_channel_order_outside_the_seller_territories(self):
        """dist_a (East) sells to sub_a whose delivery address lies in Chengdu (West): one alert."""
        self.sub_a.sudo().write({"country_id": self.country_cn.id, "zip": "610041"})
        order = self._order(self.portal_sub_a, [(self.product_tea, 2)])
        alert = self._alerts(channel_order_id=order.id)
        self.assertEqual(len(alert), 1)
        self.assertEqual(
            (alert.dealer_id, alert.matched_territory_id, alert.partner_shipping_id, alert.state),
            (self.dist_a, self.terr_chengdu, self.sub_a, "new"),
        )
        self.assertIn(self.terr_east, alert.authorized_territory_ids)
        self.assertIn("610041", alert.ship_address)
        # the seller's regional manager gets the to-do
        self.assertEqual(alert.activity_ids.user_id, self.user_region_east)
        self.assertEqual(order.dms_alert_ids, alert)
        # nothing is blocked: the seller still accepts and ships
        order.with_user(self.portal_a_user).action_accept()
        order.with_user(self.portal_a_user).action_ship()
        self.assertEqual(order.state, "shipped")
        # the buyer cannot see nor resolve the alert
        with self.assertRaises(AccessError):
            alert.with_user(self.portal_sub_a).read(["name"])
        with self.assertRaises(AccessError):
            alert.with_user(self.portal_a_user).action_authorize("mine")

    def test_channel_order_inside_no_alert_and_delivery_contact(self):
        self.sub_a.sudo().write({"country_id": self.country_cn.id, "zip": "200001"})
        order = self._order(self.portal_sub_a, [(self.product_tea, 1)])
        self.assertFalse(self._alerts(channel_order_id=order.id))
        # a delivery contact of the buyer in Chengdu is where the goods go
        self.env["res.partner"].sudo().create(
            {"name": "Sub A depot", "type": "delivery", "parent_id": self.sub_a.id, "zip": "610041"}
        )
        order = self._order(self.portal_sub_a, [(self.product_tea, 1)])
        self.assertEqual(self._alerts(channel_order_id=order.id).matched_territory_id, self.terr_chengdu)

    def test_checking_twice_alerts_once(self):
        self.sub_a.sudo().write({"zip": "610041"})
        order = self._order(self.portal_sub_a, [(self.product_tea, 1)])
        order._dms_check_cross_territory()
        self.assertEqual(len(self._alerts(channel_order_id=order.id)), 1)

    def test_sellout_line_from_a_store_outside(self):
        report, _created = (
            self.env["dms.channel.sellout.report"]
            .with_user(self.portal_a_user)
            ._receive_report(
                self.dist_a,
                "STORES-1",
                [
                    {
                        "product_id": self.product_tea.id,
                        "qty": 3,
                        "store_address": "Jinjiang Rd",
                        "store_zip": "610021",
                    },
                    {"product_id": self.product_tea.id, "qty": 4, "store_address": "Nanjing Rd", "store_zip": "200001"},
                    {"product_id": self.product_tea.id, "qty": 1},
                ],
            )
        )
        alert = self._alerts(sellout_report_id=report.id)
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.sellout_line_id, report.line_ids.filtered(lambda line: line.store_zip == "610021"))
        self.assertEqual(
            (alert.dealer_id, alert.matched_territory_id, alert.product_id),
            (self.dist_a, self.terr_chengdu, self.product_tea),
        )
        self.assertIn("Jinjiang Rd", alert.ship_address)
        # a re-sent report is the same report: no second alert
        self.env["dms.channel.sellout.report"].with_user(self.portal_a_user)._receive_report(
            self.dist_a, "STORES-1", [{"product_id": self.product_tea.id, "qty": 3, "store_zip": "610021"}]
        )
        self.assertEqual(len(self._alerts(dealer_id=self.dist_a.id)), 1)

    def test_dealer_cannot_forge_alerts(self):
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.portal_a_user).create(
                {"name": "x", "alert_type": "cross_territory", "dealer_id": self.dist_b.id}
            )
        order = self._order(self.portal_sub_a, [(self.product_tea, 1)], submit=False)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_sub_a).write(
                {
                    "dms_alert_ids": [
                        Command.create({"name": "x", "alert_type": "cross_territory", "dealer_id": self.dist_b.id})
                    ]
                }
            )
