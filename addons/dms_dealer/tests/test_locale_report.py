# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import DmsDealerCommon
from .test_agreement import SIGNATURE, TestDealerAgreement
from .test_qualification import DmsQualificationMixin


@tagged("post_install", "-at_install")
class TestAgreementReport(DmsQualificationMixin, DmsDealerCommon):
    """The agreement PDF: A4, the brand's letterhead, a seal block per party, signed by real people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_qualification_types()
        cls.Agreement = cls.env["dms.dealer.agreement"]
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.terr_hq.manager_id = cls.user_hq

    # the agreement helpers of the agreement tests (not their tests)
    _agreement = TestDealerAgreement._agreement
    _approved = TestDealerAgreement._approved

    def _html(self, agreement):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "dms_dealer.action_report_dms_dealer_agreement", agreement.ids
        )
        return html.decode()

    def test_agreement_report_is_a4(self):
        report = self.env.ref("dms_dealer.action_report_dms_dealer_agreement")
        paperformat = self.env.ref("dms_dealer.paperformat_dms_a4")
        self.assertEqual(report.paperformat_id, paperformat)
        self.assertEqual(report.get_paperformat(), paperformat)
        self.assertEqual(paperformat.format, "A4")
        self.assertEqual(paperformat.orientation, "Portrait")

    def test_agreement_html_has_letterhead_seals_and_signatories(self):
        self.env.company.write({"name": "Jade Spring Test Brand", "street": "90 Wensan Rd", "city": "Hangzhou"})
        agreement = self._approved(self.dist_b)
        self.assertEqual(agreement.region_approver_id, self.user_region_west)
        agreement._portal_sign("陈静 (Chen Jing)", SIGNATURE)
        html = self._html(agreement)
        self.assertIn('name="dms_letterhead"', html)
        self.assertIn("Jade Spring Test Brand", html)
        self.assertIn("90 Wensan Rd", html)
        self.assertIn('name="dms_agreement_seal_brand"', html)
        self.assertIn('name="dms_agreement_seal_dealer"', html)
        brand = html[html.index('name="dms_agreement_seal_brand"') : html.index('name="dms_agreement_seal_dealer"')]
        dealer = html[html.index('name="dms_agreement_seal_dealer"') :]
        self.assertIn(self.user_region_west.name, brand)
        self.assertIn("Jade Spring Test Brand", brand)
        self.assertIn("陈静 (Chen Jing)", dealer)
        self.assertIn(self.dist_b.name, dealer)
        self.assertNotIn("OdooBot", html)

    def test_hq_approver_signs_for_strategic_dealer(self):
        self.dist_b.sudo().dealer_level_id = self.level_strategic
        agreement = self._approved(self.dist_b)
        self.assertEqual(agreement.hq_approver_id, self.user_hq)
        brand = self._html(agreement).split('name="dms_agreement_seal_dealer"')[0]
        self.assertIn(self.user_hq.name, brand.split('name="dms_agreement_seal_brand"')[1])

    def test_system_approval_names_nobody(self):
        """Approved by the system user (OdooBot, as module installation or a job does): no signatory is invented."""
        agreement = self._agreement(self.dist_b)
        agreement.with_user(self.user_rep_b).action_submit()
        agreement.with_user(self.env.ref("base.user_root")).action_approve()
        self.assertEqual(agreement.region_approver_id, self.env.ref("base.user_root"))
        html = self._html(agreement)
        self.assertIn('name="dms_agreement_seal_brand"', html)
        self.assertNotIn("OdooBot", html)
        self.assertNotIn('name="dms_brand_signatory"', html)


@tagged("post_install", "-at_install")
class TestUserLanding(DmsDealerCommon):
    def test_new_back_office_dms_user_lands_on_dealers(self):
        action = self.env["ir.actions.actions"].browse(self.env.ref("dms_dealer.action_dms_dealer").id)
        self.assertEqual(self.user_rep_a.action_id, action)
        self.assertEqual(self.user_hq.action_id, action)
        rep = new_test_user(self.env, login="dms_land_rep", groups="base.group_user,dms_dealer.group_dms_user")
        self.assertEqual(rep.action_id, action)
        # an explicit home action is kept; other users and portal users keep Odoo's default
        own = self.env["ir.actions.actions"].browse(self.env.ref("base.action_res_users").id)
        kept = new_test_user(
            self.env, login="dms_land_own", groups="base.group_user,dms_dealer.group_dms_user", action_id=own.id
        )
        self.assertEqual(kept.action_id, own)
        plain = new_test_user(self.env, login="dms_land_plain", groups="base.group_user")
        self.assertFalse(plain.action_id)
        self.assertFalse(self.portal_a_admin.action_id)
