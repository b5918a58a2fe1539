# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import sys
import threading
import traceback

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestChannelStockRace(TransactionCase):
    """A dealer ships two channel orders from the same stock at the same time, on two real cursors.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        self.context = dict(DISABLED_MAIL_CONTEXT)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            seller = env["res.partner"].create(
                {
                    "name": "Race Seller",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            buyers = env["res.partner"].create(
                [
                    {
                        "name": f"Race Buyer {i}",
                        "is_company": True,
                        "is_dealer": True,
                        "dealer_type": "retailer",
                        "dealer_state": "active",
                        "dealer_parent_id": seller.id,
                    }
                    for i in range(2)
                ]
            )
            product = env["product.product"].create(
                {"name": "Race Tea", "type": "consu", "list_price": 10.0, "taxes_id": [Command.clear()]}
            )
            env["dms.channel.stock.move"]._post(
                [{"dealer_id": seller.id, "product_id": product.id, "qty": 10.0, "kind": "sell_in"}]
            )
            orders = env["dms.channel.order"].create(
                [
                    {"buyer_id": buyer.id, "line_ids": [Command.create({"product_id": product.id, "product_qty": 6.0})]}
                    for buyer in buyers
                ]
            )
            orders.action_submit()
            orders.action_accept()
            cr.commit()
        self.partner_ids = (seller | buyers).ids
        self.seller_id = seller.id
        self.product_id = product.id
        self.order_ids = orders.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            # the ledger is append-only for everyone: test data goes with plain SQL
            for table, column in (
                ("dms_channel_stock_move", "product_id"),
                ("dms_channel_stock", "product_id"),
            ):
                cr.execute(f"DELETE FROM {table} WHERE {column} = %s", [self.product_id])  # noqa: S608
            cr.execute("DELETE FROM dms_channel_shipment WHERE order_id = ANY(%s)", [self.order_ids])
            cr.execute("DELETE FROM dms_channel_order WHERE id = ANY(%s)", [self.order_ids])
            cr.execute(
                "DELETE FROM dms_workflow_log WHERE res_model = 'dms.channel.order' AND res_id = ANY(%s)",
                [self.order_ids],
            )
            env["mail.message"].search([("model", "=", "dms.channel.order"), ("res_id", "in", self.order_ids)]).unlink()
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            cr.commit()

    def _ship_concurrently(self):
        barrier = threading.Barrier(2)
        results = {}
        envs = [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, self.context) for _i in range(2)]
        for env in envs:
            self.addCleanup(env.cr.close)

        def ship(env, order_id):
            cr = env.cr
            try:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SELECT 1")  # both transactions take their snapshot first
                barrier.wait(timeout=20)
                env["dms.channel.order"].browse(order_id).action_ship()
                cr.commit()
                results[order_id] = "shipped"
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                results[order_id] = "serialization_failure"
            except UserError:
                cr.rollback()
                results[order_id] = "refused"
            except Exception as exc:  # noqa: BLE001 - reported by the test
                cr.rollback()
                results[order_id] = repr(exc)

        threads = [
            threading.Thread(target=ship, args=(env, order_id), daemon=True)
            for env, order_id in zip(envs, self.order_ids, strict=True)
        ]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in stuck)
            self.fail(f"shipping threads did not finish:\n{stacks}")
        return results

    def test_two_simultaneous_shipments_never_go_below_zero(self):
        results = self._ship_concurrently()
        self.assertEqual(len(results), 2, results)
        outcomes = sorted(results.values())
        self.assertIn("shipped", outcomes, results)
        self.assertIn(outcomes[0] if outcomes[1] == "shipped" else outcomes[1], ("refused", "serialization_failure"))
        loser = next(order_id for order_id, state in results.items() if state != "shipped")
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            # Odoo retries a request that failed to serialise: the retry sees the winner's shipment
            if results[loser] == "serialization_failure":
                with self.assertRaisesRegex(UserError, "channel stock"):
                    env["dms.channel.order"].browse(loser).action_ship()
            orders = env["dms.channel.order"].browse(self.order_ids)
            self.assertEqual(sorted(orders.mapped("state")), ["accepted", "shipped"])
            stock = env["dms.channel.stock"].search(
                [("dealer_id", "=", self.seller_id), ("product_id", "=", self.product_id)]
            )
            self.assertEqual(stock.qty_on_hand, 4.0)
            ledger = env["dms.channel.stock.move"].search(
                [("dealer_id", "=", self.seller_id), ("product_id", "=", self.product_id)]
            )
            self.assertEqual(sum(ledger.mapped("qty")), 4.0)
            cr.rollback()
