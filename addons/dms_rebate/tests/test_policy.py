# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DmsRebateCommon


@tagged("post_install", "-at_install")
class TestRebatePolicy(DmsRebateCommon):
    def test_bad_tiers_are_refused(self):
        Policy = self.env["dms.rebate.policy"]
        bad_tables = {
            "unordered": [(5000.0, 5.0), (1000.0, 2.0)],
            "overlapping": [(1000.0, 2.0), (1000.0, 5.0)],
            "negative rate": [(1000.0, -2.0)],
            "negative threshold": [(-1.0, 2.0)],
        }
        for label, table in bad_tables.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                self._create_policy(
                    name=f"Bad {label}",
                    tier_ids=[
                        Command.create({"sequence": i, "threshold": t, "rate": r}) for i, (t, r) in enumerate(table)
                    ],
                )
            self.assertFalse(Policy.search([("name", "=", f"Bad {label}")]))
        # editing a draft policy into overlap is refused too (an approved one's tiers are frozen)
        draft = self._create_policy(name="Draft tiers")
        with self.assertRaises(ValidationError):
            draft.tier_ids[1].threshold = 1000.0

    def test_policy_without_eligible_dealers(self):
        policy = self._create_policy(name="Nobody", territory_ids=[Command.clear()])
        with self.assertRaises(UserError):
            policy.action_submit()
        self.assertEqual(policy.state, "draft")
        wizard = self.env["dms.rebate.simulation"].create(
            {"policy_id": policy.id, "date_from": self.last_month_start, "date_to": self.last_month_end}
        )
        with self.assertRaises(UserError):
            wizard.action_compute()

    def test_eligibility(self):
        self.assertEqual(self.policy._get_eligible_partners(), self.dist_a | self.sub_a | self.retail_a)
        by_level = self._create_policy(territory_ids=[Command.clear()], level_ids=[Command.set(self.level_core.ids)])
        self.assertEqual(by_level._get_eligible_partners(), self.dist_b | self.sub_a)
        # criteria are ANDed (dms.targeting.mixin): this test pinned an OR, which paid a dealer named
        # on a policy of another territory (and every dealer of the territory besides)
        explicit = self._create_policy(
            territory_ids=[Command.set(self.terr_chengdu.ids)],
            partner_ids=[Command.set((self.dist_a | self.sub_b).ids)],
        )
        self.assertEqual(explicit._get_eligible_partners(), self.sub_b)
        core_east = self._create_policy(level_ids=[Command.set(self.level_core.ids)])
        self.assertEqual(core_east._get_eligible_partners(), self.sub_a)

    def test_versioning(self):
        action = self.policy.action_revise()
        v2 = self.env["dms.rebate.policy"].browse(action["res_id"])
        self.assertRecordValues(
            v2,
            [{"state": "draft", "version": 2, "previous_version_id": self.policy.id, "root_id": self.policy.id}],
        )
        self.assertEqual(len(v2.tier_ids), 2)
        self.assertEqual(self.policy.state, "active")
        v2.tier_ids[0].rate = 3.0
        self._approve_policy(v2)
        self.assertEqual((self.policy.state, v2.state), ("closed", "active"))
        self.assertEqual(self.policy._get_responsible_version(self.last_month_start, self.last_month_end), v2)

    def test_simulation_of_draft_policy(self):
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        self._invoice(self.sub_a, 2000.0, self.last_month_end)
        self._invoice(self.retail_a, 500.0, self.last_month_end)
        self._invoice(self.dist_b, 10000.0, self.last_month_start)
        draft = self._create_policy(name="Draft Rebate", tier_mode="progressive")
        wizard = self.env["dms.rebate.simulation"].create(
            {"policy_id": draft.id, "date_from": self.last_month_start, "date_to": self.last_month_end}
        )
        wizard.action_compute()
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {self.dist_a, self.sub_a, self.retail_a})
        # progressive: 4000 x 2 % + 1000 x 5 %
        self.assertAlmostEqual(lines[self.dist_a].earned, 130.0)
        self.assertAlmostEqual(lines[self.sub_a].earned, 20.0)
        self.assertAlmostEqual(lines[self.retail_a].earned, 0.0)
        self.assertAlmostEqual(lines[self.retail_a].missing_to_next, 500.0)
        self.assertAlmostEqual(wizard.total_earned, 150.0)
        self.assertFalse(self.env["dms.rebate.accrual"].search([("policy_id", "=", draft.id)]))

    def test_dealer_progress_api(self):
        self._invoice(self.dist_a, 3000.0, self.today)
        self._invoice(self.sub_a, 600.0, self.today)
        progress = self.portal_a_user.partner_id.with_user(self.portal_a_user)._dms_rebate_progress()
        self.assertEqual(len(progress), 1)
        entry = progress[0]
        self.assertEqual(entry["policy"], self.policy)
        self.assertEqual(
            (entry["basis"], entry["tier_rate"], entry["earned"], entry["next_threshold"], entry["missing_to_next"]),
            (3000.0, 2.0, 60.0, 5000.0, 2000.0),
        )
        self.assertEqual(entry["currency_id"], self.company.currency_id)
        self.assertFalse(self.dist_b._dms_rebate_progress())
        # the per-dealer backend view
        action = self.dist_a.with_user(self.user_rep_a).action_dms_rebate_progress()
        wizard = self.env["dms.rebate.simulation"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.mapped("earned"), [60.0])

    def test_roles(self):
        vals = {"name": "Role Test", "date_start": self.today, "partner_ids": [Command.set(self.dist_a.ids)]}
        for user in (self.user_rep_a, self.user_finance, self.user_region_east):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dms.rebate.policy"].with_user(user).create(vals)
        policy = (
            self.env["dms.rebate.policy"]
            .with_user(self.user_hq)
            .create(dict(vals, tier_ids=[Command.create({"threshold": 0.0, "rate": 1.0})]))
        )
        policy.action_submit()
        with self.assertRaises(AccessError):
            policy.action_approve()  # not the one who submitted it
        policy.with_env(self.env).action_approve()
        self.assertEqual(policy.state, "active")
        self.assertTrue(self.policy.with_user(self.user_rep_a).name)
        with self.assertRaises(AccessError):
            self.policy.with_user(self.portal_a_admin).read(["name"])
