# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import sys
import threading
import traceback
import uuid

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .common import PNG


@tagged("post_install", "-at_install")
class TestPrepaymentRace(TransactionCase):
    """Two transactions take money from one balance, or confirm one top-up, at the same time.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        self.context = dict(DISABLED_MAIL_CONTEXT)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            env.company._dms_prepayment_ensure_setup()
            dealer = env["res.partner"].create(
                {"name": "Race Prepaid Dealer", "is_company": True, "is_dealer": True, "dealer_state": "active"}
            )
            product = env["product.product"].create(
                {"name": "Race Prepaid Service", "type": "service", "list_price": 600.0, "taxes_id": [Command.clear()]}
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
            users = [
                new_test_user(
                    env,
                    login=f"race_fin_{i}_{uuid.uuid4().hex[:8]}",
                    groups="base.group_user,dms_dealer.group_dms_finance",
                )
                for i in range(2)
            ]
            funded = env["dms.prepayment.topup"].create(
                {"partner_id": dealer.id, "amount": 1000.0, "proof": base64.b64encode(PNG)}
            )
            pending = env["dms.prepayment.topup"].create(
                {"partner_id": dealer.id, "amount": 70.0, "proof": base64.b64encode(PNG)}
            )
            (funded | pending).action_submit()
            funded.with_user(users[0]).action_confirm()
            # Two cursors must see the fixture.
            cr.commit()  # pylint: disable=invalid-commit
        self.dealer_id = dealer.id
        self.product_id = product.id
        self.order_ids = orders.ids
        self.user_ids = [u.id for u in users]
        self.topup_ids = [funded.id, pending.id]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            cr.execute("DELETE FROM dms_prepayment_line WHERE partner_id = %s", [self.dealer_id])
            topups = env["dms.prepayment.topup"].browse(self.topup_ids)
            payments = topups.payment_id
            # test data only: the append-only log of these top-ups goes with them
            cr.execute(
                "DELETE FROM dms_workflow_log WHERE res_model = 'dms.prepayment.topup' AND res_id IN %s",
                [tuple(self.topup_ids)],
            )
            cr.execute("DELETE FROM dms_prepayment_topup WHERE partner_id = %s", [self.dealer_id])
            payments.action_draft()
            payments.unlink()
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders.with_context(disable_cancel_warning=True).action_cancel()
            cr.execute("DELETE FROM dms_prepayment_line WHERE partner_id = %s", [self.dealer_id])
            for model, ids in (
                ("sale.order", self.order_ids),
                ("res.partner", [self.dealer_id]),
                ("dms.prepayment.topup", self.topup_ids),
            ):
                env["mail.activity"].search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
                env["mail.followers"].search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
                env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)]).unlink()
            orders.unlink()
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.users"].browse(self.user_ids).unlink()
            env["res.partner"].browse(self.dealer_id).unlink()
            # Test data removed for good.
            cr.commit()  # pylint: disable=invalid-commit

    def _run_concurrently(self, actions):
        """Run ``actions`` [(uid, callable(env))] at once, each on its own cursor; returns outcomes."""
        barrier = threading.Barrier(len(actions))
        results = {}
        envs = [api.Environment(self.env.registry.cursor(), uid, self.context) for uid, _a in actions]
        for env in envs:
            self.addCleanup(env.cr.close)

        def run(index, env, action):
            cr = env.cr
            try:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SELECT 1")  # both transactions take their snapshot first
                barrier.wait(timeout=20)
                action(env)
                # Each racer commits its own transaction.
                cr.commit()  # pylint: disable=invalid-commit
                results[index] = "ok"
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                results[index] = "serialization_failure"
            except Exception as exc:  # noqa: BLE001 - reported by the test
                cr.rollback()
                results[index] = repr(exc)

        threads = [
            threading.Thread(target=run, args=(i, env, action), daemon=True)
            for i, (env, (_uid, action)) in enumerate(zip(envs, actions, strict=True))
        ]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            frames = sys._current_frames()
            self.fail(
                "threads did not finish:\n" + "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in stuck)
            )
        return results

    def test_two_orders_never_take_more_than_the_balance(self):
        actions = [
            (SUPERUSER_ID, lambda env, oid=order_id: env["sale.order"].browse(oid).action_dms_pay_prepayment(600.0))
            for order_id in self.order_ids
        ]
        results = self._run_concurrently(actions)
        self.assertEqual(sorted(results.values())[0], "ok", results)
        self.assertEqual(list(results.values()).count("ok"), 1, results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            dealer = env["res.partner"].browse(self.dealer_id)
            self.assertEqual(dealer._dms_prepayment_balance(), 400.0)
            # Odoo retries the loser on fresh data: it is refused, the balance never goes negative
            loser = next(self.order_ids[i] for i, outcome in results.items() if outcome != "ok")
            with self.assertRaisesRegex(Exception, "prepayment balance"):
                env["sale.order"].browse(loser).action_dms_pay_prepayment(600.0)
            cr.rollback()

    def test_two_finance_users_confirm_one_topup_once(self):
        pending_id = self.topup_ids[1]
        actions = [
            (uid, lambda env: env["dms.prepayment.topup"].browse(pending_id).action_confirm()) for uid in self.user_ids
        ]
        results = self._run_concurrently(actions)
        self.assertEqual(list(results.values()).count("ok"), 1, results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            topup = env["dms.prepayment.topup"].browse(pending_id)
            self.assertEqual(topup.state, "confirmed")
            self.assertEqual(len(topup.line_ids), 1)
            self.assertEqual(env["res.partner"].browse(self.dealer_id)._dms_prepayment_balance(), 1070.0)
            self.assertEqual(
                env["account.payment"].search_count([("partner_id", "=", self.dealer_id)]), 2, "one per top-up"
            )
