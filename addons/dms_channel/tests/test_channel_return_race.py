# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two real cursors: a return accepted twice at once, a shipment cancelled twice at once,
two returns requested at once beyond what was received."""

import threading

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestChannelReturnRace(TransactionCase):
    def setUp(self):
        super().setUp()
        self.context = dict(DISABLED_MAIL_CONTEXT)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            seller = env["res.partner"].create(
                {
                    "name": "Return Race Seller",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            buyer = env["res.partner"].create(
                {
                    "name": "Return Race Buyer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "retailer",
                    "dealer_state": "active",
                    "dealer_parent_id": seller.id,
                }
            )
            product = env["product.product"].create(
                {"name": "Return Race Tea", "type": "consu", "list_price": 10.0, "taxes_id": [Command.clear()]}
            )
            env["dms.channel.stock.move"]._post(
                [{"dealer_id": seller.id, "product_id": product.id, "qty": 20.0, "kind": "sell_in", "lot_name": "R1"}]
            )
            orders = env["dms.channel.order"].create(
                [
                    {"buyer_id": buyer.id, "line_ids": [Command.create({"product_id": product.id, "product_qty": 5.0})]}
                    for _i in range(2)
                ]
            )
            orders.action_submit()
            orders.action_accept()
            for order in orders:
                order.action_ship()
            received = orders[0]
            received.action_receive()
            self.seller_id, self.buyer_id, self.product_id = seller.id, buyer.id, product.id
            self.partner_ids = [seller.id, buyer.id]
            self.order_ids = orders.ids
            self.addCleanup(self._cleanup)
            self.received_id = received.id
            self.line_id = received.line_ids.id
            self.return_id = received.action_request_return({received.line_ids.id: 4.0}, "race")
            self.shipment_id = orders[1].shipment_ids.id
            cr.commit()

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            # the ledger is append-only for everyone: test data goes with plain SQL
            for table in ("dms_channel_stock_move", "dms_channel_stock"):
                cr.execute(f"DELETE FROM {table} WHERE product_id = %s", [self.product_id])  # noqa: S608
            cr.execute("DELETE FROM dms_channel_return WHERE order_id = ANY(%s)", [self.order_ids])
            cr.execute("DELETE FROM dms_channel_shipment WHERE order_id = ANY(%s)", [self.order_ids])
            cr.execute("DELETE FROM dms_channel_order WHERE id = ANY(%s)", [self.order_ids])
            cr.execute(
                "DELETE FROM dms_workflow_log WHERE res_model LIKE 'dms.channel.%%' AND res_id IN "
                "(SELECT unnest(%s::int[]))",
                [self.order_ids],
            )
            cr.execute("DELETE FROM dms_channel_account WHERE seller_id = %s", [self.seller_id])
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            cr.commit()

    def _concurrently(self, action):
        barrier = threading.Barrier(2)
        results = []
        envs = [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, self.context) for _i in range(2)]
        for env in envs:
            self.addCleanup(env.cr.close)

        def run(env, index):
            cr = env.cr
            try:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SELECT 1")  # both transactions take their snapshot first
                barrier.wait(timeout=20)
                action(env, index)
                cr.commit()
                results.append("done")
            except (psycopg2.errors.SerializationFailure, psycopg2.errors.UniqueViolation):
                cr.rollback()
                results.append("serialization_failure")
            except UserError:
                cr.rollback()
                results.append("refused")
            except Exception as exc:  # noqa: BLE001 - reported by the test
                cr.rollback()
                results.append(repr(exc))

        threads = [threading.Thread(target=run, args=(env, i), daemon=True) for i, env in enumerate(envs)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        self.assertFalse([t for t in threads if t.is_alive()], "threads did not finish")
        self.assertEqual(sorted(results)[0], "done", results)
        self.assertIn(sorted(results)[1], ("refused", "serialization_failure"), results)

    def _ledger(self, env, **domain):
        moves = env["dms.channel.stock.move"].search(
            [("product_id", "=", self.product_id)] + [(k, "=", v) for k, v in domain.items()]
        )
        return moves

    def test_return_accepted_twice_at_once_posts_once(self):
        self._concurrently(lambda env, _i: env["dms.channel.return"].browse(self.return_id).action_accept())
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            self.assertEqual(len(self._ledger(env, channel_return_id=self.return_id)), 2)
            stock = env["dms.channel.stock"].search([("product_id", "=", self.product_id)])
            on_hand = {row.dealer_id.id: row.qty_on_hand for row in stock}
            self.assertEqual(on_hand, {self.seller_id: 14.0, self.buyer_id: 1.0})

    def test_shipment_cancelled_twice_at_once_reverses_once(self):
        self._concurrently(lambda env, _i: env["dms.channel.shipment"].browse(self.shipment_id).action_cancel("twice"))
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            self.assertEqual(len(self._ledger(env, kind="shipment_cancel")), 1)
            stock = env["dms.channel.stock"].search(
                [("product_id", "=", self.product_id), ("dealer_id", "=", self.seller_id)]
            )
            self.assertEqual(stock.qty_on_hand, 15.0)

    def test_two_return_requests_at_once_never_exceed_received(self):
        def request(env, _i):
            order = env["dms.channel.order"].browse(self.received_id)
            order.action_request_return({self.line_id: 1.0}, "one more")

        # 4 of 5 already requested: only one more unit can be
        self._concurrently(request)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            line = env["dms.channel.order.line"].browse(self.line_id)
            self.assertEqual(line.qty_returnable, 0.0)
            self.assertEqual(len(env["dms.channel.return"].search([("order_id", "=", self.received_id)])), 2)
