# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin


@tagged("post_install", "-at_install")
class TestChannelStockRace(DmsRaceMixin, TransactionCase):
    """A dealer ships two channel orders from the same stock at the same time, on two real cursors.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
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
        self.partner_ids = (seller | buyers).ids
        self.seller_id = seller.id
        self.product_id = product.id
        self.order_ids = orders.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._race_committed() as env:
            cr = env.cr
            # the ledger is append-only for everyone: test data goes with plain SQL
            for table, column in (
                ("dms_channel_stock_move", "product_id"),
                ("dms_channel_stock", "product_id"),
            ):
                cr.execute(f"DELETE FROM {table} WHERE {column} = %s", [self.product_id])  # noqa: S608
            cr.execute("DELETE FROM dms_channel_shipment WHERE order_id = ANY(%s)", [self.order_ids])
            cr.execute("DELETE FROM dms_channel_order WHERE id = ANY(%s)", [self.order_ids])
            self._race_forget(env, "dms.channel.order", self.order_ids)
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _ship_concurrently(self):
        def ship(env, order_id):
            env["dms.channel.order"].browse(order_id).action_ship()
            return "shipped"

        return self._race_run(ship, self.order_ids)

    def test_two_simultaneous_shipments_never_go_below_zero(self):
        results = self._ship_concurrently()
        self.assertEqual(len(results), 2, results)
        outcomes = sorted(results.values())
        self.assertIn("shipped", outcomes, results)
        self.assertIn(outcomes[0] if outcomes[1] == "shipped" else outcomes[1], (REFUSED, SERIALIZATION_FAILURE))
        loser = next(order_id for order_id, state in results.items() if state != "shipped")
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.race_context)
            # Odoo retries a request that failed to serialise: the retry sees the winner's shipment
            if results[loser] == SERIALIZATION_FAILURE:
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
