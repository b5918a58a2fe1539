# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Returns and shipment cancellation attacked as a JSON-RPC client."""

from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelReturnRpc(DmsChannelMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)

    def test_rpc_return_and_cancel_attacks(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 4.0)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        shipment = order.shipment_ids
        Order, Return, Shipment = "dms.channel.order", "dms.channel.return", "dms.channel.shipment"
        # the buyer cannot cancel the seller's shipment, nor write it
        self.assertRpcRefused(self.portal_retail_a, Shipment, "action_cancel", [shipment.id], reason="mine")
        self.assertRpcRefused(self.portal_sub_a, Shipment, "write", [shipment.id], {"state": "cancel"})
        self.assertRpcRefused(
            self.portal_sub_a,
            Shipment,
            "write",
            [shipment.id],
            {"state": "cancel"},
            context={"dms_workflow": "dms_workflow_engine"},
        )
        self.rpc(self.portal_retail_a, Order, "action_receive", [order.id])
        line_id = order.line_ids.id
        # the seller cannot request its buyer's return; beyond what was received is refused
        self.assertRpcRefused(
            self.portal_sub_a, Order, "action_request_return", [order.id], {str(line_id): 1}, "not mine"
        )
        self.assertRpcRefused(
            self.portal_retail_a,
            Order,
            "action_request_return",
            [order.id],
            {str(line_id): 5},
            "too many",
            exception="UserError",
        )
        ret_id = self.rpc(
            self.portal_retail_a, Order, "action_request_return", [order.id], {str(line_id): 2}, "Leaking caps"
        )
        # the buyer cannot accept, nor write the state, nor forge the engine's context, nor web_save
        self.assertRpcRefused(self.portal_retail_a, Return, "action_accept", [ret_id])
        self.assertRpcRefused(self.portal_retail_a, Return, "write", [ret_id], {"state": "accepted"})
        self.assertRpcRefused(
            self.portal_sub_a,
            Return,
            "write",
            [ret_id],
            {"state": "accepted"},
            context={"dms_workflow": "dms_workflow_engine"},
        )
        self.assertRpcRefused(
            self.portal_sub_a, Return, "web_save", [ret_id], {"state": "accepted"}, specification={"state": {}}
        )
        self.assertRpcRefused(self.portal_retail_a, Return, "create", [{"order_id": order.id, "reason": "forged"}])
        self.assertRpcRefused(self.portal_retail_a, Return, "copy", [ret_id])
        # another dealer sees nothing
        self.assertRpcRefused(self.portal_b_admin, Return, "read", [ret_id], ["name"])
        self.assertRpcRefused(self.portal_b_admin, Return, "action_accept", [ret_id])
        self.rpc(self.portal_sub_a, Return, "action_accept", [ret_id])
        self.assertRpcRefused(self.portal_sub_a, Return, "action_accept", [ret_id], exception="UserError")
        ret = self.env[Return].browse(ret_id)
        self.assertEqual(ret.state, "accepted")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 8.0)
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 2.0)
        self.assertLedgerConsistent()
