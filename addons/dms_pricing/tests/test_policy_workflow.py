# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Price policies on the workflow engine, attacked as a client would."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tests.common import DmsRpcMixin, assert_doctests
from odoo.addons.dms_dealer.tools import spreadsheet

from ..tools import precedence
from .common import DmsPricingCommon, DmsPricingMixin

FORGED = {WORKFLOW_KEY: str(ENGINE), "dms_policy_workflow": True}


@tagged("post_install", "-at_install")
class TestPolicyWorkflow(DmsPricingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_pricing_2 = new_test_user(
            cls.env,
            login="dms_pricing_mgr_2",
            name="Second Pricing Manager",
            groups="base.group_user,dms_pricing.group_dms_pricing_manager",
        )
        cls.user_hq_2 = new_test_user(
            cls.env,
            login="dms_hq_2",
            name="Second HQ Manager",
            groups="base.group_user,dms_dealer.group_dms_hq_manager",
        )

    def _east_draft(self, user=None, price=95.0):
        Policy = self.env["dms.price.policy"].with_user(user or self.user_region_east)
        return Policy.create(
            {
                "name": "East promo",
                "territory_id": self.terr_shanghai.id,
                "line_ids": [Command.create({"product_id": self.tea.id, "fixed_price": price})],
            }
        )

    def _log(self, policy):
        return self.env["dms.workflow.log"].search(
            [("res_model", "=", "dms.price.policy"), ("res_id", "=", policy.id)], order="id"
        )

    def test_doctests(self):
        assert_doctests(self, precedence, spreadsheet)

    def test_regional_manager_cannot_activate_by_writing_state(self):
        """Attack: a regional manager writes state='active' on a draft policy without HQ approval."""
        draft = self._east_draft(price=10.0)  # far under the floor: needs HQ
        as_east = draft.with_user(self.user_region_east)
        for vals in (
            {"state": "active"},
            {"state": "to_approve"},
            {"approved_by_id": self.user_region_east.id},
            {"hq_approved_by_id": self.user_hq.id},
            {"approval_queued_by_id": self.user_hq.id},
        ):
            with self.assertRaises(AccessError):
                as_east.write(vals)
            with self.assertRaises(AccessError):
                as_east.with_context(**FORGED).write(vals)
        # nor as HQ: a state changes only through a transition
        with self.assertRaises(AccessError):
            draft.with_user(self.user_hq).write({"state": "active"})
        self.assertEqual((draft.state, draft.approved_by_id.id), ("draft", False))
        self.assertFalse(self._log(draft))

    def test_create_in_a_later_state_or_as_a_revision_is_refused(self):
        Policy = self.env["dms.price.policy"].with_user(self.user_region_east)
        national = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}])
        base = {"name": "Forged", "territory_id": self.terr_shanghai.id}
        for forged in (
            {"state": "active"},
            {"approved_by_id": self.user_hq.id},
            {"previous_version_id": national.id},
            {"version": 7},
            {"code": national.code},
        ):
            with self.assertRaises(AccessError):
                Policy.create(dict(base, **forged))
        defaulted = Policy.with_context(
            default_state="active", default_approved_by_id=self.user_hq.id, default_code=national.code
        ).create(base)
        self.assertEqual(defaulted.state, "draft")
        self.assertFalse(defaulted.approved_by_id)
        self.assertNotEqual(defaulted.code, national.code)
        with self.assertRaises(AccessError):
            defaulted.write({"code": national.code})

    def test_submitter_never_approves(self):
        policy = self._east_draft(user=self.user_pricing)
        policy.with_user(self.user_pricing).action_submit()
        with self.assertRaises(AccessError):
            policy.with_user(self.user_pricing).action_approve()
        self.assertEqual(policy.state, "to_approve")
        policy.with_user(self.user_pricing_2).action_approve()
        self.assertEqual((policy.state, policy.approved_by_id), ("active", self.user_pricing_2))
        self.assertRecordValues(
            self._log(policy),
            [
                {"transition": "submit", "user_id": self.user_pricing.id, "to_state": "to_approve"},
                {"transition": "approve", "user_id": self.user_pricing_2.id, "to_state": "active"},
            ],
        )

    def test_hq_approval_needs_a_second_person(self):
        below = self._east_draft(user=self.user_hq, price=10.0)
        below.with_user(self.user_hq).action_submit()
        # the pricing manager may not (floor), the submitting HQ manager may not (own submission)
        with self.assertRaises(AccessError):
            below.with_user(self.user_pricing).action_approve()
        with self.assertRaises(AccessError):
            below.with_user(self.user_hq).action_approve()
        below.with_user(self.user_hq_2).action_approve()
        self.assertEqual((below.state, below.hq_approved_by_id), ("active", self.user_hq_2))

    def test_reset_and_resubmit_start_a_new_cycle(self):
        policy = self._east_draft()
        policy.with_user(self.user_region_east).action_submit()
        policy.with_user(self.user_region_east).action_reset_draft()
        self.assertEqual(policy.state, "draft")
        policy.with_user(self.user_pricing).action_submit()
        # the new submitter may not approve; the first one (who reset) may not either: not an approver
        with self.assertRaises(AccessError):
            policy.with_user(self.user_pricing).action_approve()
        with self.assertRaises(AccessError):
            policy.with_user(self.user_region_east).action_approve()
        policy.with_user(self.user_pricing_2).action_approve()
        self.assertEqual(policy.state, "active")

    def test_lines_of_an_approved_policy_are_frozen_for_everyone(self):
        policy = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}], territory_id=self.terr_east.id)
        line = policy.line_ids
        for env_user in (self.user_region_east, self.user_hq, None):
            Line = self.env["dms.price.policy.line"]
            target = line
            if env_user:
                Line, target = Line.with_user(env_user), line.with_user(env_user)
            for context in ({}, FORGED):
                with self.assertRaises(UserError):
                    target.with_context(**context).write({"fixed_price": 1.0})
                with self.assertRaises(UserError):
                    Line.with_context(**context).create(
                        {"policy_id": policy.id, "product_id": self.water.id, "fixed_price": 1.0}
                    )
                with self.assertRaises(UserError):
                    target.with_context(**context).unlink()
                with self.assertRaises(UserError):
                    policy.with_user(env_user or self.env.user).with_context(**context).write(
                        {"date_end": "2030-01-01"}
                    )
        # a draft line cannot be moved into an approved policy either
        draft = self._east_draft()
        with self.assertRaises(UserError):
            draft.line_ids.with_user(self.user_region_east).write({"policy_id": policy.id})
        self.assertRecordValues(line, [{"fixed_price": 90.0, "policy_id": policy.id}])

    def test_expire_and_revise_are_transitions(self):
        policy = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}], territory_id=self.terr_east.id)
        for user in (self.user_rep_a, self.user_region_east):
            with self.assertRaises(AccessError):
                policy.with_user(user).action_expire()
        seq = policy.workflow_seq
        new = policy.browse(policy.with_user(self.user_region_east).action_revise()["res_id"])
        self.assertEqual((new.state, new.previous_version_id, new.version), ("draft", policy, 2))
        self.assertEqual(policy.workflow_seq, seq + 1)  # two revisions at once serialise on this row
        policy.with_user(self.user_pricing).action_expire()
        self.assertEqual(policy.state, "expired")
        self.assertEqual(self._log(policy)[-1].user_id, self.user_pricing)
        with self.assertRaises(UserError):
            policy.with_user(self.user_pricing).action_expire()

    def test_copy_starts_over(self):
        policy = self._dms_policy([{"product_id": self.tea.id, "fixed_price": 90.0}])
        copy = policy.with_user(self.user_pricing).copy()
        self.assertRecordValues(
            copy, [{"state": "draft", "approved_by_id": False, "workflow_seq": 0, "previous_version_id": False}]
        )
        self.assertNotEqual(copy.code, policy.code)
        self.assertEqual(len(copy.line_ids), 1)

    def test_background_approval_is_the_approvers_and_runs_as_system(self):
        self.env["ir.config_parameter"].set_param("dms_pricing.async_approval_min_lines", "1")
        policy = self._east_draft(user=self.user_pricing)
        policy.with_user(self.user_pricing).action_submit()
        # the submitter cannot queue an approval either
        with self.assertRaises(AccessError):
            policy.with_user(self.user_pricing).action_approve()
        self.assertFalse(policy.approval_queued_by_id)
        policy.with_user(self.user_pricing_2).action_approve()
        self.assertEqual((policy.state, policy.approval_queued_by_id), ("to_approve", self.user_pricing_2))
        with self.assertRaises(UserError):  # a double click does not queue twice
            policy.with_user(self.user_hq).action_approve()
        self.env["dms.price.policy"]._cron_process_queued_approvals()
        self.assertRecordValues(
            policy, [{"state": "active", "approved_by_id": self.user_pricing_2.id, "approval_queued_by_id": False}]
        )
        self.assertEqual(self._log(policy).mapped("transition"), ["submit", "queue_approval", "approve"])

    def test_state_cron_acts_as_system(self):
        policy = self._dms_policy(
            [{"product_id": self.tea.id, "fixed_price": 90.0}], date_start="2020-01-01", date_end="2020-12-31"
        )
        self.env["dms.price.policy"].with_user(self.user_rep_a).sudo()._cron_update_states()
        self.assertEqual(policy.state, "expired")


@tagged("post_install", "-at_install")
class TestPolicyWorkflowRpc(DmsPricingMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_pricing()
        cls.draft = cls.env["dms.price.policy"].create(
            {
                "name": "East draft",
                "territory_id": cls.terr_shanghai.id,
                "line_ids": [Command.create({"product_id": cls.tea.id, "fixed_price": 10.0})],
            }
        )

    def test_call_kw_and_web_save_of_state_are_refused(self):
        east, policy = self.user_region_east, self.draft
        self.assertRpcRefused(east, "dms.price.policy", "write", [policy.id], {"state": "active"})
        self.assertRpcRefused(east, "dms.price.policy", "write", [policy.id], {"state": "active"}, context=dict(FORGED))
        self.assertRpcRefused(east, "dms.price.policy", "web_save", [policy.id], {"state": "active"}, specification={})
        self.assertRpcRefused(
            east,
            "dms.price.policy",
            "web_save",
            [policy.id],
            {"hq_approved_by_id": self.user_hq.id, "approved_by_id": east.id},
            specification={},
        )
        self.assertRpcRefused(
            east,
            "dms.price.policy",
            "_workflow_write",
            [policy.id],
            {"state": "active"},
            exception=("AccessError", "Exception"),
        )
        # the button itself: a regional manager is no approver
        self.rpc(east, "dms.price.policy", "action_submit", [policy.id])
        self.assertRpcRefused(east, "dms.price.policy", "action_approve", [policy.id])
        policy.invalidate_recordset()
        self.assertEqual(policy.state, "to_approve")
        self.assertFalse(policy.approved_by_id)

    def test_portal_reads_no_floor_cost_or_approval_comment(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": 1})],
            }
        )
        order.write({"dms_floor_approval_reason": "internal: margin is thin"})
        order.message_subscribe(partner_ids=[self.dist_a.id])
        line = order.order_line
        self.assertTrue(line.dms_price_floor)
        portal = self.portal_a_admin
        # the portal user reads its own order line...
        rows = self.rpc(portal, "sale.order.line", "read", [line.id], ["price_unit", "dms_price_explanation"])
        self.assertEqual(rows[0]["price_unit"], line.price_unit)
        # ...but not what the brand keeps for itself
        for fname in ("dms_price_floor", "dms_below_floor", "dms_price_policy_line_id", "dms_price_change_reason"):
            self.assertRpcRefused(portal, "sale.order.line", "read", [line.id], [fname])
        self.assertRpcRefused(portal, "sale.order.line", "web_read", [line.id], specification={"dms_price_floor": {}})
        self.assertRpcRefused(portal, "sale.order.line", "search_read", [("id", "=", line.id)], ["dms_price_floor"])
        for fname in ("dms_floor_approval_reason", "dms_floor_approved_by_id", "dms_below_floor"):
            self.assertRpcRefused(portal, "sale.order", "read", [order.id], [fname])
        self.assertRpcRefused(portal, "product.template", "read", [self.water.product_tmpl_id.id], ["dms_floor_price"])
        self.assertRpcRefused(portal, "product.product", "read", [self.tea.id], ["standard_price"])
        self.assertRpcRefused(portal, "res.company", "read", [self.env.company.id], ["dms_hq_discount_threshold"])
        # policy lines (floor, approval need) are not readable at all
        self.assertRpcRefused(portal, "dms.price.policy.line", "read", [self.draft.line_ids.id], ["floor_price"])
        self.assertRpcRefused(portal, "dms.price.policy", "read", [self.draft.id], ["name"])
        # fields a portal user may not read do not even appear in its field list
        fields = self.rpc(portal, "sale.order.line", "fields_get", [], attributes=["type"])
        self.assertNotIn("dms_price_floor", fields)
