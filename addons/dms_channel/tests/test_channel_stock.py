# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DmsChannelCommon


@tagged("post_install", "-at_install")
class TestChannelStock(DmsChannelCommon):
    def _ship(self, qty):
        order = self._order(self.portal_retail_a, [(self.product_tea, qty)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        return order

    def test_shipping_more_than_on_hand_is_refused(self):
        self._give_stock(self.sub_a, self.product_tea, 3.0)
        order = self._order(self.portal_retail_a, [(self.product_tea, 5.0)])
        order.with_user(self.portal_sub_a).action_accept()
        with self.assertRaisesRegex(UserError, "channel stock"):
            order.with_user(self.portal_sub_a).action_ship()
        # nothing half-written
        self.assertEqual(order.state, "accepted")
        self.assertFalse(order.shipment_ids)
        self.assertEqual(order.line_ids.qty_shipped, 0.0)
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 3.0)
        # a partial shipment within the stock passes
        order.with_user(self.portal_sub_a).action_ship({order.line_ids.id: 3.0})
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 0.0)
        self.sub_a.dms_allow_negative_stock = True
        order.with_user(self.portal_sub_a).action_ship()
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), -2.0)
        self.assertLedgerConsistent()

    def test_fefo_over_lots_and_lots_follow_to_the_buyer(self):
        self._give_stock(self.sub_a, self.product_tea, 4.0, "LATE", date(2031, 1, 1))
        self._give_stock(self.sub_a, self.product_tea, 3.0, "EARLY", date(2030, 1, 1))
        order = self._ship(5.0)
        out = self.env["dms.channel.stock.move"].search(
            [("channel_order_id", "=", order.id), ("kind", "=", "sell_through_out")], order="id"
        )
        self.assertEqual([(m.lot_name, m.qty) for m in out], [("EARLY", -3.0), ("LATE", -2.0)])
        order.with_user(self.portal_retail_a).action_receive()
        stock = self.env["dms.channel.stock"].search([("dealer_id", "=", self.retail_a.id)])
        self.assertEqual(
            sorted((s.lot_name, s.expiration_date, s.qty_on_hand) for s in stock),
            [("EARLY", date(2030, 1, 1), 3.0), ("LATE", date(2031, 1, 1), 2.0)],
        )
        self.assertLedgerConsistent()

    def test_ledger_is_append_only(self):
        moves = self._give_stock(self.sub_a, self.product_tea, 5.0)
        stock = moves.stock_id
        for user in (self.portal_sub_a, self.user_hq):
            with self.assertRaises(AccessError):
                moves.with_user(user).write({"qty": 50.0})
            with self.assertRaises(AccessError):
                moves.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["dms.channel.stock.move"].with_user(user).create(
                    {"dealer_id": self.sub_a.id, "product_id": self.product_tea.id, "qty": 5.0, "kind": "sell_in"}
                )
            with self.assertRaises(AccessError):
                stock.with_user(user).write({"qty_on_hand": 99.0})
        # not even server code as superuser rewrites history
        with self.assertRaises(AccessError):
            moves.sudo().write({"qty": 50.0})
        with self.assertRaises(AccessError):
            moves.sudo().unlink()
        with self.assertRaises(AccessError):
            stock.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["dms.channel.stock.move"].sudo().with_context(dms_channel_ledger="<dms channel ledger>").create(
                {"dealer_id": self.sub_a.id, "product_id": self.product_tea.id, "qty": 5.0, "kind": "sell_in"}
            )
        self.assertEqual(stock.qty_on_hand, 5.0)
        self.assertLedgerConsistent()

    def test_stock_visibility(self):
        self._give_stock(self.sub_a, self.product_tea, 5.0)
        self._give_stock(self.dist_b, self.product_tea, 5.0)
        Stock = self.env["dms.channel.stock"]
        self.assertEqual(Stock.with_user(self.portal_sub_a).search([]).dealer_id, self.sub_a)
        self.assertEqual(Stock.with_user(self.portal_a_admin).search([]).dealer_id, self.sub_a)
        self.assertFalse(Stock.with_user(self.portal_retail_a).search([]))
        self.assertEqual(Stock.with_user(self.user_region_west).search([]).dealer_id, self.dist_b)
        self.assertEqual(Stock.with_user(self.user_hq).search([]).dealer_id, self.sub_a | self.dist_b)

    def test_stock_count_adjustment(self):
        self._give_stock(self.sub_a, self.product_tea, 5.0)
        Ledger = self.env["dms.channel.stock.move"]
        with self.assertRaises(UserError):
            Ledger._post_adjustment(self.sub_a, self.product_tea, 3.0, " ")
        move = Ledger._post_adjustment(self.sub_a, self.product_tea, 3.0, "盘点: two bottles broken")
        self.assertRecordValues(move, [{"kind": "adjustment", "qty": -2.0, "reason": "盘点: two bottles broken"}])
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 3.0)
        self.assertLedgerConsistent()

    def test_resent_sellout_report_does_not_double_count(self):
        self._give_stock(self.retail_a, self.product_tea, 10.0)
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_retail_a)
        lines = [{"product_id": self.product_tea.id, "qty": 3.0, "date": "2026-11-30", "store_address": "1 Nanjing Rd"}]
        report, created = Report._receive_report(self.retail_a, "2026-11-W5", lines)
        self.assertTrue(created)
        self.assertEqual(report.state, "posted")
        again, created = Report._receive_report(self.retail_a, "2026-11-W5", lines)
        self.assertFalse(created)
        self.assertEqual(again, report)
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 7.0)
        with self.assertRaises(UserError):
            report.action_post()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            Report.create({"report_key": "2026-11-W5", "line_ids": [Command.create(lines[0])]})
        with self.assertRaises(UserError):
            report.line_ids.write({"qty": 30.0})
        # another dealer's report is not mine to post
        other = (
            self.env["dms.channel.sellout.report"]
            .sudo()
            .create({"dealer_id": self.sub_a.id, "report_key": "SA-1", "line_ids": [Command.create(lines[0])]})
        )
        with self.assertRaises(AccessError):
            other.with_user(self.portal_retail_a).action_post()
        moves = self.env["dms.channel.stock.move"].search([("sellout_report_id", "=", report.id)])
        self.assertRecordValues(moves, [{"kind": "sell_out", "qty": -3.0}])
        self.assertLedgerConsistent()

    def test_sellout_beyond_stock_is_refused(self):
        self._give_stock(self.retail_a, self.product_tea, 1.0)
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_retail_a)
        with self.assertRaises(UserError):
            Report._receive_report(self.retail_a, "K1", [{"product_id": self.product_tea.id, "qty": 3.0}])
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 1.0)

    def _deliver(self, partner, product, qty, lot=None):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty, lot_id=lot)
        picking = self.env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def test_sell_in_from_done_delivery_is_idempotent(self):
        self.product_water.tracking = "lot"
        lot = self.env["stock.lot"].create({"name": "W-2026-11", "product_id": self.product_water.id})
        picking = self._deliver(self.dist_a, self.product_water, 12.0, lot=lot)
        moves = self.env["dms.channel.stock.move"].search([("picking_id", "=", picking.id)])
        self.assertRecordValues(
            moves, [{"kind": "sell_in", "qty": 12.0, "dealer_id": self.dist_a.id, "lot_name": "W-2026-11"}]
        )
        picking._dms_channel_post_sell_in()
        picking._dms_channel_post_sell_in()
        self.assertEqual(len(self.env["dms.channel.stock.move"].search([("picking_id", "=", picking.id)])), 1)
        self.assertEqual(self._on_hand(self.dist_a, self.product_water), 12.0)
        # a delivery to a customer that is not a dealer is not channel stock
        customer = self.env["res.partner"].create({"name": "Walk-in"})
        other = self._deliver(customer, self.product_tea, 1.0)
        self.assertFalse(self.env["dms.channel.stock.move"].search([("picking_id", "=", other.id)]))
        self.assertLedgerConsistent()
