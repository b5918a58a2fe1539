# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import sys
import threading
import traceback

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestCreditRace(TransactionCase):
    """Two users confirm orders of one dealer at the same time, on two real cursors.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        self.context = dict(DISABLED_MAIL_CONTEXT)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
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
            cr.commit()
        self.dealer_id = dealer.id
        self.product_id = product.id
        self.order_ids = orders.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders.with_context(disable_cancel_warning=True).action_cancel()
            for model, ids in (("sale.order", self.order_ids), ("res.partner", [self.dealer_id])):
                env["mail.activity"].search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
                env["mail.followers"].search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
                env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)]).unlink()
            orders.unlink()
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.dealer_id).unlink()
            cr.commit()

    def _confirm_concurrently(self):
        barrier = threading.Barrier(2)
        results = {}
        # environments are built here: the registry lock belongs to the main thread
        envs = [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, self.context) for _i in range(2)]
        for env in envs:
            self.addCleanup(env.cr.close)

        def confirm(env, order_id):
            cr = env.cr
            try:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SELECT 1")  # both transactions take their snapshot first
                barrier.wait(timeout=20)
                env["sale.order"].browse(order_id).action_confirm()
                cr.commit()
                results[order_id] = env["sale.order"].browse(order_id).dms_state
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                results[order_id] = "serialization_failure"
            except Exception as exc:  # noqa: BLE001 - reported by the test
                cr.rollback()
                results[order_id] = repr(exc)

        threads = [
            threading.Thread(target=confirm, args=(env, order_id), daemon=True)
            for env, order_id in zip(envs, self.order_ids, strict=True)
        ]
        # the loser's failed UPDATE is expected: keep it out of the log
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in stuck)
            self.fail(f"confirmation threads did not finish:\n{stacks}")
        return results

    def test_two_simultaneous_confirmations_never_exceed_the_limit(self):
        results = self._confirm_concurrently()
        self.assertEqual(len(results), 2, results)
        outcomes = sorted(results.values())
        # exactly one passes; the other could not run on stale data
        self.assertEqual(outcomes[0], "confirmed", results)
        self.assertIn(outcomes[1], ("credit_hold", "serialization_failure"), results)
        loser = next(order_id for order_id, state in results.items() if state != "confirmed")
        # Odoo retries a request that failed to serialise: the retry sees the winner and holds
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            if results[loser] == "serialization_failure":
                env["sale.order"].browse(loser).action_confirm()
                cr.commit()
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(sorted(orders.mapped("dms_state")), ["confirmed", "credit_hold"])
            self.assertEqual(sorted(orders.mapped("state")), ["draft", "sale"])
            info = env["res.partner"].browse(self.dealer_id)._dms_credit_info()
            self.assertLessEqual(info["exposure"], 1000.0)
            self.assertEqual(info["exposure"], 600.0)
