# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2.errors

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dms_dealer.tests.common import SERIALIZATION_FAILURE, DmsRaceMixin

from .test_price_import import _xlsx


@tagged("post_install", "-at_install")
class TestPriceImportRace(DmsRaceMixin, TransactionCase):
    """Two users import into one policy at the same time, on two real cursors.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            products = env["product.product"].create(
                [
                    {"name": "Race Tea", "default_code": "RACE-TEA", "list_price": 100.0},
                    {"name": "Race Water", "default_code": "RACE-WATER", "list_price": 10.0},
                ]
            )
            policy = env["dms.price.policy"].create({"name": "Race policy"})
        self.product_ids = products.ids
        self.policy_id = policy.id
        self.file = _xlsx([["sku", "price"], ["RACE-TEA", 90], ["RACE-WATER", 9]])
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._race_committed() as env:
            policy = env["dms.price.policy"].browse(self.policy_id)
            self._race_forget(env, policy._name, policy.ids)
            policy.line_ids.unlink()
            policy.unlink()
            env["product.product"].browse(self.product_ids).product_tmpl_id.unlink()

    def _envs(self):
        return self._race_envs(2, lock_timeout="10s")

    def _wizard(self, env):
        return env["dms.price.import.wizard"].create(
            {"policy_id": self.policy_id, "file": self.file, "filename": "race.xlsx"}
        )

    def _line_count(self):
        with self.env.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM dms_price_policy_line WHERE policy_id = %s", [self.policy_id])
            return cr.fetchone()[0]

    def test_second_import_of_a_policy_fails_at_once_while_the_first_runs(self):
        env_a, env_b = self._envs()
        self._wizard(env_a).action_import()  # holds the policy lock, not committed yet
        wizard_b = self._wizard(env_b)
        with self.assertRaises(UserError) as caught:
            wizard_b.action_import()
        self.assertIn("already running", str(caught.exception))
        env_a.cr.commit()
        env_b.cr.rollback()
        self.assertEqual(self._line_count(), 2)

    def test_import_on_a_stale_snapshot_writes_nothing_twice(self):
        env_a, env_b = self._envs()
        wizard_b = self._wizard(env_b)  # B's snapshot: no line yet
        self._wizard(env_a).action_import()
        env_a.cr.commit()
        # B passed its checks on stale data: the unique scope index stops it at the insert
        with mute_logger("odoo.sql_db"):
            try:
                wizard_b.action_import()
                outcome = "imported"
            except UserError as error:
                outcome = str(error)
            except psycopg2.errors.SerializationFailure:
                outcome = SERIALIZATION_FAILURE  # Odoo retries the request, which then sees A's lines
        env_b.cr.rollback()
        self.assertNotEqual(outcome, "imported")
        self.assertTrue("another import" in outcome or outcome == SERIALIZATION_FAILURE, outcome)
        self.assertEqual(self._line_count(), 2)
