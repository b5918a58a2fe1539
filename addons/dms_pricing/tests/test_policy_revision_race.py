# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestPolicyRevisionRace(TransactionCase):
    """Two users revise one active version at the same time, and two revision crons copy at once,
    on two real cursors. Fixtures are committed (each cursor must see them) and removed in cleanup."""

    def setUp(self):
        super().setUp()
        self.context = dict(DISABLED_MAIL_CONTEXT)
        with self.env.registry.cursor() as new_cr:
            env = api.Environment(new_cr, SUPERUSER_ID, self.context)
            products = env["product.product"].create(
                [{"name": f"Race Revise {i}", "list_price": 100.0, "standard_price": 10.0} for i in range(5)]
            )
            policy = env["dms.price.policy"].create(
                {
                    "name": "Race revision",
                    "line_ids": [Command.create({"product_id": p.id, "fixed_price": 90.0}) for p in products],
                }
            )
            policy.action_submit()
            policy.action_approve()
            new_cr.commit()
            self.product_ids = products.ids
            self.policy_id = policy.id
            self.code = policy.code
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as new_cr:
            env = api.Environment(new_cr, SUPERUSER_ID, self.context)
            ids = env["dms.price.policy"].search([("code", "=", self.code)]).ids
            env["mail.message"].search([("model", "=", "dms.price.policy"), ("res_id", "in", ids)]).unlink()
            env["mail.followers"].search([("res_model", "=", "dms.price.policy"), ("res_id", "in", ids)]).unlink()
            # approved versions are history the ORM never deletes: the test removes its own with SQL
            new_cr.execute(
                SQL("DELETE FROM dms_workflow_log WHERE res_model = 'dms.price.policy' AND res_id = ANY(%s)", ids)
            )
            new_cr.execute(SQL("DELETE FROM dms_price_policy_line WHERE policy_id = ANY(%s)", ids))
            new_cr.execute(
                SQL(
                    "UPDATE dms_price_policy SET superseded_by_id = NULL, previous_version_id = NULL, "
                    "line_copy_source_id = NULL WHERE id = ANY(%s)",
                    ids,
                )
            )
            new_cr.execute(SQL("DELETE FROM dms_price_policy WHERE id = ANY(%s)", ids))
            env["product.product"].browse(self.product_ids).product_tmpl_id.unlink()
            new_cr.commit()

    def _run_concurrently(self, func):
        """Run ``func(env)`` on two cursors whose snapshots are taken before either acts."""
        barrier = threading.Barrier(2)
        envs = [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, self.context) for _i in range(2)]
        for env in envs:
            self.addCleanup(env.cr.close)
        results = [None, None]

        def run(index, env):
            try:
                env.cr.execute("SET LOCAL lock_timeout = '20s'")
                env.cr.execute("SELECT 1")  # both transactions take their snapshot first
                barrier.wait(timeout=20)
                results[index] = func(env)
                env.cr.commit()
            except (psycopg2.errors.SerializationFailure, psycopg2.errors.UniqueViolation) as error:
                env.cr.rollback()
                results[index] = type(error).__name__
            except UserError as error:
                env.cr.rollback()
                results[index] = f"UserError: {error}"

        threads = [threading.Thread(target=run, args=(i, env), daemon=True) for i, env in enumerate(envs)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        self.assertFalse([t for t in threads if t.is_alive()], "threads did not finish")
        return results

    def _versions(self):
        with self.env.registry.cursor() as new_cr:
            new_cr.execute("SELECT version, state FROM dms_price_policy WHERE code = %s ORDER BY version", [self.code])
            return new_cr.fetchall()

    def _line_counts(self):
        with self.env.registry.cursor() as new_cr:
            new_cr.execute(
                """SELECT p.version, count(l.id) FROM dms_price_policy p
                   LEFT JOIN dms_price_policy_line l ON l.policy_id = p.id
                   WHERE p.code = %s GROUP BY p.version ORDER BY p.version""",
                [self.code],
            )
            return new_cr.fetchall()

    def _set_background(self, min_lines):
        with self.env.registry.cursor() as new_cr:
            env = api.Environment(new_cr, SUPERUSER_ID, self.context)
            env["ir.config_parameter"].set_param("dms_pricing.async_revision_min_lines", str(min_lines))
            new_cr.commit()
        self.addCleanup(self._reset_background)

    def _reset_background(self):
        with self.env.registry.cursor() as new_cr:
            api.Environment(new_cr, SUPERUSER_ID, {})["ir.config_parameter"].set_param(
                "dms_pricing.async_revision_min_lines", False
            )
            new_cr.commit()

    def test_two_revisions_at_once_make_one_version(self):
        def revise(env):
            return env["dms.price.policy"].browse(self.policy_id).action_revise()["res_id"]

        results = self._run_concurrently(revise)
        winners = [r for r in results if isinstance(r, int)]
        self.assertEqual(len(winners), 1, results)
        loser = next(r for r in results if not isinstance(r, int))
        self.assertIn(loser, ("SerializationFailure", "UniqueViolation"), results)
        # Odoo retries the loser's request: it now sees the open revision
        with self.env.registry.cursor() as new_cr:
            env = api.Environment(new_cr, SUPERUSER_ID, self.context)
            with self.assertRaisesRegex(UserError, "already being revised"):
                revise(env)
        self.assertEqual(self._versions(), [(1, "active"), (2, "draft")])
        self.assertEqual(self._line_counts(), [(1, 5), (2, 5)])

    def test_two_copy_jobs_at_once_copy_each_line_once(self):
        self._set_background(1)
        with self.env.registry.cursor() as new_cr:
            env = api.Environment(new_cr, SUPERUSER_ID, self.context)
            env["dms.price.policy"].browse(self.policy_id).action_revise()
            new_cr.commit()
        self.assertEqual(self._line_counts(), [(1, 5), (2, 0)])

        def copy(env):
            return env["dms.price.policy"]._cron_copy_revision_lines(batch_size=2)

        for _run in range(5):
            self._run_concurrently(copy)
        self.assertEqual(self._line_counts(), [(1, 5), (2, 5)])
        with self.env.registry.cursor() as new_cr:
            new_cr.execute(
                "SELECT line_copy_source_id FROM dms_price_policy WHERE code = %s AND version = 2", [self.code]
            )
            self.assertEqual(new_cr.fetchone()[0], None)
