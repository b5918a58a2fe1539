# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The integrity promises attacked over HTTP: JSON-RPC call_kw / web_save as each user."""

from datetime import timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .common import DmsNetworkMixin, DmsRpcMixin
from .test_integrity import LEGACY_FLAGS, SIGNATURE, DmsIntegrityMixin


@tagged("post_install", "-at_install")
class TestIntegrityRpc(DmsIntegrityMixin, DmsNetworkMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        cls._setup_integrity()

    def _legacy_context(self):
        return dict.fromkeys(LEGACY_FLAGS, True)

    def test_application_attacks(self):
        self.assertRpcRefused(
            self.user_rep_a,
            "dms.dealer.application",
            "create",
            [
                {
                    "partner_name": "Forged over RPC",
                    "requested_level_id": self.level_core.id,
                    "requested_territory_id": self.terr_shanghai.id,
                    "state": "approved",
                }
            ],
            context=self._legacy_context(),
        )
        application = self._application(user=self.user_region_east)
        application.with_user(self.user_region_east).action_submit()
        self.assertRpcRefused(
            self.user_rep_a,
            "dms.dealer.application",
            "web_save",
            [application.id],
            {"state": "approved"},
            specification={},
            context=self._legacy_context(),
        )
        self.assertRpcRefused(
            self.user_hq,
            "dms.dealer.application",
            "write",
            [application.id],
            {"state": "approved", "region_approver_id": self.user_hq.id},
            context=self._legacy_context(),
        )
        # the submitter never approves its own application
        self.assertRpcRefused(self.user_region_east, "dms.dealer.application", "action_approve", [application.id])
        self.assertRpcRefused(
            self.user_region_east,
            "dms.dealer.application",
            "_workflow_apply",
            [application.id],
            "approve",
            exception=("AccessError", "Exception"),
        )
        application.invalidate_recordset()
        self.assertEqual(application.state, "submitted")
        self.assertFalse(application.partner_id)
        self.rpc(self.user_hq, "dms.dealer.application", "action_approve", [application.id])
        application.invalidate_recordset()
        self.assertEqual(application.state, "approved")

    def test_agreement_attacks(self):
        today = self.today
        self.assertRpcRefused(
            self.user_rep_b,
            "dms.dealer.agreement",
            "create",
            [
                {
                    "partner_id": self.dist_b.id,
                    "date_start": str(today),
                    "date_end": str(today + timedelta(days=30)),
                    "credit_limit": 9_000_000,
                    "state": "signed",
                    "signed_by": "Nobody",
                    "signature": SIGNATURE.decode(),
                }
            ],
            context=self._legacy_context(),
        )
        agreement_id = self.rpc(
            self.user_rep_b,
            "dms.dealer.agreement",
            "create",
            [{"partner_id": self.dist_b.id, "date_start": str(today), "date_end": str(today + timedelta(days=30))}],
            context={"default_state": "signed", "default_signed_by": "Nobody", **self._legacy_context()},
        )[0]
        agreement = self.env["dms.dealer.agreement"].browse(agreement_id)
        self.assertEqual(agreement.state, "draft")
        self.assertFalse(agreement.signed_by)
        for user in (self.user_rep_b, self.user_region_west, self.user_hq):
            self.assertRpcRefused(
                user,
                "dms.dealer.agreement",
                "write",
                [agreement_id],
                {"state": "active"},
                context=self._legacy_context(),
            )
            self.assertRpcRefused(
                user,
                "dms.dealer.agreement",
                "web_save",
                [agreement_id],
                {"signed_on": "2026-01-01 00:00:00", "region_approver_id": user.id},
                specification={},
            )
        # the daily job finds nothing to activate
        self.env["dms.dealer.agreement"]._cron_process_agreements()
        agreement.invalidate_recordset()
        self.assertEqual(agreement.state, "draft")
        self.assertNotEqual(self.dist_b.sudo().credit_limit, 9_000_000)
        # submitter never approves; a copy of an approved agreement starts over
        self.rpc(self.user_rep_b, "dms.dealer.agreement", "action_submit", [agreement_id])
        self.assertRpcRefused(self.user_rep_b, "dms.dealer.agreement", "action_approve", [agreement_id])
        self.rpc(self.user_region_west, "dms.dealer.agreement", "action_approve", [agreement_id])
        agreement.invalidate_recordset()
        self.assertEqual(agreement.state, "approved")
        copy_id = self.rpc(
            self.user_region_west,
            "dms.dealer.agreement",
            "copy",
            [agreement_id],
            default={"date_start": str(today + timedelta(days=100)), "date_end": str(today + timedelta(days=200))},
        )[0]
        copy = self.env["dms.dealer.agreement"].browse(copy_id)
        self.assertRecordValues(
            copy, [{"state": "draft", "region_approver_id": False, "hq_approver_id": False, "workflow_seq": 0}]
        )

    def test_one_hq_user_never_approves_both_steps(self):
        agreement = self._agreement(partner=self.dist_a, user=self.user_rep_a)
        self.rpc(self.user_rep_a, "dms.dealer.agreement", "action_submit", [agreement.id])
        self.rpc(self.user_hq, "dms.dealer.agreement", "action_approve", [agreement.id])
        self.assertRpcRefused(self.user_hq, "dms.dealer.agreement", "action_approve", [agreement.id])
        agreement.invalidate_recordset()
        self.assertEqual(agreement.state, "to_approve")
        self.rpc(self.user_hq_2, "dms.dealer.agreement", "action_approve", [agreement.id])
        agreement.invalidate_recordset()
        self.assertEqual(agreement.state, "approved")

    def test_suspended_dealer_is_not_reactivated_by_a_flag(self):
        self.dist_b._workflow_as_system()._dealer_set_state("suspended", "Licence expired")
        for user in (self.user_region_west, self.user_hq):
            self.assertRpcRefused(
                user,
                "res.partner",
                "write",
                [self.dist_b.id],
                {"dealer_state": "active"},
                context=self._legacy_context(),
            )
        self.dist_b.invalidate_recordset()
        self.assertEqual(self.dist_b.dealer_state, "suspended")

    def test_visibility(self):
        contact_b = self.env["res.partner"].create({"name": "Buyer of B", "parent_id": self.dist_b.id})
        self.assertRpcRefused(self.user_rep_a, "res.partner", "read", [contact_b.id], ["name", "email"])
        found = self.rpc(
            self.user_region_east, "res.partner", "search_read", [("parent_id", "=", self.dist_b.id)], ["name"]
        )
        self.assertEqual(found, [])
        self.assertTrue(self.rpc(self.user_rep_b, "res.partner", "read", [contact_b.id], ["name"]))
        self.assertRpcRefused(self.portal_a_admin, "res.partner", "read", [self.dist_a.id], ["dealer_related_group_id"])
        self.assertRpcRefused(self.portal_a_admin, "res.partner", "read", [self.dist_a.id], ["dealer_related_count"])

    def test_score_decision_cannot_be_written(self):
        template = self.env["dms.scorecard.template"].create({"name": "RPC Scorecard"})
        score = self.env["dms.dealer.score"].create(
            {
                "partner_id": self.sub_a.id,
                "template_id": template.id,
                "version_id": (template.version_id or template._create_version()).id,
                "period_type": "quarter",
                "date_from": self.today - timedelta(days=90),
                "date_to": self.today - timedelta(days=1),
                "company_id": self.env.company.id,
            }
        )
        score._workflow_write({"proposed_level_id": self.level_strategic.id})
        score._workflow_apply("propose")
        self.assertRpcRefused(
            self.user_region_east,
            "dms.dealer.score",
            "write",
            [score.id],
            {"state": "approved", "proposed_level_id": self.level_strategic.id},
            context=self._legacy_context(),
        )
        self.assertRpcRefused(
            self.user_region_east,
            "dms.dealer.score",
            "web_save",
            [score.id],
            {"decided_by_id": self.user_region_east.id},
            specification={},
        )
        score.invalidate_recordset()
        self.assertEqual(score.state, "proposed")
        self.assertEqual(self.sub_a.dealer_level_id, self.level_core)
