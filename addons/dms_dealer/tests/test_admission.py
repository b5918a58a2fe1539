# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DmsDealerCommon
from .test_qualification import DmsQualificationMixin


@tagged("post_install", "-at_install")
class TestDealerAdmission(DmsQualificationMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_qualification_types()
        cls.approval_type = cls.env.ref("dms_dealer.mail_activity_type_dms_approval")
        cls.Application = cls.env["dms.dealer.application"]

    def _application(self, level=None, territory=None, user=None, qualifications=True, **vals):
        user = user or self.user_rep_a
        values = {
            "partner_name": "Jade Applicant Trading",
            "vat": "91310000APPLICANT1",
            "city": "Shanghai",
            "zip": "200300",
            "country_id": self.country_cn.id,
            "contact_name": "Li Lei",
            "phone": "+86 21 5555 0101",
            "email": "li.lei@applicant.example.com",
            "bank_name": "Bank of Test",
            "bank_account": "6222000011112222",
            "dealer_type": "sub_dealer",
            "requested_level_id": (level or self.level_core).id,
            "requested_territory_id": (territory or self.terr_shanghai).id,
            "requested_parent_id": self.dist_a.id,
        }
        if qualifications:
            values["qualification_ids"] = [
                Command.create(
                    {
                        "type_id": qtype.id,
                        "number": f"{qtype.code}-APP",
                        "date_expiry": self.today + timedelta(days=365),
                    }
                )
                for qtype in (self.type_licence, self.type_food)
            ]
        values.update(vals)
        return self.Application.with_user(user).create(values)

    def _approval_activities(self, application):
        return application.activity_ids.filtered(lambda a: a.activity_type_id == self.approval_type)

    def test_sequence_and_draft(self):
        application = self._application()
        self.assertTrue(application.name.startswith("APP/"))
        self.assertEqual(application.state, "draft")
        self.assertEqual(application.user_id, self.user_rep_a)

    def test_form_flow_by_rep(self):
        with Form(self.Application.with_user(self.user_rep_a)) as form:
            form.partner_name = "Form Applicant"
            form.requested_level_id = self.level_regular
            form.requested_territory_id = self.terr_shanghai
            with form.qualification_ids.new() as line:
                line.type_id = self.type_licence
                line.number = "BL-FORM"
            with form.qualification_ids.new() as line:
                line.type_id = self.type_food
                line.number = "FDL-FORM"
        application = form.record
        self.assertEqual(len(application.qualification_ids), 2)
        application.action_submit()
        self.assertEqual(application.state, "submitted")

    def test_submission_requires_valid_mandatory_qualifications(self):
        application = self._application(qualifications=False)
        application.qualification_ids = [
            Command.create({"type_id": self.type_licence.id, "number": "BL-1"}),
            Command.create(
                {"type_id": self.type_food.id, "number": "FDL-1", "date_expiry": self.today - timedelta(days=1)}
            ),
        ]
        with self.assertRaisesRegex(UserError, "Food Distribution Licence"):
            application.action_submit()
        self.assertEqual(application.state, "draft")
        self.assertFalse(application.activity_ids)

    def test_core_level_approved_by_region_manager(self):
        application = self._application()
        application.with_user(self.user_rep_a).action_submit()
        self.assertEqual(application.state, "submitted")
        activity = self._approval_activities(application)
        self.assertEqual(activity.user_id, self.user_region_east, "the manager of the territory's region reviews")
        # roles that must not approve
        with self.assertRaises(AccessError):
            application.with_user(self.user_rep_a).action_approve()
        with self.assertRaises(AccessError):
            application.with_user(self.user_region_west).action_approve()
        self.assertEqual(application.state, "submitted")
        partners_before = self.env["res.partner"].search_count([])
        application.with_user(self.user_region_east).action_approve()
        self.assertEqual(application.state, "approved")
        self.assertEqual(application.region_approver_id, self.user_region_east)
        self.assertFalse(self._approval_activities(application), "the review activity is done")
        dealer = application.partner_id
        self.assertRecordValues(
            dealer,
            [
                {
                    "name": "Jade Applicant Trading",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "sub_dealer",
                    "dealer_state": "active",
                    "dealer_state_reason": "Admission approved",
                    "dealer_level_id": self.level_core.id,
                    "territory_id": self.terr_shanghai.id,
                    "dealer_parent_id": self.dist_a.id,
                    "dealer_root_id": self.dist_a.id,
                    "user_id": self.user_rep_a.id,
                    "vat": "91310000APPLICANT1",
                }
            ],
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 2, "dealer and its contact")
        self.assertEqual(dealer.child_ids.name, "Li Lei")
        self.assertEqual(dealer.bank_ids.acc_number, "6222000011112222")
        self.assertEqual(application.qualification_ids.partner_id, dealer, "qualifications moved to the dealer")
        self.assertIn(dealer, self.dist_a._get_dealer_downstream())
        self.assertTrue(dealer._dealer_can_order())

    def test_strategic_level_needs_hq(self):
        self.terr_hq.manager_id = self.user_hq
        application = self._application(level=self.level_strategic, territory=self.terr_east, requested_parent_id=False)
        self.assertTrue(application.needs_hq_approval)
        application.action_submit()
        application.with_user(self.user_region_east).action_approve()
        self.assertEqual(application.state, "region_approved")
        self.assertFalse(application.partner_id, "no dealer before HQ approval")
        self.assertEqual(self._approval_activities(application).user_id, self.user_hq)
        with self.assertRaises(AccessError):
            application.with_user(self.user_region_east).action_approve()
        with self.assertRaises(AccessError):
            application.with_user(self.user_rep_a).action_approve()
        application.with_user(self.user_hq).action_approve()
        self.assertEqual(application.state, "approved")
        self.assertEqual(application.hq_approver_id, self.user_hq)
        self.assertEqual(application.partner_id.dealer_level_id, self.level_strategic)
        self.assertEqual(application.partner_id.dealer_state, "active")
        self.assertFalse(self._approval_activities(application))

    def test_illegal_state_changes(self):
        application = self._application()
        with self.assertRaises(UserError):
            application.with_user(self.user_region_east).action_approve()  # still a draft
        with self.assertRaises(UserError):
            application.with_user(self.user_rep_a).write({"state": "approved"})
        with self.assertRaises(UserError):
            self._application(state="approved")
        application.action_submit()
        with self.assertRaises(UserError):
            application.action_submit()
        with self.assertRaises(UserError):
            application.action_reset_draft()
        application.with_user(self.user_region_east).action_approve()
        with self.assertRaises(UserError):
            application.with_user(self.user_hq).action_approve()
        with self.assertRaises(UserError):
            application.with_user(self.user_hq)._action_reject("too late")
        with self.assertRaises(UserError):
            application.unlink()

    def test_reject_with_reason(self):
        application = self._application()
        application.action_submit()
        with self.assertRaises(UserError):
            application.with_user(self.user_region_east)._action_reject(" ")
        with self.assertRaises(AccessError):
            application.with_user(self.user_region_west)._action_reject("not mine")
        wizard = (
            self.env["dms.dealer.application.reject"]
            .with_user(self.user_region_east)
            .create({"application_ids": [Command.set(application.ids)], "reason": "Territory already covered"})
        )
        wizard.action_reject()
        self.assertEqual(application.state, "rejected")
        self.assertEqual(application.reject_reason, "Territory already covered")
        self.assertFalse(application.partner_id)
        self.assertFalse(self._approval_activities(application))
        application.with_user(self.user_rep_a).action_reset_draft()
        self.assertEqual(application.state, "draft")

    def test_link_existing_partner(self):
        prospect = self.env["res.partner"].create({"name": "Existing Customer Co", "is_company": True})
        application = self._application(partner_id=prospect.id, requested_parent_id=False, dealer_type="distributor")
        application.action_submit()
        count = self.env["res.partner"].search_count([])
        application.with_user(self.user_region_east).action_approve()
        self.assertEqual(application.partner_id, prospect)
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        self.assertTrue(prospect.is_dealer)
        self.assertEqual(prospect.dealer_state, "active")
        self.assertEqual(prospect.name, "Existing Customer Co", "the linked partner keeps its own data")

    def test_failed_approval_changes_nothing(self):
        """A terminated dealer cannot be re-admitted: clear error, nothing written."""
        old = self._dms_create_dealer("Old Dealer", territory_id=self.terr_shanghai.id)
        old._dealer_set_state("terminated", "Contract ended")
        application = self._application(partner_id=old.id, requested_parent_id=False)
        application.action_submit()
        with self.assertRaises(UserError):
            application.with_user(self.user_region_east).action_approve()
        self.assertEqual(application.state, "submitted")
        self.assertFalse(application.region_approver_id)
        self.assertFalse(application.qualification_ids.partner_id)
        self.assertEqual(old.dealer_state, "terminated")
        self.assertFalse(old.bank_ids)

    def test_inactive_upstream_refused(self):
        self.dist_b._dealer_set_state("suspended", "Audit")
        application = self._application(territory=self.terr_chengdu, requested_parent_id=self.dist_b.id)
        with self.assertRaises(UserError):
            application.action_submit()
        self.assertEqual(application.state, "draft")

    def test_related_parties_warned_at_submission(self):
        self.dist_b.vat = "91310000APPLICANT1"
        application = self._application()
        application.with_user(self.user_rep_a).action_submit()
        # rep A may not read dealer B: the warning still names it, HQ sees the link
        self.assertIn(self.dist_b.name, application.related_warning)
        self.assertIn(self.dist_b, application.with_user(self.user_hq).related_partner_ids)
        self.assertTrue(application.message_ids.filtered(lambda m: self.dist_b.name in (m.body or "")))

    def test_no_related_parties_no_warning(self):
        application = self._application(vat=False, phone=False, email=False, bank_account=False, street=False)
        application.action_submit()
        self.assertFalse(application.related_warning)

    def test_visibility_by_role(self):
        application = self._application()
        self.assertTrue(application.with_user(self.user_region_east).read(["name"]))
        self.assertTrue(application.with_user(self.user_hq).read(["name"]))
        for user in (self.user_rep_b, self.user_region_west):
            with self.assertRaises(AccessError):
                application.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            application.with_user(self.portal_a_admin).read(["name"])
        with self.assertRaises(AccessError):
            application.with_user(self.user_rep_a).unlink()
