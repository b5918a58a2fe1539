# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelRpc(DmsChannelMixin, DmsRpcMixin, HttpCase):
    """The channel order's promises, attacked as a JSON-RPC client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)

    def test_rpc_flow_and_attacks(self):
        Order = "dms.channel.order"
        order_id = self.rpc(
            self.portal_retail_a,
            Order,
            "create",
            [{"line_ids": [Command.create({"product_id": self.product_tea.id, "product_qty": 4.0})]}],
        )[0]
        order = self.env[Order].browse(order_id)
        line = order.line_ids
        self.assertEqual(order.seller_id, self.sub_a)
        # the buyer cannot price its own order
        self.assertRpcRefused(self.portal_retail_a, "dms.channel.order.line", "write", [line.id], {"price_unit": 1.0})
        self.rpc(self.portal_retail_a, Order, "action_submit", [order_id])
        # a buyer calling the seller's accept, a direct write of the state, a forged context, web_save
        self.assertRpcRefused(self.portal_retail_a, Order, "action_accept", [order_id])
        self.assertRpcRefused(self.portal_retail_a, Order, "write", [order_id], {"state": "accepted"})
        self.assertRpcRefused(
            self.portal_sub_a,
            Order,
            "write",
            [order_id],
            {"state": "accepted"},
            context={"dms_workflow": "dms_workflow_engine"},
        )
        self.assertRpcRefused(
            self.portal_sub_a, Order, "web_save", [order_id], {"state": "done"}, specification={"state": {}}
        )
        # the upstream's upstream and HQ only see
        self.assertTrue(self.rpc(self.portal_a_admin, Order, "read", [order_id], ["name"]))
        self.assertRpcRefused(self.portal_a_admin, Order, "action_accept", [order_id])
        self.assertRpcRefused(self.user_hq, Order, "action_accept", [order_id])
        self.assertRpcRefused(self.portal_b_admin, Order, "read", [order_id], ["name"])
        self.assertEqual(order.state, "submitted")
        self.rpc(self.portal_sub_a, Order, "action_accept", [order_id])
        self.assertRpcRefused(self.portal_retail_a, Order, "action_ship", [order_id])
        self.rpc(
            self.portal_sub_a,
            Order,
            "action_ship",
            [order_id],
            quantities={str(line.id): 4.0},
            carrier="ZTO",
            tracking_ref="ZT-1",
        )
        order.invalidate_recordset()
        self.assertEqual(order.state, "shipped")
        self.assertEqual(order.shipment_ids.tracking_ref, "ZT-1")
        # nobody writes the ledger or the stock from outside
        self.assertRpcRefused(
            self.portal_sub_a,
            "dms.channel.stock.move",
            "create",
            [{"dealer_id": self.sub_a.id, "product_id": self.product_tea.id, "qty": 100.0, "kind": "sell_in"}],
        )
        stock = self.env["dms.channel.stock"].search([("dealer_id", "=", self.sub_a.id)])
        self.assertRpcRefused(self.portal_sub_a, "dms.channel.stock", "write", stock.ids, {"qty_on_hand": 100.0})
        self.assertRpcRefused(
            self.portal_retail_a, Order, "action_resolve", [order_id], "x", exception=("AccessError", "UserError")
        )
        self.rpc(self.portal_retail_a, Order, "action_receive", [order_id])
        order.invalidate_recordset()
        self.assertEqual(order.state, "received")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 6.0)
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 4.0)
        self.assertLedgerConsistent()
