# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError


class MdfVisibilityTests:
    """Who sees which funds, activities and claims, at the ORM (the portal pages and JSON-RPC are
    attacked in test_mdf_portal). Mixed into the flow tests' class: one accounting fixture."""

    def setUp(self):
        super().setUp()
        if self._testMethodName.startswith("test_visibility"):
            self._visibility_fixture()

    def _visibility_fixture(self):
        self.budget_b = self.env["dms.mdf.budget"].create(
            {
                "name": "Fund B",
                "partner_id": self.dist_b.id,
                "date_from": self.budget_a.date_from,
                "date_to": self.budget_a.date_to,
                "amount": 8000.0,
            }
        )
        self.activity_a = self._approved(amount=3000.0)
        self.claim_a = self._claim(self.activity_a, 1000.0)
        self.activity_sub = self._approved(dealer=self.sub_a, user=self.portal_sub_a, amount=2000.0)
        self.activity_b = self._approved(dealer=self.dist_b, user=self.portal_b_admin, approver=self.user_region_west)
        self.claim_b = self._claim(self.activity_b, 500.0, user=self.portal_b_admin)

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([]).with_env(self.env)

    def test_visibility_hq_and_finance_see_all(self):
        for user in (self.user_hq, self.user_finance):
            self.assertLessEqual(
                self.budget_a | self.budget_b | self.budget_east, self._visible(user, "dms.mdf.budget")
            )
            self.assertLessEqual(
                self.activity_a | self.activity_b | self.activity_sub, self._visible(user, "dms.mdf.activity")
            )
            self.assertLessEqual(self.claim_a | self.claim_b, self._visible(user, "dms.mdf.claim"))

    def test_visibility_region_sees_its_subtree(self):
        east = self.user_region_east
        self.assertEqual(self._visible(east, "dms.mdf.budget"), self.budget_a | self.budget_east)
        self.assertEqual(self._visible(east, "dms.mdf.activity"), self.activity_a | self.activity_sub)
        self.assertEqual(self._visible(east, "dms.mdf.claim"), self.claim_a)
        self.assertEqual(
            set(self._visible(east, "dms.mdf.report").mapped("partner_id").ids), {self.dist_a.id, self.sub_a.id}
        )
        west = self.user_region_west
        self.assertEqual(self._visible(west, "dms.mdf.activity"), self.activity_b)
        # another region's manager cannot decide East's claim, nor read it
        with self.assertRaises(AccessError):
            self.claim_a.with_user(west).action_approve()
        with self.assertRaises(AccessError):
            self.claim_a.with_user(west).read(["amount"])

    def test_visibility_rep_sees_its_dealers(self):
        self.assertEqual(self._visible(self.user_rep_a, "dms.mdf.activity"), self.activity_a | self.activity_sub)
        self.assertEqual(self._visible(self.user_rep_b, "dms.mdf.claim"), self.claim_b)
        with self.assertRaises(AccessError):  # a rep does not decide
            self.claim_a.with_user(self.user_rep_a).action_approve()

    def test_visibility_dealer_sees_its_own(self):
        for user in (self.portal_a_user, self.portal_a_admin):
            self.assertEqual(self._visible(user, "dms.mdf.budget"), self.budget_a)
            self.assertEqual(self._visible(user, "dms.mdf.activity"), self.activity_a)
            self.assertEqual(self._visible(user, "dms.mdf.claim"), self.claim_a)
        # the regional pool the sub-dealer draws on stays the brand's
        self.assertFalse(self._visible(self.portal_sub_a, "dms.mdf.budget"))
        self.assertEqual(self._visible(self.portal_sub_a, "dms.mdf.activity"), self.activity_sub)
        self.assertEqual(self._visible(self.portal_b_admin, "dms.mdf.claim"), self.claim_b)
        with self.assertRaises(AccessError):
            self.env["dms.mdf.report"].with_user(self.portal_a_user).search([])
        with self.assertRaises(AccessError):
            self.activity_b.with_user(self.portal_a_admin).read(["title"])
        with self.assertRaises(AccessError):  # acting on another dealer's activity
            self.activity_b.with_user(self.portal_a_admin).action_close()
