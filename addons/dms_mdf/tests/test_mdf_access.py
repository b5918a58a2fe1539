# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsMdfCommon


@tagged("post_install", "-at_install")
class TestMdfVisibility(DmsMdfCommon):
    """Who sees which funds, activities and claims, at the ORM (the portal pages and JSON-RPC are
    attacked in test_mdf_portal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.budget_b = cls.env["dms.mdf.budget"].create(
            {
                "name": "Fund B",
                "partner_id": cls.dist_b.id,
                "date_from": cls.budget_a.date_from,
                "date_to": cls.budget_a.date_to,
                "amount": 8000.0,
            }
        )
        cls.activity_a = cls._approved(amount=3000.0)
        cls.claim_a = cls._claim(cls.activity_a, 1000.0)
        cls.activity_sub = cls._approved(dealer=cls.sub_a, user=cls.portal_sub_a, amount=2000.0)
        cls.activity_b = cls._approved(dealer=cls.dist_b, user=cls.portal_b_admin, approver=cls.user_region_west)
        cls.claim_b = cls._claim(cls.activity_b, 500.0, user=cls.portal_b_admin)

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([]).with_env(self.env)

    def test_hq_and_finance_see_all(self):
        for user in (self.user_hq, self.user_finance):
            self.assertLessEqual(
                self.budget_a | self.budget_b | self.budget_east, self._visible(user, "dms.mdf.budget")
            )
            self.assertLessEqual(
                self.activity_a | self.activity_b | self.activity_sub, self._visible(user, "dms.mdf.activity")
            )
            self.assertLessEqual(self.claim_a | self.claim_b, self._visible(user, "dms.mdf.claim"))

    def test_region_sees_its_subtree(self):
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

    def test_rep_sees_its_dealers(self):
        self.assertEqual(self._visible(self.user_rep_a, "dms.mdf.activity"), self.activity_a | self.activity_sub)
        self.assertEqual(self._visible(self.user_rep_b, "dms.mdf.claim"), self.claim_b)
        with self.assertRaises(AccessError):  # a rep does not decide
            self.claim_a.with_user(self.user_rep_a).action_approve()

    def test_dealer_sees_its_own(self):
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
