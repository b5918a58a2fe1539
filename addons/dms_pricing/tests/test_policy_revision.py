# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Revising a policy copies its lines with SQL: in the request for a small policy, in batches by the
revision cron for a big one (resumable); the old version sells until the new one is active."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DmsPricingCommon


@tagged("post_install", "-at_install")
class TestPolicyRevision(DmsPricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["dms.price.policy"]
        cls.v1 = cls._dms_policy(
            [
                {"product_id": cls.tea.id, "fixed_price": 90.0},
                {"product_id": cls.tea.id, "fixed_price": 85.0, "min_qty": 10.0},
                {"product_id": cls.water.id, "partner_id": cls.dist_a.id, "fixed_price": 8.0},
                {"categ_id": cls.categ_tea.id, "compute_price": "discount", "discount": 5.0},
            ]
        )

    def _background(self, min_lines=2):
        self.env["ir.config_parameter"].sudo().set_param("dms_pricing.async_revision_min_lines", str(min_lines))

    def _revise(self, policy, user=None):
        return self.Policy.browse((policy.with_user(user) if user else policy).action_revise()["res_id"])

    def _line_values(self, policy):
        names = ["product_id", "categ_id", "partner_id", "min_qty", "compute_price", "fixed_price", "discount"]
        return sorted(tuple(str(line[name]) for name in names) for line in policy.line_ids)

    def _copy_all(self, batch_size=20000):
        for _i in range(100):
            if not self.Policy.search_count([("line_copy_source_id", "!=", False)]):
                return
            self.Policy._cron_copy_revision_lines(batch_size=batch_size)
        self.fail("the revision cron did not finish")

    # ------------------------------------------------------------------ small policy: in the request
    def test_small_policy_copied_in_the_request(self):
        v2 = self._revise(self.v1, self.user_pricing)
        self.assertRecordValues(
            v2, [{"state": "draft", "version": 2, "previous_version_id": self.v1.id, "line_copy_source_id": False}]
        )
        self.assertEqual(len(v2.line_ids), 4)
        self.assertNotEqual(set(v2.line_ids.ids), set(self.v1.line_ids.ids))
        self.assertEqual(self._line_values(v2), self._line_values(self.v1))
        self.assertEqual(v2.line_ids.company_id, self.company)
        self.assertEqual(set(v2.line_ids.mapped("create_uid")), {self.user_pricing})
        # the old version sells until the new one is active
        v2.line_ids.filtered(lambda line: line.product_id == self.tea and not line.min_qty).fixed_price = 80.0
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        self.assertIn("v1", self._price(self.dist_a, self.tea)["explanation"])
        v2.with_user(self.user_pricing).action_submit()
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        v2.with_user(self.user_hq).action_approve()
        self.assertEqual((self.v1.state, v2.state), ("superseded", "active"))
        price = self._price(self.dist_a, self.tea)
        self.assertEqual(price["price"], 80.0)
        self.assertIn("v2", price["explanation"])
        self.assertEqual(self.env["dms.price.policy.line"].browse(price["policy_line_id"]).policy_id, v2)
        # unchanged lines price from the new version too, and the tier still wins from 10 units
        self.assertEqual(self._price(self.dist_a, self.tea, qty=10.0)["price"], 85.0)
        self.assertEqual(self._price(self.dist_a, self.water)["price"], 8.0)
        self.assertIn("v2", self._price(self.dist_a, self.green_tea)["explanation"])
        self.assertEqual(self._price(self.dist_a, self.green_tea)["price"], 76.0)
        # history keeps the old lines
        old_tea = self.v1.line_ids.filtered(lambda line: not line.min_qty and line.product_id == self.tea)
        self.assertEqual(old_tea.fixed_price, 90.0)

    # ------------------------------------------------------------------ big policy: in the background
    def test_big_policy_copied_in_the_background_and_resumable(self):
        self._background()
        v2 = self._revise(self.v1, self.user_pricing)
        self.assertRecordValues(v2, [{"state": "draft", "line_copy_source_id": self.v1.id, "line_copy_last_id": 0}])
        self.assertFalse(v2.line_ids, "nothing is copied in the request")
        # nothing changes on the revision until its lines are there, and the old version sells
        with self.assertRaisesRegex(UserError, "still being copied"):
            v2.with_user(self.user_pricing).action_submit()
        with self.assertRaisesRegex(UserError, "still being copied"):
            self.env["dms.price.policy.line"].with_user(self.user_pricing).create(
                {"policy_id": v2.id, "product_id": self.green_tea.id, "fixed_price": 70.0}
            )
        with self.assertRaisesRegex(UserError, "still being copied"):
            v2.with_user(self.user_pricing).copy()
        with self.assertRaises(UserError):  # one open revision at a time
            self.v1.with_user(self.user_pricing).action_revise()
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        # a batch that fails is rolled back with its progress: the next run starts again from there
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.Policy._cron_copy_revision_lines(batch_size=3)
            raise RuntimeError("crash after the first batch")
        self.assertRecordValues(v2, [{"line_copy_source_id": self.v1.id, "line_copy_last_id": 0}])
        self.assertFalse(v2.line_ids)
        # batches of 3: a first batch, then the rest
        self.Policy._cron_copy_revision_lines(batch_size=3)
        self.assertEqual(len(v2.line_ids), 3)
        self.assertEqual(v2.line_copy_last_id, sorted(self.v1.line_ids.ids)[2])
        self.assertTrue(v2.line_copy_source_id)
        self.Policy._cron_copy_revision_lines(batch_size=3)
        self.assertRecordValues(v2, [{"line_copy_source_id": False}])
        self.assertEqual(self._line_values(v2), self._line_values(self.v1))
        # a rerun copies nothing more
        self.Policy._cron_copy_revision_lines(batch_size=3)
        self.assertEqual(len(v2.line_ids), 4)
        self.assertTrue(any("All 4 lines" in str(body) for body in v2.message_ids.mapped("body")))
        # then it is an ordinary draft
        v2.line_ids.filtered(lambda line: line.product_id == self.water).fixed_price = 7.5
        self.assertEqual(self._price(self.dist_a, self.water)["price"], 8.0)
        v2.with_user(self.user_pricing).action_submit()
        v2.with_user(self.user_hq).action_approve()
        self.assertEqual(self._price(self.dist_a, self.water)["price"], 7.5)
        self.assertEqual(self.v1.state, "superseded")

    def test_the_real_cron_is_triggered(self):
        self._background()
        cron = self.env.ref("dms_pricing.ir_cron_dms_price_policy_revision")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        v2 = self._revise(self.v1)
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        cron.method_direct_trigger()
        self.assertEqual(len(v2.line_ids), 4)
        self.assertFalse(v2.line_copy_source_id)

    # ------------------------------------------------------------------ revision of a revision
    def test_revision_of_a_revision(self):
        self._background()
        v2 = self._revise(self.v1)
        self._copy_all(batch_size=2)
        v2.line_ids.filtered(lambda line: line.product_id == self.water).fixed_price = 7.0
        v2.line_ids = [Command.create({"product_id": self.green_tea.id, "fixed_price": 70.0})]
        v2.action_submit()
        v2.with_user(self.user_hq).action_approve()
        v3 = self._revise(v2)
        self.assertEqual((v3.version, v3.previous_version_id, v3.line_copy_source_id), (3, v2, v2))
        self.assertEqual(self._price(self.dist_a, self.water)["price"], 7.0)  # v2 sells meanwhile
        self._copy_all(batch_size=2)
        self.assertEqual(self._line_values(v3), self._line_values(v2))
        self.assertEqual(len(v3.line_ids), 5)
        v3.line_ids.filtered(lambda line: line.product_id == self.green_tea).fixed_price = 72.0
        v3.action_submit()
        v3.with_user(self.user_hq).action_approve()
        self.assertEqual((self.v1.state, v2.state, v3.state), ("superseded", "superseded", "active"))
        self.assertEqual(self._price(self.dist_a, self.green_tea)["price"], 72.0)
        self.assertEqual(self._price(self.dist_a, self.water)["price"], 7.0)
        self.assertIn("v3", self._price(self.dist_a, self.water)["explanation"])
        self.assertEqual(v3.version_ids, v3 | v2 | self.v1)
        # every version keeps its own lines
        self.assertEqual(len(self.v1.line_ids), 4)
        self.assertEqual(len(v2.line_ids), 5)

    # ------------------------------------------------------------------ approvals stay right
    def test_revision_below_the_floor_needs_hq(self):
        below = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 40.0}], approve=False)  # floor 44
        below.action_submit()
        below.with_user(self.user_hq).action_approve()
        self._background(1)
        revision = self._revise(below)
        self._copy_all()
        self.assertTrue(revision.needs_hq_approval)
        revision.with_user(self.user_pricing).action_submit()
        other_pricing = new_test_user(
            self.env, login="dms_pricing_rev", groups="base.group_user,dms_pricing.group_dms_pricing_manager"
        )
        with self.assertRaisesRegex(AccessError, "HQ manager"):
            revision.with_user(other_pricing).action_approve()
        revision.with_user(self.user_hq).action_approve()
        self.assertEqual(revision.hq_approved_by_id, self.user_hq)

    # ------------------------------------------------------------------ clients
    def test_clients_cannot_drive_the_copy(self):
        self._background()
        v2 = self._revise(self.v1, self.user_pricing)
        for vals in ({"line_copy_source_id": False}, {"line_copy_last_id": 99999}):
            with self.assertRaises(AccessError):
                v2.with_user(self.user_pricing).write(vals)
        with self.assertRaises(AccessError):
            self.Policy.with_user(self.user_pricing).create({"name": "Forged", "line_copy_source_id": self.v1.id})
        forged = (
            self.Policy.with_user(self.user_pricing)
            .with_context(default_line_copy_source_id=self.v1.id)
            .create({"name": "Forged default"})
        )
        self.assertFalse(forged.line_copy_source_id)
        # a rep cannot revise (no write access to the policy)
        other = self._dms_policy([{"product_id": self.green_tea.id, "fixed_price": 75.0}])
        with self.assertRaises(AccessError):
            other.with_user(self.user_rep_a).action_revise()
        self.assertEqual(other.version_ids, other)

    # ------------------------------------------------------------------ query budget
    def test_revise_query_budget(self):
        """Revising costs the same queries for 4 or 300 lines, in the request or in the background."""
        products = self.env["product.product"].create(
            [{"name": f"Revise {i}", "list_price": 20.0, "standard_price": 5.0} for i in range(300)]
        )

        def policy(n):
            return self._dms_policy([{"product_id": p.id, "fixed_price": 15.0} for p in products[:n]])

        def revise(source, budget):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            with self.assertQueryCount(budget):
                new = self._revise(source, self.user_pricing)
                self.env.flush_all()
            return new, self.cr.sql_log_count - start

        revise(policy(1), QUERIES_WARM_UP)  # warm-up: registry caches (groups, xmlids, mail subtypes)
        small, small_count = revise(policy(4), QUERIES_REVISE)
        big, big_count = revise(policy(300), QUERIES_REVISE)
        self.assertEqual(small_count, big_count)
        self.assertEqual((len(small.line_ids), len(big.line_ids)), (4, 300))

        self._background(1)
        revise(policy(1), QUERIES_WARM_UP)
        small, small_count = revise(policy(4), QUERIES_REVISE_BACKGROUND)
        big, big_count = revise(policy(300), QUERIES_REVISE_BACKGROUND)
        self.assertEqual(small_count, big_count)
        self.assertFalse(small.line_ids | big.line_ids)
        self.Policy._cron_copy_revision_lines()  # the warm-up's revision
        self.Policy._cron_copy_revision_lines()  # the small one
        self.assertFalse(small.line_copy_source_id)
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_COPY_BATCH):
            self.Policy._cron_copy_revision_lines(batch_size=1000)
            self.env.flush_all()
        self.assertEqual(len(big.line_ids), 300)


QUERIES_WARM_UP = 60
QUERIES_REVISE = 18
QUERIES_REVISE_BACKGROUND = 21
QUERIES_COPY_BATCH = 14
