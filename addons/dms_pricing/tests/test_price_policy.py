# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DmsPricingCommon


@tagged("post_install", "-at_install")
class TestPricePolicy(DmsPricingCommon):
    def test_versions_revise_supersede(self):
        v1 = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}])
        self.assertEqual(v1.state, "active")
        self.assertTrue(v1.code.startswith("P-"))
        # an active version is never edited in place
        with self.assertRaises(UserError):
            v1.name = "Changed"
        with self.assertRaises(UserError):
            v1.line_ids.fixed_price = 10.0
        with self.assertRaises(UserError):
            v1.line_ids = [Command.create({"product_id": self.water.id, "fixed_price": 8.0})]
        with self.assertRaises(UserError):
            v1.unlink()
        action = v1.action_revise()
        v2 = self.env["dms.price.policy"].browse(action["res_id"])
        self.assertEqual((v2.code, v2.version, v2.state, v2.previous_version_id), (v1.code, 2, "draft", v1))
        with self.assertRaises(UserError):  # one open revision at a time
            v1.action_revise()
        v2.line_ids.fixed_price = 85.0
        # until v2 is approved, v1 prices
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        v2.action_submit()
        v2.action_approve()
        self.assertEqual((v1.state, v1.superseded_by_id), ("superseded", v2))
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 85.0)
        self.assertIn("v2", self._price(self.dist_a, self.tea)["explanation"])
        # history stays readable, with the old prices
        self.assertEqual(v2.version_ids, v2 | v1)
        self.assertEqual(v1.line_ids.fixed_price, 90.0)
        # the approval is tracked in the chatter
        self.assertTrue(v2.approved_by_id)

    def test_revision_starting_later(self):
        today = fields.Date.today()
        v1 = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}])
        v2 = v1.browse(v1.action_revise()["res_id"])
        v2.write({"date_start": today + timedelta(days=10)})
        v2.line_ids.fixed_price = 80.0
        v2.action_submit()
        v2.action_approve()
        # the old version sells until the new one starts
        self.assertEqual((v1.state, v1.date_end), ("active", today + timedelta(days=9)))
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        self.assertEqual(self._price(self.dist_a, self.tea, date=today + timedelta(days=10))["price"], 80.0)

    def test_cron_expires(self):
        today = fields.Date.today()
        policy = self._dms_policy(
            [{"product_id": self.tea.id, "fixed_price": 90.0}],
            date_start=today - timedelta(days=5),
            date_end=today - timedelta(days=1),
        )
        self.env["dms.price.policy"]._cron_update_states()
        self.assertEqual(policy.state, "expired")

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self._dms_policy([{"fixed_price": 1.0}], approve=False)  # no product scope
        with self.assertRaises(ValidationError):
            self._dms_policy(
                [{"product_id": self.tea.id, "categ_id": self.categ_tea.id, "fixed_price": 1.0}], approve=False
            )
        with self.assertRaises(ValidationError):
            self._dms_policy(
                [{"product_id": self.tea.id, "partner_id": self.dist_a.id, "dealer_level_id": self.level_core.id}],
                approve=False,
            )
        with self.assertRaises(ValidationError):
            self._dms_policy([{"product_id": self.tea.id, "compute_price": "discount", "discount": 120}], approve=False)
        with self.assertRaises(ValidationError):
            self._dms_policy(
                [{"product_id": self.tea.id, "fixed_price": 5}],
                approve=False,
                date_start="2026-02-01",
                date_end="2026-01-01",
            )
        empty = self._dms_policy([], approve=False)
        with self.assertRaises(UserError):
            empty.action_submit()
        self.assertEqual(empty.state, "draft")

    def test_approval_roles(self):
        normal = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}], approve=False)
        normal.action_submit()
        # a rep and a regional manager cannot approve
        for user in (self.user_rep_a, self.user_region_east):
            with self.assertRaises(AccessError):
                normal.with_user(user).action_approve()
        self.assertEqual(normal.state, "to_approve")
        normal.with_user(self.user_pricing).action_approve()
        self.assertEqual((normal.state, normal.approved_by_id), ("active", self.user_pricing))

    def test_hq_approval_for_floor_and_deep_discount(self):
        below = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 40.0}], approve=False)  # floor 44
        deep = self._dms_policy(
            [{"product_id": self.green_tea.id, "compute_price": "discount", "discount": 35.0}], approve=False
        )
        fine = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 75.0}], approve=False)
        self.assertEqual((below.needs_hq_approval, deep.needs_hq_approval, fine.needs_hq_approval), (True, True, False))
        self.assertAlmostEqual(below.line_ids.floor_price, 44.0)
        (below | deep | fine).action_submit()
        for policy in below | deep:
            with self.assertRaises(AccessError):
                policy.with_user(self.user_pricing).action_approve()
            self.assertEqual(policy.state, "to_approve")
            policy.with_user(self.user_hq).action_approve()
            self.assertEqual((policy.state, policy.hq_approved_by_id), ("active", self.user_hq))
        fine.with_user(self.user_pricing).action_approve()
        self.assertFalse(fine.hq_approved_by_id)

    def test_regional_visibility(self):
        Policy = self.env["dms.price.policy"]
        east = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}], territory_id=self.terr_east.id)
        west = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 91.0}], territory_id=self.terr_west.id)
        national = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 92.0}])
        mine = Policy.with_user(self.user_region_east).search([("id", "in", (east | west | national).ids)])
        self.assertEqual(mine, east | national)
        with self.assertRaises(AccessError):
            west.with_user(self.user_region_east).read(["name"])
        with self.assertRaises(AccessError):
            west.line_ids.with_user(self.user_region_east).read(["fixed_price"])
        # a regional manager drafts policies in their region only, and cannot edit national ones
        draft = Policy.with_user(self.user_region_east).create(
            {
                "name": "East promo",
                "territory_id": self.terr_shanghai.id,
                "line_ids": [Command.create({"product_id": self.tea.id, "fixed_price": 95.0})],
            }
        )
        draft.with_user(self.user_region_east).action_submit()
        with self.assertRaises(AccessError):
            Policy.with_user(self.user_region_east).create({"name": "West grab", "territory_id": self.terr_west.id})
        with self.assertRaises(AccessError):
            national.with_user(self.user_region_east).action_revise()
        # a rep reads but never writes
        with self.assertRaises(AccessError):
            Policy.with_user(self.user_rep_a).create({"name": "Rep policy"})
        # pricing manager and HQ see everything
        for user in (self.user_pricing, self.user_hq):
            self.assertEqual(
                Policy.with_user(user).search_count([("id", "in", (east | west | national | draft).ids)]), 4
            )

    def test_prices_do_not_depend_on_viewer(self):
        """Portal users and reps get the same prices although they cannot read policies."""
        self._dms_policy(
            [{"product_id": self.tea.id, "partner_id": self.dist_a.id, "fixed_price": 77.0}],
            territory_id=self.terr_west.id,
        )
        for user in (self.portal_a_admin, self.user_rep_a):
            res = self.env["dms.price.engine"].with_user(user)._get_prices(self.dist_a, [(self.tea, 1.0)])
            self.assertEqual(res[0]["price"], 77.0)

    def test_approval_cost_does_not_grow_with_lines(self):
        """Approving checks every line in SQL (no records loaded): same queries for 3 or 300 lines."""
        products = self.env["product.product"].create(
            [{"name": f"Approve {i}", "list_price": 20.0, "standard_price": 5.0} for i in range(300)]
        )
        counts = []
        for n in (1, 3, 300):  # the first run warms up caches (groups, mail subtypes)
            policy = self._dms_policy([{"product_id": p.id, "fixed_price": 15.0} for p in products[:n]], approve=False)
            policy.action_submit()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            policy.with_user(self.user_pricing).action_approve()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - start)
            self.assertEqual(policy.state, "active")
        self.assertEqual(counts[1], counts[2], counts)

    def test_big_policy_is_approved_in_the_background(self):
        self.env["ir.config_parameter"].sudo().set_param("dms_pricing.async_approval_min_lines", "2")
        big = self._dms_policy(
            [{"product_id": self.tea.id, "fixed_price": 90.0}, {"product_id": self.water.id, "fixed_price": 9.0}],
            approve=False,
        )
        below = self._dms_policy(
            [{"product_id": self.tea.id, "fixed_price": 10.0}, {"product_id": self.water.id, "fixed_price": 1.0}],
            approve=False,
        )
        (big | below).action_submit()
        (big | below).with_user(self.user_pricing).action_approve()
        # nothing activated in the approver's request
        self.assertEqual((big.state, big.approval_queued_by_id), ("to_approve", self.user_pricing))
        self.assertEqual(self._price(self.dist_a, self.tea)["source"], "list_price")
        self.env["dms.price.policy"]._cron_update_states()
        self.assertEqual((big.state, big.approved_by_id), ("active", self.user_pricing))
        self.assertEqual(self._price(self.dist_a, self.tea)["price"], 90.0)
        # the cron applies the approver's rights: under the floor needs HQ, so it is refused
        self.assertEqual((below.state, below.approval_queued_by_id.id), ("to_approve", False))

    def test_line_changes_are_logged(self):
        policy = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}], approve=False)
        policy.line_ids.with_user(self.user_pricing).fixed_price = 88.0
        messages = policy.message_ids.mapped("body")
        self.assertTrue(any("90.0 → 88.0" in str(body) for body in messages), messages)
        policy.line_ids.unlink()
        self.assertTrue(any("1 line(s) removed." in str(body) for body in policy.message_ids.mapped("body")))
