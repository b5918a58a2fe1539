# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every promise of admissions, agreements, level changes, related parties and
visibility, attacked as a hostile client would through the ORM (see
test_integrity_rpc for the same attacks over JSON-RPC)."""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DmsDealerCommon
from .test_qualification import DmsQualificationMixin

SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
)
LEGACY_FLAGS = ("dms_application_transition", "dms_agreement_transition", "dms_dealer_transition", "dms_workflow")


class DmsIntegrityMixin(DmsQualificationMixin):
    @classmethod
    def _setup_integrity(cls):
        cls._setup_qualification_types()
        cls.terr_hq.manager_id = cls.user_hq
        cls.user_hq_2 = cls._dms_user("dms_hq_2", "dms_dealer.group_dms_hq_manager")
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")

    @classmethod
    def _dms_user(cls, login, group):
        return new_test_user(cls.env, login=login, groups=f"base.group_user,{group}")

    def _application(self, user=None, level=None, territory=None, **vals):
        values = {
            "partner_name": "Integrity Applicant Co",
            "city": "Shanghai",
            "country_id": self.country_cn.id,
            "dealer_type": "sub_dealer",
            "requested_level_id": (level or self.level_core).id,
            "requested_territory_id": (territory or self.terr_shanghai).id,
            "qualification_ids": [
                Command.create(
                    {
                        "type_id": qtype.id,
                        "number": f"{qtype.code}-INT",
                        "date_expiry": self.today + timedelta(days=365),
                    }
                )
                for qtype in (self.type_licence, self.type_food)
            ],
            **vals,
        }
        return self.env["dms.dealer.application"].with_user(user or self.user_rep_a).create(values)

    def _agreement(self, partner=None, user=None, start=0, end=364, **vals):
        partner = partner or self.dist_b
        return (
            self.env["dms.dealer.agreement"]
            .with_user(user or self.user_rep_b)
            .create(
                {
                    "partner_id": partner.id,
                    "date_start": self.today + timedelta(days=start),
                    "date_end": self.today + timedelta(days=end),
                    "credit_limit": 50_000,
                    "payment_term_id": self.term_30.id,
                    **vals,
                }
            )
        )

    def _log(self, record):
        return self.env["dms.workflow.log"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )


@tagged("post_install", "-at_install")
class TestApplicationIntegrity(DmsIntegrityMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_integrity()

    def test_direct_state_write_is_refused_even_with_legacy_flags(self):
        application = self._application()
        application.action_submit()
        for user in (self.user_rep_a, self.user_region_east, self.user_hq):
            for flag in (None, *LEGACY_FLAGS):
                target = application.with_user(user)
                if flag:
                    target = target.with_context(**{flag: True})
                with self.assertRaises(AccessError):
                    target.write({"state": "approved"})
        for field, value in (
            ("region_approver_id", self.user_region_east.id),
            ("hq_approver_id", self.user_hq.id),
            ("reject_reason", "forged"),
            ("related_partner_ids", [Command.set([])]),
        ):
            with self.assertRaises(AccessError):
                application.with_user(self.user_hq).with_context(dms_application_transition=True).write({field: value})
        self.assertEqual(application.state, "submitted")
        self.assertFalse(application.partner_id)

    def test_create_in_a_later_state_is_refused(self):
        with self.assertRaises(AccessError):
            self._application(user=self.user_rep_a, state="submitted")
        with self.assertRaises(AccessError):
            self.env["dms.dealer.application"].with_user(self.user_hq).with_context(
                dms_application_transition=True
            ).create(
                {
                    "partner_name": "Forged",
                    "requested_level_id": self.level_core.id,
                    "requested_territory_id": self.terr_shanghai.id,
                    "state": "approved",
                    "region_approver_id": self.user_hq.id,
                }
            )
        application = (
            self.env["dms.dealer.application"]
            .with_user(self.user_rep_a)
            .with_context(default_state="approved", default_region_approver_id=self.user_region_east.id)
            .create(
                {
                    "partner_name": "Defaulted",
                    "requested_level_id": self.level_core.id,
                    "requested_territory_id": self.terr_shanghai.id,
                }
            )
        )
        self.assertEqual(application.state, "draft")
        self.assertFalse(application.region_approver_id)

    def test_admission_without_qualifications_is_refused_by_the_engine(self):
        """The qualifications vanish after submission: the approval checks them again."""
        application = self._application()
        application.with_user(self.user_rep_a).action_submit()
        self.env["dms.dealer.qualification"].browse(
            application.qualification_ids.filtered(lambda q: q.type_id == self.type_food).ids
        ).unlink()
        with self.assertRaisesRegex(UserError, "Food Distribution Licence"):
            application.with_user(self.user_region_east).with_context(dms_application_transition=True).action_approve()
        self.assertEqual(application.state, "submitted")
        self.assertFalse(application.partner_id)
        self.assertFalse(application.region_approver_id)

    def test_submitter_never_approves(self):
        application = self._application(user=self.user_region_east)
        application.with_user(self.user_region_east).action_submit()
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            application.with_user(self.user_region_east).action_approve()
        self.assertEqual(application.state, "submitted")
        # HQ may stand in for the region
        application.with_user(self.user_hq).action_approve()
        self.assertEqual(application.state, "approved")
        self.assertEqual(application.region_approver_id, self.user_hq)
        self.assertEqual(
            self._log(application).mapped("kind"), ["submit", "approve"], "each step is in the workflow log"
        )

    def test_one_person_never_approves_both_steps(self):
        application = self._application(level=self.level_strategic, territory=self.terr_east)
        self.assertTrue(application.needs_hq_approval)
        application.with_user(self.user_rep_a).action_submit()
        # the one-step approval and the HQ step cannot be taken out of turn
        with self.assertRaises(UserError):
            application.with_user(self.user_hq)._workflow_apply("approve")
        with self.assertRaises(UserError):
            application.with_user(self.user_hq)._workflow_apply("approve_hq")
        application.with_user(self.user_hq).action_approve()
        self.assertEqual(application.state, "region_approved")
        with self.assertRaisesRegex(AccessError, "already approved"):
            application.with_user(self.user_hq).action_approve()
        self.assertEqual(application.state, "region_approved")
        self.assertFalse(application.partner_id)
        application.with_user(self.user_hq_2).action_approve()
        self.assertEqual(application.state, "approved")
        self.assertEqual(application.hq_approver_id, self.user_hq_2)
        self.assertEqual(application.partner_id.dealer_state, "active")

    def test_company_setting_lifts_separation_of_duties(self):
        self.env.company.dms_workflow_allow_self_approval = True
        application = self._application(user=self.user_region_east)
        application.with_user(self.user_region_east).action_submit()
        application.with_user(self.user_region_east).action_approve()
        self.assertEqual(application.state, "approved")

    def test_reject_needs_a_reason_and_is_logged(self):
        application = self._application()
        application.with_user(self.user_rep_a).action_submit()
        with self.assertRaises(UserError):
            application.with_user(self.user_region_east)._workflow_apply("reject")
        with self.assertRaises(AccessError):
            application.with_user(self.user_rep_a)._action_reject("I reject my own")
        application.with_user(self.user_region_east)._action_reject("Territory covered")
        self.assertEqual(application.state, "rejected")
        self.assertEqual(application.reject_reason, "Territory covered")
        self.assertEqual(self._log(application)[-1].reason, "Territory covered")
        # a new cycle: the earlier approvers and rejection are cleared
        application.with_user(self.user_rep_a).action_reset_draft()
        application.with_user(self.user_rep_a).action_submit()
        self.assertFalse(application.reject_reason)

    def test_request_is_frozen_once_submitted(self):
        application = self._application()
        application.with_user(self.user_rep_a).action_submit()
        with self.assertRaises(UserError):
            application.with_user(self.user_rep_a).write({"requested_level_id": self.level_strategic.id})
        with self.assertRaises(UserError):
            application.with_user(self.user_rep_a).write({"partner_id": self.dist_b.id})
        self.assertEqual(application.requested_level_id, self.level_core)


@tagged("post_install", "-at_install")
class TestAgreementIntegrity(DmsIntegrityMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_integrity()

    def _approved(self, partner=None, **vals):
        agreement = self._agreement(partner, **vals)
        agreement.action_submit()
        west = agreement.partner_id.territory_id in (self.terr_west | self.terr_chengdu)
        while agreement.state == "to_approve":
            if agreement._approval_next_step() == "approve_hq":
                agreement.with_user(self.user_hq_2).action_approve()
            else:
                agreement.with_user(self.user_region_west if west else self.user_hq).action_approve()
        return agreement

    def test_rep_cannot_create_an_active_agreement(self):
        """The attack: a rep creates an agreement with the legacy flag, in 'signed', with a huge credit limit."""
        forged = {
            "state": "signed",
            "signed_by": "Nobody",
            "signed_on": fields.Datetime.now(),
            "region_approver_id": self.user_region_west.id,
            "credit_limit": 9_000_000,
        }
        with self.assertRaises(AccessError):
            self._agreement(**forged)
        for flag in LEGACY_FLAGS:
            with self.assertRaises(AccessError):
                self.env["dms.dealer.agreement"].with_user(self.user_rep_b).with_context(**{flag: True}).create(
                    {
                        "partner_id": self.dist_b.id,
                        "date_start": self.today,
                        "date_end": self.today + timedelta(days=30),
                        **forged,
                    }
                )
        for field, value in (
            ("state", "active"),
            ("region_approver_id", self.user_region_west.id),
            ("hq_approved_on", fields.Datetime.now()),
            ("signature", SIGNATURE),
            ("signed_by", "Forged"),
            ("signed_on", fields.Datetime.now()),
            ("activated_on", fields.Datetime.now()),
            ("renewal_reminder_sent", True),
        ):
            with self.assertRaises(AccessError, msg=field):
                self._agreement(**{field: value})
        self.env["dms.dealer.agreement"]._cron_process_agreements()
        self.assertFalse(self.env["dms.dealer.agreement"].search([("partner_id", "=", self.dist_b.id)]))
        self.assertNotEqual(self.dist_b.sudo().credit_limit, 9_000_000)

    def test_direct_state_write_is_refused(self):
        agreement = self._approved()
        for user in (self.user_rep_b, self.user_region_west, self.user_hq):
            for flag in (None, *LEGACY_FLAGS):
                target = agreement.with_user(user)
                if flag:
                    target = target.with_context(**{flag: True})
                with self.assertRaises(AccessError):
                    target.write({"state": "active"})
                with self.assertRaises(AccessError):
                    target.write({"signed_by": "Forged", "signature": SIGNATURE})
        self.assertEqual(agreement.state, "approved")
        self.assertFalse(agreement.signed_by)

    def test_cron_never_activates_an_unapproved_or_unsigned_agreement(self):
        """Rows put in 'signed' behind the engine's back (old data, SQL) stay as they are."""
        unapproved = self._agreement(credit_limit=9_000_000)
        unsigned = self._approved(partner=self.sub_b, credit_limit=8_000_000)
        self.env.cr.execute(
            "UPDATE dms_dealer_agreement SET state = 'signed', signed_by = 'Nobody', signed_on = now() WHERE id = %s",
            [unapproved.id],
        )
        self.env.cr.execute("UPDATE dms_dealer_agreement SET state = 'signed' WHERE id = %s", [unsigned.id])
        (unapproved | unsigned).invalidate_recordset()
        self.env["dms.dealer.agreement"]._cron_process_agreements()
        self.assertEqual(unapproved.state, "signed")
        self.assertEqual(unsigned.state, "signed")
        self.assertNotEqual(self.dist_b.sudo().credit_limit, 9_000_000)
        self.assertNotEqual(self.sub_b.sudo().credit_limit, 8_000_000)
        self.assertTrue(unapproved.message_ids.filtered(lambda m: "never approved" in (m.body or "")))
        with self.assertRaisesRegex(UserError, "never approved"):
            unapproved.with_user(self.user_region_west).action_activate()
        # the genuine path works: approved by the engine, then signed by the dealer
        genuine = self._approved(start=400, end=500)
        genuine.sudo()._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(genuine.state, "signed")
        self.env["dms.dealer.agreement"]._cron_process_agreements()
        self.assertEqual(genuine.state, "signed", "not before its period")

    def test_copy_of_an_approved_agreement_starts_over(self):
        agreement = self._approved()
        agreement.sudo()._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(agreement.state, "active")
        copy = agreement.with_user(self.user_region_west).copy(
            {"date_start": self.today + timedelta(days=400), "date_end": self.today + timedelta(days=500)}
        )
        self.assertRecordValues(
            copy,
            [
                {
                    "state": "draft",
                    "region_approver_id": False,
                    "hq_approver_id": False,
                    "signed_by": False,
                    "signed_on": False,
                    "activated_on": False,
                    "workflow_seq": 0,
                }
            ],
        )
        self.assertFalse(copy.signature)

    def test_submitter_never_approves(self):
        agreement = self._agreement(user=self.user_region_west)
        agreement.with_user(self.user_region_west).action_submit()
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            agreement.with_user(self.user_region_west).action_approve()
        self.assertEqual(agreement.state, "to_approve")
        agreement.with_user(self.user_hq).action_approve()
        self.assertEqual(agreement.state, "approved")

    def test_one_hq_user_never_approves_both_steps(self):
        agreement = self._agreement(partner=self.dist_a, user=self.user_rep_a)
        agreement.with_user(self.user_rep_a).action_submit()
        with self.assertRaises(UserError):
            agreement.with_user(self.user_hq)._workflow_apply("approve")  # one step for a strategic dealer
        with self.assertRaises(UserError):
            agreement.with_user(self.user_hq)._workflow_apply("approve_hq")  # HQ before the region
        agreement.with_user(self.user_hq).action_approve()
        self.assertEqual(agreement.region_approver_id, self.user_hq)
        with self.assertRaisesRegex(AccessError, "already approved"):
            agreement.with_user(self.user_hq).action_approve()
        self.assertEqual(agreement.state, "to_approve")
        agreement.with_user(self.user_hq_2).action_approve()
        self.assertEqual(agreement.state, "approved")
        self.assertEqual(agreement.hq_approver_id, self.user_hq_2)

    def test_company_setting_lifts_separation_of_duties(self):
        self.env.company.dms_workflow_allow_self_approval = True
        agreement = self._agreement(partner=self.dist_a, user=self.user_hq)
        agreement.with_user(self.user_hq).action_submit()
        agreement.with_user(self.user_hq).action_approve()
        agreement.with_user(self.user_hq).action_approve()
        self.assertEqual(agreement.state, "approved")

    def test_reset_opens_a_new_cycle(self):
        agreement = self._agreement(partner=self.dist_a, user=self.user_rep_a)
        agreement.with_user(self.user_rep_a).action_submit()
        agreement.with_user(self.user_region_east).action_approve()
        agreement.with_user(self.user_rep_a).action_reset_draft()
        self.assertFalse(agreement.region_approver_id)
        agreement.with_user(self.user_rep_a).action_submit()
        self.assertEqual(agreement._approval_next_step(), "approve_region", "the region approves again")


@tagged("post_install", "-at_install")
class TestScoreAndQualificationIntegrity(DmsIntegrityMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_integrity()
        cls.template = cls.env["dms.scorecard.template"].create({"name": "Integrity Scorecard"})

    def _proposal(self, partner, level, proposer=None):
        score = self.env["dms.dealer.score"].create(
            {
                "partner_id": partner.id,
                "template_id": self.template.id,
                "version_id": (self.template.version_id or self.template._create_version()).id,
                "period_type": "quarter",
                "date_from": self.today - timedelta(days=90),
                "date_to": self.today - timedelta(days=1),
                "company_id": self.env.company.id,
            }
        )
        score._workflow_write({"current_level_id": partner.dealer_level_id.id, "proposed_level_id": level.id})
        # the scoring, run by whoever asked for it, opens the proposal
        (score.with_user(proposer).sudo() if proposer else score)._workflow_apply("propose")
        return score

    def test_level_change_goes_through_the_engine(self):
        score = self._proposal(self.sub_a, self.level_regular)
        for flag in (None, *LEGACY_FLAGS):
            target = score.with_user(self.user_region_east)
            if flag:
                target = target.with_context(**{flag: True})
            with self.assertRaises(AccessError):
                target.write({"state": "approved"})
            with self.assertRaises(AccessError):
                target.write({"proposed_level_id": self.level_strategic.id})
        with self.assertRaises(AccessError):
            self.env["dms.dealer.score"].with_user(self.user_hq).create(
                {
                    "partner_id": self.sub_a.id,
                    "template_id": self.template.id,
                    "version_id": self.template.version_id.id,
                    "period_type": "quarter",
                    "date_from": self.today,
                    "date_to": self.today,
                    "company_id": self.env.company.id,
                    "state": "approved",
                    "proposed_level_id": self.level_strategic.id,
                }
            )
        score.with_user(self.user_region_east).action_reject(note="Not now")
        self.assertEqual(score.state, "rejected")
        self.assertEqual(score.decided_by_id, self.user_region_east)
        self.assertEqual(self.sub_a.dealer_level_id, self.level_core)
        self.assertEqual(self._log(score).mapped("kind"), ["submit", "reject"])

    def test_proposer_never_decides(self):
        score = self._proposal(self.sub_a, self.level_regular, proposer=self.user_region_east)
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            score.with_user(self.user_region_east).action_approve()
        self.assertEqual(self.sub_a.dealer_level_id, self.level_core)
        score.with_user(self.user_hq).action_approve()
        self.assertEqual(score.state, "approved")
        self.assertEqual(self.sub_a.dealer_level_id, self.level_regular)

    def test_expiry_suspends_as_system_and_no_flag_reactivates(self):
        self._qualification(self.dist_b, self.type_licence, -1, number="BL-SYS")
        self.env["dms.dealer.qualification"].with_user(self.user_hq)._cron_check_expiry()
        self.assertEqual(self.dist_b.dealer_state, "suspended")
        log = self._log(self.dist_b)[-1]
        self.assertEqual(log.transition, "suspended")
        self.assertEqual(log.user_id.id, 1, "the system suspended the dealer")
        for user in (self.user_rep_b, self.user_region_west, self.user_hq):
            for flag in LEGACY_FLAGS:
                with self.assertRaises(AccessError):
                    self.dist_b.with_user(user).with_context(**{flag: True}).write({"dealer_state": "active"})
        self.assertEqual(self.dist_b.dealer_state, "suspended")


@tagged("post_install", "-at_install")
class TestRelatedPartiesAndVisibility(DmsIntegrityMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_integrity()

    def test_applicant_only_proposes_related_parties(self):
        d1 = self._dms_create_dealer("Twin Phone Dealer", phone="+86 21 6000 1111", user_id=self.user_rep_a.id)
        d2 = self._dms_create_dealer("Twin VAT Dealer", vat="CN-TWIN-42", email="boss@twin-trading.cn")
        manual = self.env["dms.dealer.related.group"].create({"name": "Declared", "partner_ids": [Command.link(d2.id)]})
        groups_before = (d1 | d2).mapped(lambda p: p.dealer_related_group_id.id)
        # as the public /dealer/apply form does: a not-yet-admitted partner and its application
        public = self.env.ref("base.public_user")
        applicant = (
            self.env["res.partner"]
            .with_user(public)
            .sudo()
            .create(
                {
                    "name": "Twin Applicant",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_state": "applicant",
                    "phone": "021 6000 1111",
                    "vat": "cn twin 42",
                    "email": "sales@twin-trading.cn",
                }
            )
        )
        application = (
            self.env["dms.dealer.application"]
            .with_user(public)
            .sudo()
            .create(
                {
                    "partner_name": applicant.name,
                    "partner_id": applicant.id,
                    "phone": applicant.phone,
                    "vat": applicant.vat,
                    "email": applicant.email,
                    "requested_level_id": self.level_regular.id,
                    "requested_territory_id": self.terr_shanghai.id,
                }
            )
        )
        self.assertEqual((d1 | d2).mapped(lambda p: p.dealer_related_group_id.id), groups_before)
        self.assertFalse(applicant.dealer_related_group_id)
        self.assertEqual(manual.partner_ids, d2)
        # the proposal is on the application, for the reviewers
        self.assertEqual(application.related_partner_ids, d1 | d2)
        self.assertIn("Twin Phone Dealer", application.related_warning)
        # editing the applicant changes nothing either, even with a detection pass over all dealers
        applicant.sudo().write({"mobile": "13900001111", "street": "1 Twin Road"})
        self.env["res.partner"]._dms_detect_related_parties()
        self.assertEqual((d1 | d2).mapped(lambda p: p.dealer_related_group_id.id), groups_before)
        self.assertFalse(applicant.dealer_related_group_id)

    def test_client_cannot_skip_detection(self):
        self.dist_b.vat = "CN-SKIP-1"
        self.sub_a.with_user(self.user_rep_a).with_context(dms_skip_related_detection=True).write({"vat": "cnskip1"})
        self.assertTrue(self.sub_a.dealer_related_group_id, "the flag is not honoured for a user")
        self.assertEqual(self.sub_a.dealer_related_group_id, self.dist_b.dealer_related_group_id)

    def test_contacts_share_their_dealers_scope(self):
        Partner = self.env["res.partner"]
        contact_b = Partner.create({"name": "Buyer of B", "parent_id": self.dist_b.id, "email": "buyer@b.example.com"})
        address_b = Partner.create({"name": "Warehouse of B", "parent_id": self.dist_b.id, "type": "delivery"})
        contact_a = Partner.create({"name": "Buyer of A", "parent_id": self.dist_a.id})
        vendor = Partner.create({"name": "Bottle Vendor", "is_company": True})
        vendor_contact = Partner.create({"name": "Vendor Clerk", "parent_id": vendor.id})
        for user in (self.user_rep_a, self.user_region_east):
            for hidden in (contact_b, address_b, self.portal_b_admin.partner_id):
                with self.assertRaises(AccessError, msg=f"{user.login} {hidden.name}"):
                    hidden.with_user(user).read(["name", "email"])
            self.assertFalse(Partner.with_user(user).search([("parent_id", "=", self.dist_b.id)]))
            self.assertTrue(contact_a.with_user(user).read(["name"]))
            # partners that are not dealers' stay readable
            self.assertTrue((vendor | vendor_contact).with_user(user).read(["name"]))
        for user in (self.user_rep_b, self.user_region_west, self.user_hq, self.user_finance):
            self.assertTrue((contact_b | address_b).with_user(user).read(["name"]))

    def test_portal_cannot_read_related_group_exposure(self):
        dealer = self.dist_a.with_user(self.portal_a_admin)
        self.assertTrue(dealer.read(["name"]))
        for field in ("dealer_related_group_id", "dealer_related_partner_ids", "dealer_related_count"):
            with self.assertRaises(AccessError, msg=field):
                dealer.read([field])
        self.assertTrue(self.dist_a.with_user(self.user_rep_a).read(["dealer_related_group_id"]))
