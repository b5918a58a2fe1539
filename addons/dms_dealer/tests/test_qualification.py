# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import BaseCase, tagged

from ..tools import admission
from .common import DmsDealerCommon


class DmsQualificationMixin:
    @classmethod
    def _setup_qualification_types(cls):
        cls.type_licence = cls.env.ref("dms_dealer.qualification_type_business_licence")
        cls.type_brand = cls.env.ref("dms_dealer.qualification_type_brand_authorisation")
        cls.type_food = cls.env.ref("dms_dealer.qualification_type_food_licence")
        cls.today = fields.Date.context_today(cls.env["dms.dealer.qualification"])

    @classmethod
    def _qualification(cls, partner, qtype, days, **vals):
        values = {
            "partner_id": partner.id,
            "type_id": qtype.id,
            "number": f"{qtype.code}-{partner.ref or partner.id}",
            "date_expiry": cls.today + timedelta(days=days) if days is not None else False,
        }
        values.update(vals)
        return cls.env["dms.dealer.qualification"].create(values)


@tagged("post_install", "-at_install")
class TestAdmissionTools(BaseCase):
    # the doctests of tools.admission run in test_tools (assert_doctests)
    def test_state_boundaries(self):
        today = fields.Date.from_string("2026-06-15")
        cases = [
            (None, 30, admission.VALID),
            (today + timedelta(days=31), 30, admission.VALID),
            (today + timedelta(days=30), 30, admission.EXPIRING),
            (today, 30, admission.EXPIRING),
            (today - timedelta(days=1), 30, admission.EXPIRED),
            (today, 0, admission.EXPIRING),
            (today + timedelta(days=1), 0, admission.VALID),
            (today + timedelta(days=1), -5, admission.VALID),  # negative delay counts as 0
        ]
        for expiry, days, expected in cases:
            self.assertEqual(admission.qualification_state(expiry, today, days), expected, (expiry, days))

    def test_periods_overlap_is_symmetric_and_closed(self):
        d = fields.Date.from_string
        pairs = [
            ((d("2026-01-01"), d("2026-06-30")), (d("2026-06-30"), d("2026-12-31")), True),
            ((d("2026-01-01"), d("2026-06-30")), (d("2026-07-01"), d("2026-12-31")), False),
            ((d("2026-01-01"), d("2026-12-31")), (d("2026-03-01"), d("2026-03-31")), True),
        ]
        for (a, b), (c, e), expected in pairs:
            self.assertEqual(admission.periods_overlap(a, b, c, e), expected)
            self.assertEqual(admission.periods_overlap(c, e, a, b), expected)


@tagged("post_install", "-at_install")
class TestDealerQualification(DmsQualificationMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_qualification_types()
        cls.Qualification = cls.env["dms.dealer.qualification"]
        cls.expiry_type = cls.env.ref("dms_dealer.mail_activity_type_dms_expiry")

    def _reminders(self, qualifications):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "dms.dealer.qualification"),
                ("res_id", "in", qualifications.ids),
                ("activity_type_id", "=", self.expiry_type.id),
            ]
        )

    def test_seeded_types(self):
        self.assertTrue(self.type_licence.mandatory)
        self.assertTrue(self.type_food.mandatory)
        self.assertFalse(self.type_brand.mandatory)
        self.assertEqual(self.type_licence.with_context(lang="en_US").name, "Business Licence")

    def test_state_is_computed_and_searchable(self):
        expired = self._qualification(self.dist_a, self.type_licence, -1)
        expiring = self._qualification(self.dist_a, self.type_food, 10)
        valid = self._qualification(self.dist_a, self.type_brand, 100)
        permanent = self._qualification(self.dist_b, self.type_licence, None)
        self.assertEqual(
            (expired | expiring | valid | permanent).mapped("state"),
            ["expired", "expiring", "valid", "valid"],
        )
        mine = expired | expiring | valid | permanent
        self.assertEqual(self.Qualification.search([("id", "in", mine.ids), ("state", "=", "expired")]), expired)
        self.assertEqual(self.Qualification.search([("id", "in", mine.ids), ("state", "=", "expiring")]), expiring)
        self.assertEqual(
            self.Qualification.search([("id", "in", mine.ids), ("state", "=", "valid")]), valid | permanent
        )
        self.assertEqual(
            self.Qualification.search([("id", "in", mine.ids), ("state", "!=", "expired")]),
            expiring | valid | permanent,
        )

    def test_expiry_before_issue_is_refused(self):
        with self.assertRaises(ValidationError):
            self._qualification(self.dist_a, self.type_licence, 10, date_issue=self.today + timedelta(days=20))

    def test_qualification_needs_an_owner(self):
        with self.assertRaises(ValidationError):
            self.Qualification.create({"type_id": self.type_licence.id, "number": "X"})

    def test_reminder_once_for_the_responsible(self):
        """An activity for the dealer's rep, reminder_days before expiry, never twice."""
        soon = self._qualification(self.dist_a, self.type_food, 10)
        later = self._qualification(self.dist_b, self.type_food, 45)  # outside its 30 days
        self.Qualification._cron_check_expiry()
        activity = self._reminders(soon)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_rep_a)
        self.assertEqual(activity.date_deadline, soon.date_expiry)
        self.assertIn(self.dist_a.name, activity.summary)
        self.assertFalse(self._reminders(later))
        # rerun: no duplicate
        self.Qualification._cron_check_expiry()
        self.Qualification._cron_check_expiry()
        self.assertEqual(len(self._reminders(soon)), 1)
        # a renewed document that comes into the window again is reminded again
        soon.date_expiry = self.today + timedelta(days=20)
        self.Qualification._cron_check_expiry()
        self.assertEqual(len(self._reminders(soon)), 2)

    def test_application_documents_are_not_reminded(self):
        application = self.env["dms.dealer.application"].create(
            {
                "partner_name": "Applicant",
                "requested_level_id": self.level_regular.id,
                "requested_territory_id": self.terr_shanghai.id,
            }
        )
        qualification = self.Qualification.create(
            {"application_id": application.id, "type_id": self.type_licence.id, "date_expiry": self.today}
        )
        self.Qualification._cron_check_expiry()
        self.assertFalse(self._reminders(qualification))

    def test_reminder_goes_to_territory_manager_without_rep(self):
        dealer = self._dms_create_dealer("No Rep Dealer", territory_id=self.terr_shanghai.id)
        qualification = self._qualification(dealer, self.type_licence, 5)
        self.Qualification._cron_check_expiry()
        self.assertEqual(self._reminders(qualification).user_id, self.user_region_east)

    def test_expired_mandatory_suspends_dealer_and_nothing_else(self):
        expired = self._qualification(self.dist_b, self.type_licence, -1, number="BL-0001")
        self._qualification(self.dist_a, self.type_brand, -3)  # not mandatory: no suspension
        self._qualification(self.sub_a, self.type_food, 200)
        fields_to_keep = ["dealer_level_id", "territory_id", "dealer_parent_id", "user_id", "dealer_path", "active"]
        before = self.dist_b.read(fields_to_keep)
        others = self.dist_a | self.sub_a | self.sub_b | self.retail_a
        self.Qualification._cron_check_expiry()
        self.assertEqual(self.dist_b.dealer_state, "suspended")
        self.assertIn("Business Licence", self.dist_b.dealer_state_reason)
        self.assertIn("BL-0001", self.dist_b.dealer_state_reason)
        self.assertEqual(self.dist_b.read(fields_to_keep), before)
        self.assertEqual(set(others.mapped("dealer_state")), {"active"}, "downstream and other dealers untouched")
        message = self.dist_b.message_ids.filtered(lambda m: "BL-0001" in (m.body or ""))
        self.assertEqual(len(message), 1, "the chatter says why")
        self.assertFalse(self.dist_b._dealer_can_order())
        # a rerun does not post again nor fail on the suspended dealer
        self.Qualification._cron_check_expiry()
        self.assertEqual(len(self.dist_b.message_ids.filtered(lambda m: "BL-0001" in (m.body or ""))), 1)
        self.assertEqual(expired.state, "expired")

    def test_cron_scheduled_action_runs(self):
        self._qualification(self.dist_b, self.type_food, -2)
        cron = self.env.ref("dms_dealer.ir_cron_dms_dealer_qualification")
        cron.method_direct_trigger()
        self.assertEqual(self.dist_b.dealer_state, "suspended")

    def test_state_search_query_budget(self):
        """Searching by status costs the same whatever the number of documents."""
        total = 0
        for count in (3, 30):
            total += count
            self.Qualification.create(
                [
                    {
                        "partner_id": self.dist_a.id,
                        "type_id": self.type_food.id,
                        "number": f"Q{count}-{i}",
                        "date_expiry": self.today + timedelta(days=i),
                    }
                    for i in range(count)
                ]
            )
            self.env.invalidate_all()
            with self.assertQueryCount(4):  # types (search + read), the search: same for 3 or 33 rows
                found = self.Qualification.search([("state", "=", "expiring"), ("partner_id", "=", self.dist_a.id)])
            self.assertEqual(len(found), total)

    def test_access_by_role(self):
        qualification_a = self._qualification(self.dist_a, self.type_licence, 100)
        qualification_b = self._qualification(self.dist_b, self.type_licence, 100)
        # the rep sees and updates the documents of their own dealers only
        self.assertEqual(qualification_a.with_user(self.user_rep_a).number, qualification_a.number)
        qualification_a.with_user(self.user_rep_a).number = "BL-NEW"
        with self.assertRaises(AccessError):
            qualification_b.with_user(self.user_rep_a).read(["number"])
        with self.assertRaises(AccessError):
            qualification_a.with_user(self.user_region_west).read(["number"])
        self.assertTrue(qualification_a.with_user(self.user_region_east).read(["number"]))
        # portal: reads its own company's documents, nothing else, never writes
        self.assertTrue(qualification_a.with_user(self.portal_a_user).read(["number"]))
        with self.assertRaises(AccessError):
            qualification_b.with_user(self.portal_a_user).read(["number"])
        with self.assertRaises(AccessError):
            qualification_a.with_user(self.portal_a_admin).write({"number": "HACK"})
        # only HQ manages the types
        with self.assertRaises(AccessError):
            self.type_licence.with_user(self.user_region_east).write({"reminder_days": 1})
        self.type_licence.with_user(self.user_hq).write({"reminder_days": 45})
