# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Returns between dealers, cancelled shipments and blocked cross-territory channel orders."""

import base64
from datetime import date, timedelta

import psycopg2.errors

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DmsChannelCommon
from .test_channel_rebate import DmsChannelRebateCommon

#: a 1×1 PNG
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )
).decode()


@tagged("post_install", "-at_install")
class TestChannelReturn(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls._give_stock(cls.sub_a, cls.product_tea, 5.0, "LOT-NEAR", today + timedelta(days=20))
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0, "LOT-FAR", today + timedelta(days=300))

    def _received_order(self, qty=8.0):
        order = self._order(self.portal_retail_a, [(self.product_tea, qty)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        order.with_user(self.portal_retail_a).action_receive()
        return order

    def _lots(self, dealer):
        stock = self.env["dms.channel.stock"].search([("dealer_id", "=", dealer.id)])
        return {row.lot_name: row.qty_on_hand for row in stock if row.qty_on_hand}

    def test_return_accepted_moves_the_lots_back_and_credits_the_account(self):
        order = self._received_order()
        # FEFO: 5 of the near lot, 3 of the far one went to the retailer
        self.assertEqual(self._lots(self.retail_a), {"LOT-NEAR": 5.0, "LOT-FAR": 3.0})
        line = order.line_ids
        ret_id = order.with_user(self.portal_retail_a).action_request_return({line.id: 6.0}, "Broken bottles", PNG)
        ret = self.env["dms.channel.return"].browse(ret_id)
        self.assertEqual(ret.state, "requested")
        self.assertTrue(ret.photo)
        self.assertRegex(ret.name, r"^CR/")
        self.assertEqual(line.qty_returnable, 2.0)
        # a second request beyond what is left is refused
        with self.assertRaisesRegex(UserError, "more than the 2"):
            order.with_user(self.portal_retail_a).action_request_return({line.id: 3.0}, "more")
        # the buyer cannot accept its own return
        with self.assertRaises(AccessError):
            ret.with_user(self.portal_retail_a).action_accept()
        account = self.env["dms.channel.account"]._channel_get(self.sub_a, self.retail_a)
        balance_before = account.balance
        ret.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(ret.state, "accepted")
        self.assertEqual(line.qty_returned, 6.0)
        # the same lots go back: first the near lot the retailer received, then the far one
        self.assertEqual(self._lots(self.retail_a), {"LOT-FAR": 2.0})
        self.assertEqual(self._lots(self.sub_a), {"LOT-NEAR": 5.0, "LOT-FAR": 8.0})
        moves = self.env["dms.channel.stock.move"].search([("channel_return_id", "=", ret.id)])
        self.assertEqual(sorted(moves.mapped("kind")), ["channel_return_in"] * 2 + ["channel_return_out"] * 2)
        self.assertTrue(all(moves.mapped("expiration_date")))
        # the account is credited with the return's value, taxes included (6 × 113)
        account.invalidate_recordset()
        self.assertAlmostEqual(balance_before - account.balance, 678.0)
        self.assertIn("return", [entry["kind"] for entry in account._channel_entries()])
        # a double click does nothing more
        with self.assertRaises(UserError):
            ret.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(len(self.env["dms.channel.stock.move"].search([("channel_return_id", "=", ret.id)])), 4)
        self.assertLedgerConsistent()

    def test_return_beyond_received_is_refused(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 4.0)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        line = order.line_ids
        # shipped, not received yet: nothing to return
        with self.assertRaisesRegex(UserError, "more than the 0"):
            order.with_user(self.portal_retail_a).action_request_return({line.id: 1.0}, "wrong")
        order.with_user(self.portal_retail_a).action_receive({line.id: 3.0}, note="one missing")
        with self.assertRaisesRegex(UserError, "more than the 3"):
            order.with_user(self.portal_retail_a).action_request_return({line.id: 4.0}, "all")
        with self.assertRaisesRegex(UserError, "reason"):
            order.with_user(self.portal_retail_a).action_request_return({line.id: 1.0}, "  ")
        with self.assertRaisesRegex(UserError, "not a valid image"):
            order.with_user(self.portal_retail_a).action_request_return({line.id: 1.0}, "x", "not base64!")
        with self.assertRaises(UserError):
            order.with_user(self.portal_retail_a).action_request_return({line.id: -1.0}, "negative")

    def test_refuse_and_cancel(self):
        order = self._received_order(2.0)
        line = order.line_ids
        ret = self.env["dms.channel.return"].browse(
            order.with_user(self.portal_retail_a).action_request_return({line.id: 1.0}, "Dented")
        )
        with self.assertRaisesRegex(UserError, "reason"):
            ret.with_user(self.portal_sub_a).action_refuse()
        ret.with_user(self.portal_sub_a).action_refuse("Dented in your shop")
        self.assertEqual((ret.state, ret.refuse_reason), ("refused", "Dented in your shop"))
        self.assertEqual(line.qty_returnable, 2.0)
        ret2 = self.env["dms.channel.return"].browse(
            order.with_user(self.portal_retail_a).action_request_return({line.id: 2.0}, "Changed my mind")
        )
        with self.assertRaises(AccessError):
            ret2.with_user(self.portal_sub_a).action_cancel()
        ret2.with_user(self.portal_retail_a).action_cancel()
        self.assertEqual(ret2.state, "cancel")
        self.assertFalse(self.env["dms.channel.stock.move"].search([("channel_return_id", "in", (ret | ret2).ids)]))

    def test_wrong_parties_and_direct_writes(self):
        order = self._received_order(2.0)
        line = order.line_ids
        # the seller, the upstream's upstream, another dealer cannot request the buyer's return
        for user in (self.portal_sub_a, self.portal_a_admin, self.portal_b_admin):
            with self.assertRaises(AccessError):
                order.with_user(user).action_request_return({line.id: 1.0}, "not mine")
        ret = self.env["dms.channel.return"].browse(
            order.with_user(self.portal_retail_a).action_request_return({line.id: 1.0}, "Leaking")
        )
        for vals in ({"state": "accepted"}, {"reason": "edited"}, {"date_accepted": fields.Datetime.now()}):
            with self.assertRaises(AccessError):
                ret.with_user(self.portal_sub_a).write(vals)
            with self.assertRaises(AccessError):
                ret.with_user(self.portal_retail_a).write(vals)
        with self.assertRaises(AccessError):
            ret.line_ids.with_user(self.portal_retail_a).write({"qty": 99.0})
        with self.assertRaises(AccessError):
            self.env["dms.channel.return"].with_user(self.portal_retail_a).create(
                {"order_id": order.id, "company_id": order.company_id.id, "reason": "forged"}
            )
        with self.assertRaises(AccessError):
            ret.with_user(self.portal_b_admin).action_accept()
        # the upstream's upstream reads it, cannot act
        self.assertTrue(ret.with_user(self.portal_a_admin).read(["name"]))
        with self.assertRaises(AccessError):
            ret.with_user(self.portal_a_admin).action_accept()
        # a copy starts nowhere: copying is a create, refused to clients
        with self.assertRaises(AccessError):
            ret.with_user(self.portal_retail_a).copy()

    def test_sellout_line_across_two_lots(self):
        """One sell-out line taken from two lots (FEFO) posts one move per lot, once."""
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_sub_a)
        report, created = Report._receive_report(
            self.sub_a, "TWO-LOTS", [{"product_id": self.product_tea.id, "qty": 7}]
        )
        self.assertTrue(created)
        moves = self.env["dms.channel.stock.move"].search([("sellout_report_id", "=", report.id)])
        self.assertEqual(sorted((m.lot_name, m.qty) for m in moves), [("LOT-FAR", -2.0), ("LOT-NEAR", -5.0)])
        again, created = Report._receive_report(self.sub_a, "TWO-LOTS", [{"product_id": self.product_tea.id, "qty": 7}])
        self.assertEqual((again, created), (report, False))
        self.assertLedgerConsistent()

    def test_buyer_sold_the_lot_meanwhile(self):
        order = self._received_order(5.0)  # the whole near lot
        line = order.line_ids
        ret = self.env["dms.channel.return"].browse(
            order.with_user(self.portal_retail_a).action_request_return({line.id: 3.0}, "Expiring soon")
        )
        # the retailer reports 4 sold to consumers before the seller accepts
        self.env["dms.channel.stock.move"]._post_out(
            self.retail_a, self.product_tea, 4.0, "sell_out", {"reference": "test sell-out"}
        )
        with self.assertRaisesRegex(UserError, "LOT-NEAR"):
            ret.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(ret.state, "requested")
        self.assertLedgerConsistent()


@tagged("post_install", "-at_install")
class TestChannelReturnRebate(DmsChannelRebateCommon):
    def test_return_nets_the_sell_through_basis_and_target(self):
        policy = self._channel_policy("sell_through")
        order = self._order(self.portal_sub_a, [(self.product_tea, 20.0)])
        self._ship(order)
        order.with_user(self.portal_sub_a).action_receive()
        today = fields.Date.today()
        start = date(today.year, today.month, 1)
        self.assertAlmostEqual(policy._read_basis(start, today)[self.dist_a], 2000.0)
        ret = self.env["dms.channel.return"].browse(
            order.with_user(self.portal_sub_a).action_request_return({order.line_ids.id: 5.0}, "Overstock")
        )
        ret.with_user(self.portal_a_user).action_accept()
        self.assertAlmostEqual(policy._read_basis(start, today)[self.dist_a], 1500.0)
        actuals = self.env["dms.dealer.target"]._dms_get_actuals(
            self.dist_a, start, today, self.env.company, "sell_through"
        )
        self.assertAlmostEqual(actuals[self.dist_a]["amount"], 1500.0)
        accrual = self._accrual(policy, self.dist_a, start)
        self.assertAlmostEqual(accrual.basis, 1500.0)
        flow = self.env["dms.channel.flow.report"].search(
            [("dealer_id", "=", self.dist_a.id), ("product_id", "=", self.product_tea.id)]
        )
        self.assertAlmostEqual(sum(flow.mapped("sell_through_value")), 1500.0)
        self.assertAlmostEqual(sum(flow.mapped("sell_through_qty")), 15.0)


@tagged("post_install", "-at_install")
class TestChannelShipmentCancel(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0, "LOT-1", fields.Date.today() + timedelta(days=90))

    def test_cancel_puts_the_goods_back_once(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 6.0)])
        order.with_user(self.portal_sub_a).action_accept()
        line = order.line_ids
        order.with_user(self.portal_sub_a).action_ship({line.id: 2.0})
        order.with_user(self.portal_sub_a).action_ship({line.id: 3.0})
        first, second = order.shipment_ids.sorted("id")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 5.0)
        # the buyer cannot cancel the seller's shipment; a reason is required
        with self.assertRaises(AccessError):
            second.with_user(self.portal_retail_a).action_cancel("no")
        with self.assertRaisesRegex(UserError, "reason"):
            second.with_user(self.portal_sub_a).action_cancel()
        second.with_user(self.portal_sub_a).action_cancel("Truck broke down")
        self.assertEqual(second.state, "cancel")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 8.0)
        self.assertEqual(line.qty_shipped, 2.0)
        self.assertEqual(order.state, "shipped")
        self.assertEqual(second.line_ids.price_subtotal, 0.0)
        # a double click: refused, the ledger reversed once
        with self.assertRaises(UserError):
            second.with_user(self.portal_sub_a).action_cancel("again")
        reversal = self.env["dms.channel.stock.move"].search([("kind", "=", "shipment_cancel")])
        self.assertEqual(len(reversal), 1)
        self.assertEqual((reversal.lot_name, reversal.qty), ("LOT-1", 3.0))
        # the server-side reversal itself refuses to run twice (unique per reversed move)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            second.sudo()._channel_reverse()
        # the last shipment cancelled: the order is accepted again and can ship anew
        first.with_user(self.portal_sub_a).action_cancel("Wrong address")
        self.assertEqual(order.state, "accepted")
        self.assertEqual(order.ship_status, "none")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 10.0)
        order.with_user(self.portal_sub_a).action_ship()
        order.with_user(self.portal_retail_a).action_receive()
        # the buyer receives what the live shipment carried
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 6.0)
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 4.0)
        account = self.env["dms.channel.account"]._channel_get(self.sub_a, self.retail_a)
        self.assertEqual(len([e for e in account._channel_entries() if e["kind"] == "shipment"]), 1)
        self.assertLedgerConsistent()

    def test_no_cancel_once_received_nor_direct_write(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 1.0)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        shipment = order.shipment_ids
        for vals in ({"state": "cancel"}, {"cancel_reason": "x"}):
            with self.assertRaises(AccessError):
                shipment.with_user(self.portal_sub_a).write(vals)
        with self.assertRaises(AccessError):
            shipment.with_user(self.portal_b_admin).action_cancel("not mine")
        order.with_user(self.portal_retail_a).action_receive()
        with self.assertRaisesRegex(UserError, "no longer be cancelled"):
            shipment.with_user(self.portal_sub_a).action_cancel("late")
        # the order step the system uses is not the seller's
        with self.assertRaises(UserError):
            order.with_user(self.portal_sub_a)._workflow_apply("unship")


@tagged("post_install", "-at_install")
class TestChannelTerritoryBlock(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._give_stock(cls.dist_a, cls.product_tea, 100)

    def test_block_mode_stops_accept_and_ship_until_authorised(self):
        self.env.company.dms_cross_territory_mode = "block"
        self.sub_a.sudo().write({"country_id": self.country_cn.id, "zip": "610041"})
        order = self._order(self.portal_sub_a, [(self.product_tea, 2)])
        alert = order.dms_alert_ids
        self.assertEqual(len(alert), 1)
        with self.assertRaisesRegex(UserError, "cross-territory"):
            order.with_user(self.portal_a_user).action_accept()
        self.assertEqual(order.state, "submitted")
        # nor can a direct state write or the system's auto-accept get around it
        with self.assertRaises(AccessError):
            order.with_user(self.portal_a_user).write({"state": "accepted"})
        with self.assertRaisesRegex(UserError, "cross-territory"):
            order._workflow_as_system().action_accept()
        # the seller cannot authorise its own alert; the brand does
        with self.assertRaises(AccessError):
            alert.with_user(self.portal_a_user).action_authorize("mine")
        alert.sudo().action_authorize("Approved exception")
        order.with_user(self.portal_a_user).action_accept()
        order.with_user(self.portal_a_user).action_ship()
        self.assertEqual(order.state, "shipped")

    def test_block_mode_stops_shipping_an_order_accepted_before(self):
        self.sub_a.sudo().write({"country_id": self.country_cn.id, "zip": "610041"})
        order = self._order(self.portal_sub_a, [(self.product_tea, 2)])
        order.with_user(self.portal_a_user).action_accept()
        self.env.company.dms_cross_territory_mode = "block"
        with self.assertRaisesRegex(UserError, "cross-territory"):
            order.with_user(self.portal_a_user).action_ship()
        self.assertEqual(self._on_hand(self.dist_a, self.product_tea), 100)

    def test_warn_mode_and_inside_territory_pass(self):
        self.env.company.dms_cross_territory_mode = "block"
        self.sub_a.sudo().write({"country_id": self.country_cn.id, "zip": "200001"})
        order = self._order(self.portal_sub_a, [(self.product_tea, 1)])
        order.with_user(self.portal_a_user).action_accept()
        self.assertEqual(order.state, "accepted")
