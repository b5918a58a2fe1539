# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import SERIALIZATION_FAILURE, DmsRaceMixin


@tagged("post_install", "-at_install")
class TestCreditRace(DmsRaceMixin, TransactionCase):
    """Two users confirm orders of one dealer at the same time, on two real cursors.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            dealer = env["res.partner"].create(
                {
                    "name": "Race Dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                    "credit_limit": 1000.0,
                }
            )
            product = env["product.product"].create(
                {"name": "Race Service", "type": "service", "list_price": 600.0, "taxes_id": [Command.clear()]}
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": dealer.id,
                        "order_line": [Command.create({"product_id": product.id, "price_unit": 600.0})],
                    }
                    for _i in range(2)
                ]
            )
        self.dealer_id = dealer.id
        self.product_id = product.id
        self.order_ids = orders.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._race_committed() as env:
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders.with_context(disable_cancel_warning=True).action_cancel()
            self._race_forget(env, "sale.order", self.order_ids)
            self._race_forget(env, "res.partner", [self.dealer_id])
            orders.unlink()
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.dealer_id).unlink()

    def _confirm_concurrently(self):
        def confirm(env, order_id):
            env["sale.order"].browse(order_id).action_confirm()
            env.cr.commit()
            return env["sale.order"].browse(order_id).dms_state

        return self._race_run(confirm, self.order_ids)

    def test_two_simultaneous_confirmations_never_exceed_the_limit(self):
        results = self._confirm_concurrently()
        self.assertEqual(len(results), 2, results)
        outcomes = sorted(results.values())
        # exactly one passes; the other could not run on stale data
        self.assertEqual(outcomes[0], "confirmed", results)
        self.assertIn(outcomes[1], ("credit_hold", SERIALIZATION_FAILURE), results)
        loser = next(order_id for order_id, state in results.items() if state != "confirmed")
        # Odoo retries a request that failed to serialise: the retry sees the winner and holds
        with self._race_committed() as env:
            if results[loser] == SERIALIZATION_FAILURE:
                env["sale.order"].browse(loser).action_confirm()
                env.cr.commit()
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(sorted(orders.mapped("dms_state")), ["confirmed", "credit_hold"])
            self.assertEqual(sorted(orders.mapped("state")), ["draft", "sale"])
            info = env["res.partner"].browse(self.dealer_id)._dms_credit_info()
            self.assertLessEqual(info["exposure"], 1000.0)
            self.assertEqual(info["exposure"], 600.0)
