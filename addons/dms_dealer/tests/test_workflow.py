# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The workflow engine, attacked as a client would (on the dealer lifecycle, its simplest user)."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from ..models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from .common import DmsDealerCommon, DmsNetworkMixin, DmsRpcMixin


@tagged("post_install", "-at_install")
class TestWorkflowEngine(DmsDealerCommon):
    def test_transition_is_logged_with_who_and_why(self):
        dealer = self.sub_a.with_user(self.user_region_east)
        dealer._dealer_set_state("suspended", "Late payments")
        self.assertEqual(self.sub_a.dealer_state, "suspended")
        log = self.env["dms.workflow.log"].search([("res_model", "=", "res.partner"), ("res_id", "=", self.sub_a.id)])
        self.assertRecordValues(
            log,
            [
                {
                    "transition": "suspended",
                    "from_state": "active",
                    "to_state": "suspended",
                    "user_id": self.user_region_east.id,
                    "reason": "Late payments",
                }
            ],
        )
        self.assertIn("Late payments", self.sub_a.message_ids[0].body)
        self.assertEqual(self.sub_a.workflow_seq, 1)

    def _tracked(self, dealer, user=None):
        """``dealer`` acted on with Odoo's tracking on, as in the application (the tests' default is off), in a
        transaction of its own (Odoo does not track records created in the transaction)."""
        if not getattr(self, "_tracking_started", False):
            self._commit_tracking()
            self._tracking_started = True
        user = user or self.user_region_east
        return dealer.with_user(user).with_context(tracking_disable=False, mail_notrack=False)

    def _commit_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()  # what the commit does: Odoo's tracking messages are logged
        self.env.invalidate_all()

    def test_one_chatter_entry_per_step(self):
        """The step's note is the body of Odoo's tracking message for the state, not a second entry."""
        before = self.sub_a.message_ids
        self._tracked(self.sub_a)._dealer_set_state("suspended", "Late payments")
        self._commit_tracking()
        new = self.sub_a.message_ids - before
        self.assertEqual(len(new), 1)
        self.assertIn("Late payments", new.body)
        self.assertEqual(new.tracking_value_ids.field_id.mapped("name"), ["dealer_state"] + ["dealer_state_reason"])
        self.assertEqual(new.author_id, self.user_region_east.partner_id)

    def test_steps_of_one_transaction_in_one_entry(self):
        before = self.sub_a.message_ids
        self._tracked(self.sub_a, self.user_hq)._dealer_set_state("suspended", "Late payments")
        self._tracked(self.sub_a, self.user_hq)._dealer_set_state("terminated", "Contract ended")
        self._commit_tracking()
        new = self.sub_a.message_ids - before
        self.assertEqual(len(new), 1)
        self.assertIn("Late payments", new.body)
        self.assertIn("Contract ended", new.body)

    def test_steps_back_to_the_start_stay_in_the_chatter(self):
        """Suspended and reactivated in one transaction: no tracked change is left, the notes are."""
        before = self.sub_a.message_ids
        self._tracked(self.sub_a)._dealer_set_state("suspended", "Late payments")
        self._tracked(self.sub_a)._dealer_set_state("active", "Paid after all")
        self._commit_tracking()
        bodies = " ".join((self.sub_a.message_ids - before).mapped("body"))
        self.assertIn("Late payments", bodies)
        self.assertIn("Paid after all", bodies)
        logs = self.env["dms.workflow.log"].search([("res_model", "=", "res.partner"), ("res_id", "=", self.sub_a.id)])
        self.assertEqual(sorted(logs.mapped("to_state")), ["active", "suspended"])

    def test_direct_write_of_state_is_refused(self):
        for user in (self.user_rep_a, self.user_region_east, self.user_hq):
            with self.assertRaises(AccessError):
                self.sub_a.with_user(user).write({"dealer_state": "suspended"})
        with self.assertRaises(AccessError):
            self.sub_a.with_user(self.user_hq).write({"dealer_state_reason": "forged"})
        self.assertEqual(self.sub_a.dealer_state, "active")

    def test_writing_the_current_state_back_is_harmless(self):
        self.sub_a.with_user(self.user_region_east).write({"dealer_state": "active", "comment": "ok"})
        self.assertEqual(self.sub_a.dealer_state, "active")

    def test_forged_engine_context_is_refused(self):
        # the client can send the same text, never the same object
        forged = {WORKFLOW_KEY: str(ENGINE)}
        with self.assertRaises(AccessError):
            self.sub_a.with_user(self.user_region_east).with_context(**forged).write({"dealer_state": "suspended"})
        for legacy in ("dms_dealer_transition", "dms_agreement_transition", "dms_application_transition"):
            with self.assertRaises(AccessError):
                self.sub_a.with_user(self.user_region_east).with_context(**{legacy: True}).write(
                    {"dealer_state": "suspended"}
                )
        self.assertEqual(self.sub_a.dealer_state, "active")

    def test_forged_text_never_reuses_the_engines_environment(self):
        # Odoo reuses an environment whose context compares equal: the mark must equal only itself
        dealer = self.sub_a.with_user(self.user_region_east)
        engine_env = dealer.with_context(**{WORKFLOW_KEY: ENGINE}).env
        forged = dealer.with_context(**{WORKFLOW_KEY: str(ENGINE)})
        self.assertIsNot(forged.env, engine_env)
        self.assertNotEqual(str(ENGINE), ENGINE)
        self.assertNotEqual(ENGINE, str(ENGINE))
        with self.assertRaises(AccessError):
            forged.write({"dealer_state": "suspended"})
        self.assertEqual(self.sub_a.dealer_state, "active")

    def test_create_in_a_later_state_is_refused_and_defaults_are_ignored(self):
        Partner = self.env["res.partner"].with_user(self.user_region_east)
        with self.assertRaises(AccessError):
            Partner.create({"name": "Forged active", "is_dealer": True, "dealer_state": "active"})
        dealer = Partner.with_context(default_dealer_state="active", default_dealer_state_reason="x").create(
            {"name": "Defaulted", "is_dealer": True, "territory_id": self.terr_shanghai.id}
        )
        self.assertEqual(dealer.dealer_state, "applicant")
        self.assertFalse(dealer.dealer_state_reason)

    def test_hq_may_import_active_dealers(self):
        dealer = (
            self.env["res.partner"]
            .with_user(self.user_hq)
            .create({"name": "Imported", "is_dealer": True, "dealer_state": "active"})
        )
        self.assertEqual(dealer.dealer_state, "active")

    def test_copy_starts_over(self):
        self.sub_a.with_user(self.user_region_east)._dealer_set_state("suspended", "Audit")
        copy = self.sub_a.copy()
        self.assertEqual(copy.dealer_state, "applicant")
        self.assertEqual(copy.workflow_seq, 0)

    def test_role_and_record_scope(self):
        with self.assertRaises(AccessError):
            self.sub_a.with_user(self.user_rep_a)._dealer_set_state("suspended", "Rep tries")
        # a regional manager acts only in its own territory
        with self.assertRaises(AccessError):
            self.sub_b.with_user(self.user_region_east)._dealer_set_state("suspended", "Not mine")
        self.assertEqual(self.sub_b.dealer_state, "active")

    def test_log_is_append_only(self):
        self.sub_a.with_user(self.user_region_east)._dealer_set_state("suspended", "Audit")
        log = self.env["dms.workflow.log"].search([("res_id", "=", self.sub_a.id), ("res_model", "=", "res.partner")])
        with self.assertRaises(AccessError):
            log.with_user(self.user_hq).write({"reason": "rewritten"})
        with self.assertRaises(AccessError):
            log.with_user(self.user_hq).unlink()
        with self.assertRaises(AccessError):
            self.env["dms.workflow.log"].with_user(self.user_hq).create(
                {"res_model": "res.partner", "res_id": self.sub_a.id, "transition": "x", "kind": "approve"}
            )


@tagged("post_install", "-at_install")
class TestWorkflowEngineRpc(DmsNetworkMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()

    def test_call_kw_write_of_state_is_refused(self):
        self.assertRpcRefused(
            self.user_region_east, "res.partner", "write", [self.sub_a.id], {"dealer_state": "suspended"}
        )
        self.assertRpcRefused(
            self.user_region_east,
            "res.partner",
            "write",
            [self.sub_a.id],
            {"dealer_state": "suspended"},
            context={WORKFLOW_KEY: str(ENGINE), "dms_dealer_transition": True},
        )
        self.assertRpcRefused(
            self.user_hq, "res.partner", "web_save", [self.sub_a.id], {"dealer_state": "terminated"}, specification={}
        )
        self.sub_a.invalidate_recordset()
        self.assertEqual(self.sub_a.dealer_state, "active")

    def test_private_engine_methods_are_not_callable(self):
        self.assertRpcRefused(
            self.user_region_east,
            "res.partner",
            "_workflow_write",
            [self.sub_a.id],
            {"dealer_state": "suspended"},
            exception=("AccessError", "Exception"),
        )
        self.sub_a.invalidate_recordset()
        self.assertEqual(self.sub_a.dealer_state, "active")
