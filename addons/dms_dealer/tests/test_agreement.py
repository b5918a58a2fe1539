# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DmsDealerCommon
from .test_qualification import DmsQualificationMixin

# 1x1 transparent PNG
SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
)


@tagged("post_install", "-at_install")
class TestDealerAgreement(DmsQualificationMixin, DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_qualification_types()
        cls.Agreement = cls.env["dms.dealer.agreement"]
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.approval_type = cls.env.ref("dms_dealer.mail_activity_type_dms_approval")
        cls.expiry_type = cls.env.ref("dms_dealer.mail_activity_type_dms_expiry")
        cls.terr_hq.manager_id = cls.user_hq
        cls.licence_b = cls._qualification(cls.dist_b, cls.type_licence, 400)

    def _agreement(self, partner, start=0, end=364, user=None, **vals):
        values = {
            "partner_id": partner.id,
            "date_start": self.today + timedelta(days=start),
            "date_end": self.today + timedelta(days=end),
            "territory_ids": [Command.set((partner.territory_id | self.terr_chengdu).ids)],
            "cross_region_share": 5.0,
            "target_amount": 1_000_000,
            "payment_term_id": self.term_30.id,
            "credit_limit": 50_000,
            "terms": "<p>Sell only Jade Spring products in the territory.</p>",
        }
        values.update(vals)
        return self.Agreement.with_user(user or self.user_rep_b).create(values)

    def _approved(self, partner=None, **kwargs):
        partner = partner or self.dist_b
        agreement = self._agreement(partner, **kwargs)
        agreement.action_submit()
        approver = self.user_region_west if self.terr_west._covers(partner.territory_id) else self.user_region_east
        agreement.with_user(approver).action_approve()
        if agreement.state == "to_approve":
            agreement.with_user(self.user_hq).action_approve()
        return agreement

    def test_core_dealer_flow_and_activation_drives_dealer(self):
        agreement = self._agreement(self.dist_b, qualification_ids=[Command.set(self.licence_b.ids)])
        self.assertTrue(agreement.name.startswith("AGR/"))
        self.assertEqual(agreement.user_id, self.user_rep_b)
        self.assertFalse(agreement.needs_hq_approval)
        agreement.with_user(self.user_rep_b).action_submit()
        self.assertEqual(agreement.state, "to_approve")
        activity = agreement.activity_ids.filtered(lambda a: a.activity_type_id == self.approval_type)
        self.assertEqual(activity.user_id, self.user_region_west)
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_rep_b).action_approve()
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_region_east).action_approve()
        agreement.with_user(self.user_region_west).action_approve()
        self.assertEqual(agreement.state, "approved")
        self.assertTrue(agreement.access_token)
        self.assertEqual(agreement.access_url, f"/my/dealer_agreements/{agreement.id}")
        # the dealer signs in the portal: the agreement runs today, so it becomes active
        agreement._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(agreement.state, "active")
        self.assertEqual(agreement.signed_by, "Zhang Wei")
        self.assertTrue(agreement.signed_on)
        dealer = self.dist_b.with_company(agreement.company_id)
        self.assertEqual(dealer.authorized_territory_ids, self.terr_west | self.terr_chengdu)
        self.assertEqual(dealer.property_payment_term_id, self.term_30)
        self.assertEqual(dealer.sudo().credit_limit, 50_000)
        self.assertTrue(dealer.message_ids.filtered(lambda m: agreement.name in (m.body or "")))

    def test_strategic_dealer_needs_hq(self):
        agreement = self._agreement(self.dist_a, user=self.user_rep_a)
        self.assertTrue(agreement.needs_hq_approval)
        agreement.action_submit()
        agreement.with_user(self.user_region_east).action_approve()
        self.assertEqual(agreement.state, "to_approve")
        self.assertEqual(agreement.region_approver_id, self.user_region_east)
        activity = agreement.activity_ids.filtered(lambda a: a.activity_type_id == self.approval_type)
        self.assertEqual(activity.user_id, self.user_hq)
        for user in (self.user_region_east, self.user_rep_a, self.user_finance):
            with self.assertRaises(AccessError):
                agreement.with_user(user).action_approve()
        agreement.with_user(self.user_hq).action_approve()
        self.assertEqual(agreement.state, "approved")
        self.assertEqual(agreement.hq_approver_id, self.user_hq)

    def test_signature_only_when_approved(self):
        agreement = self._agreement(self.dist_b)
        with self.assertRaises(UserError):
            agreement._portal_sign("Zhang Wei", SIGNATURE)
        agreement.action_submit()
        with self.assertRaises(UserError):
            agreement._portal_sign("Zhang Wei", SIGNATURE)
        agreement.with_user(self.user_region_west).action_approve()
        with self.assertRaises(UserError):
            agreement._portal_sign("  ", SIGNATURE)
        with self.assertRaises(UserError):
            agreement._portal_sign("Zhang Wei", False)
        self.assertEqual(agreement.state, "approved")
        self.assertFalse(agreement.signed_by)

    def test_future_agreement_waits_for_its_period(self):
        agreement = self._approved(start=10, end=100)
        agreement._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(agreement.state, "signed")
        with self.assertRaises(UserError):
            agreement.with_user(self.user_region_west).action_activate()
        self.assertFalse(self.dist_b.authorized_territory_ids)
        self.Agreement._cron_process_agreements()
        self.assertEqual(agreement.state, "signed")
        with freeze_time(agreement.date_start):
            self.Agreement._cron_process_agreements()
        self.assertEqual(agreement.state, "active")
        self.assertEqual(self.dist_b.property_payment_term_id, self.term_30)

    def test_one_agreement_per_dealer_and_period(self):
        self._approved(start=0, end=364)
        overlapping = self._agreement(self.dist_b, start=300, end=600)
        overlapping.action_submit()
        with self.assertRaises(ValidationError):
            overlapping.with_user(self.user_region_west).action_approve()
        self.assertEqual(overlapping.state, "to_approve")
        following = self._approved(start=365, end=729)
        self.assertEqual(following.state, "approved")
        # another dealer may have its own agreement for the same period
        self.assertEqual(self._approved(partner=self.sub_b, start=0, end=364).state, "approved")

    def test_illegal_changes(self):
        agreement = self._agreement(self.dist_b)
        with self.assertRaises(UserError):
            agreement.with_user(self.user_rep_b).write({"state": "active"})
        with self.assertRaises(UserError):
            agreement.with_user(self.user_rep_b).write({"signed_by": "Forged"})
        with self.assertRaises(UserError):
            agreement.with_user(self.user_region_west).action_approve()  # draft
        with self.assertRaises(UserError):
            agreement.with_user(self.user_region_west).action_activate()  # not signed
        with self.assertRaises(ValidationError):
            self._agreement(self.dist_b, start=10, end=5)
        agreement.action_submit()
        with self.assertRaises(UserError):
            agreement.with_user(self.user_rep_b).write({"credit_limit": 999_999})
        self.assertEqual(agreement.credit_limit, 50_000)
        with self.assertRaises(UserError):
            agreement.unlink()
        agreement.action_reset_draft()
        agreement.credit_limit = 60_000
        self.assertEqual(agreement.state, "draft")

    def test_submission_refuses_expired_qualification(self):
        expired = self._qualification(self.dist_b, self.type_food, -1)
        agreement = self._agreement(self.dist_b, qualification_ids=[Command.set((expired | self.licence_b).ids)])
        with self.assertRaisesRegex(UserError, "Food Distribution Licence"):
            agreement.action_submit()
        self.assertEqual(agreement.state, "draft")

    def test_cron_expiry_and_renewal_reminders_are_idempotent(self):
        agreement = self._approved(start=-300, end=20)
        agreement._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(agreement.state, "active")

        def reminders():
            return agreement.activity_ids.filtered(lambda a: a.activity_type_id == self.expiry_type)

        self.Agreement._cron_process_agreements()
        self.assertEqual(len(reminders()), 1, "renewal reminder 60 days before the end")
        self.assertEqual(reminders().user_id, self.user_rep_b)
        self.Agreement._cron_process_agreements()
        self.assertEqual(len(reminders()), 1, "no duplicate on rerun")
        with freeze_time(agreement.date_end + timedelta(days=1)):
            self.Agreement._cron_process_agreements()
            self.Agreement._cron_process_agreements()
        self.assertEqual(agreement.state, "expired")
        self.assertEqual(len(reminders()), 2, "one expiry activity, once")
        # history stays readable from the dealer, renewal starts the day after
        action = self.Agreement.with_user(self.user_region_west).search([("partner_id", "=", self.dist_b.id)])
        self.assertIn(agreement, action)
        renewal_action = agreement.with_user(self.user_region_west).action_renew()
        renewal = self.Agreement.browse(renewal_action["res_id"])
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(renewal.previous_agreement_id, agreement)
        self.assertEqual(renewal.date_start, agreement.date_end + timedelta(days=1))

    def test_successor_replaces_ended_agreement(self):
        first = self._approved(start=-100, end=-1)
        with freeze_time(first.date_start):
            first._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(first.state, "active")
        second = self._approved(start=0, end=364, credit_limit=80_000)
        second._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(second.state, "active")
        self.assertEqual(first.state, "expired")
        self.assertEqual(self.dist_b.sudo().credit_limit, 80_000)

    def test_terminate(self):
        agreement = self._approved()
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_rep_b).action_terminate()
        agreement.with_user(self.user_region_west).action_terminate()
        self.assertEqual(agreement.state, "terminated")
        with self.assertRaises(UserError):
            agreement._portal_sign("Zhang Wei", SIGNATURE)

    def test_access_by_role(self):
        agreement_b = self._approved()
        agreement_a = self._agreement(self.dist_a, user=self.user_rep_a)
        self.assertTrue(agreement_b.with_user(self.user_finance).read(["name"]))
        with self.assertRaises(AccessError):
            agreement_b.with_user(self.user_finance).unlink()
        with self.assertRaises(AccessError):
            agreement_a.with_user(self.user_rep_b).read(["name"])
        with self.assertRaises(AccessError):
            agreement_a.with_user(self.user_region_west).read(["name"])
        # portal: reads its own company's submitted agreements only, cannot sign through the ORM
        self.assertTrue(agreement_b.with_user(self.portal_b_admin).read(["name", "state"]))
        with self.assertRaises(AccessError):
            agreement_a.with_user(self.portal_b_admin).read(["name"])
        with self.assertRaises(AccessError):
            agreement_b.with_user(self.portal_b_admin)._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(agreement_b.state, "approved")
        # the portal page checks access, then signs on the sudo record, as the portal user
        agreement_b.with_user(self.portal_b_admin).sudo()._portal_sign("Zhang Wei", SIGNATURE)
        self.assertEqual(agreement_b.state, "active")
        message = agreement_b.message_ids.filtered(lambda m: "Zhang Wei" in (m.body or ""))
        self.assertEqual(message.author_id, self.portal_b_admin.partner_id)

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Jade Spring West Co."})
        agreement = self._agreement(self.dist_b, user=self.env.user, company_id=company_2.id)
        self.assertEqual(agreement.currency_id, company_2.currency_id)
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_hq).read(["name"])
        self.user_hq.write({"company_ids": [Command.link(company_2.id)]})
        self.assertTrue(
            agreement.with_user(self.user_hq).with_context(allowed_company_ids=company_2.ids).read(["name"])
        )

    def test_form_starts_from_dealer_conditions(self):
        self.dist_b.write(
            {
                "authorized_territory_ids": [Command.set(self.terr_chengdu.ids)],
                "property_payment_term_id": self.term_30.id,
            }
        )
        expired = self._qualification(self.dist_b, self.type_food, -1)
        with Form(self.Agreement.with_user(self.user_rep_b)) as form:
            form.partner_id = self.dist_b
            form.date_start = self.today
            form.date_end = self.today + timedelta(days=364)
            self.assertEqual(set(form.territory_ids.ids), set((self.terr_west | self.terr_chengdu).ids))
            self.assertEqual(form.payment_term_id, self.term_30)
            self.assertIn(self.licence_b.id, form.qualification_ids.ids)
            self.assertNotIn(expired.id, form.qualification_ids.ids)
        self.assertEqual(form.record.state, "draft")
        self.assertEqual(form.record.user_id, self.user_rep_b)

    def test_override_point(self):
        agreement = self._agreement(self.dist_b)
        vals = agreement._prepare_dealer_vals_from_agreement()
        self.assertEqual(vals["credit_limit"], 50_000)
        self.assertEqual(vals["property_payment_term_id"], self.term_30.id)
        self.assertEqual(vals["authorized_territory_ids"], [Command.set((self.terr_west | self.terr_chengdu).ids)])

    def test_pdf_report(self):
        agreement = self._approved()
        agreement._portal_sign("Zhang Wei", SIGNATURE)
        # wkhtmltopdf must not wait for a web server: assets fail fast, the PDF is still produced
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("dms_dealer.action_report_dms_dealer_agreement", agreement.ids)[0].decode()
        for text in (agreement.name, self.dist_b.name, "Zhang Wei", "Sell only Jade Spring products"):
            self.assertIn(text, html)
        pdf, report_type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "dms_dealer.action_report_dms_dealer_agreement", agreement.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
