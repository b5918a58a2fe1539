# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelAttributionRpc(DmsChannelMixin, DmsRpcMixin, HttpCase):
    """Attribution promises attacked as a JSON-RPC client: the sell-out value, alerts, the flow report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.dist_a, cls.product_tea, 10.0)

    def test_sellout_value_and_alerts_over_rpc(self):
        Report, Line = "dms.channel.sellout.report", "dms.channel.sellout.report.line"
        report_id = self.rpc(
            self.portal_a_user,
            Report,
            "create",
            [
                {
                    "report_key": "RPC-1",
                    "line_ids": [Command.create({"product_id": self.product_tea.id, "qty": 2, "store_zip": "610001"})],
                }
            ],
        )[0]
        report = self.env[Report].browse(report_id)
        line = report.line_ids
        self.assertEqual(line.price_subtotal, 200.0)
        # the dealer cannot set the value it is rewarded on: write, web_save, at creation
        self.assertRpcRefused(self.portal_a_user, Line, "write", [line.id], {"price_subtotal": 1e6})
        self.assertRpcRefused(
            self.portal_a_user,
            Report,
            "web_save",
            [report_id],
            {"line_ids": [Command.update(line.id, {"price_unit": 9e3})]},
            specification={},
        )
        self.assertRpcRefused(
            self.portal_a_user,
            Report,
            "write",
            [report_id],
            {"line_ids": [Command.create({"product_id": self.product_tea.id, "qty": 1, "price_subtotal": 9e9})]},
        )
        self.rpc(self.portal_a_user, Report, "action_post", [report_id])
        self.assertEqual(report.state, "posted")
        self.assertEqual(line.price_subtotal, 200.0)
        alert = self.env["dms.order.alert"].search([("sellout_line_id", "=", line.id)])
        self.assertEqual(alert.matched_territory_id, self.terr_chengdu)
        # the dealer neither reads nor dismisses the alert raised on it, nor reads the flow report
        self.assertRpcRefused(self.portal_a_user, "dms.order.alert", "read", [alert.id], ["name"])
        self.assertRpcRefused(self.portal_a_user, "dms.order.alert", "action_dismiss", [alert.id])
        self.assertRpcRefused(self.portal_a_admin, "dms.channel.flow.report", "search_read", [], ["dealer_id"])
        self.assertEqual(alert.state, "new")
