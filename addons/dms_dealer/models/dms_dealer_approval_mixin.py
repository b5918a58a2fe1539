# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from ..tools import workflow

_lt = LazyTranslate(__name__)

#: groups that may take the regional step (HQ may stand in for a region)
REGION_GROUPS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")
#: groups that may take the HQ step
HQ_GROUPS = ("dms_dealer.group_dms_hq_manager",)

#: the approval fields the engine alone writes
APPROVAL_FIELDS = ("region_approver_id", "region_approved_on", "hq_approver_id", "hq_approved_on")


class DmsDealerApprovalMixin(models.AbstractModel):
    """Region-then-HQ review of admissions and agreements, on the workflow engine.

    The regional manager of the dealer's territory approves first; HQ approves
    too when the dealer level is strategic. The steps are engine transitions
    (``approve`` for a one-step review, ``approve_region`` then ``approve_hq``
    for two), so the engine enforces the groups, separation of duties (never
    the submitter, never one person for both steps) and the log; this layer
    only says which step is due, who covers the territory and which approver
    fields each step fills. Models set the territory and the level through
    ``_get_approval_territory`` / ``_get_approval_level`` and list
    :meth:`_approval_transitions` in their ``_workflow_transitions``.
    """

    _name = "dms.dealer.approval.mixin"
    _inherit = ["dms.workflow.mixin"]
    _description = "Dealer Approval (region, then HQ)"

    _workflow_protected_fields = APPROVAL_FIELDS

    needs_hq_approval = fields.Boolean(
        string="Needs HQ Approval",
        compute="_compute_needs_hq_approval",
        help="Strategic dealers are approved by HQ after the regional manager.",
    )
    region_approver_id = fields.Many2one("res.users", string="Approved by (Region)", readonly=True, copy=False)
    region_approved_on = fields.Datetime(string="Region Approval Date", readonly=True, copy=False)
    hq_approver_id = fields.Many2one("res.users", string="Approved by (HQ)", readonly=True, copy=False)
    hq_approved_on = fields.Datetime(string="HQ Approval Date", readonly=True, copy=False)

    def _get_approval_territory(self):
        self.ensure_one()
        return self.env["dms.territory"]

    def _get_approval_level(self):
        self.ensure_one()
        return self.env["dms.dealer.level"]

    def _get_hq_levels(self):
        """Levels whose dealers need HQ approval (override to add levels)."""
        return (
            self.env.ref("dms_dealer.dealer_level_strategic", raise_if_not_found=False) or self.env["dms.dealer.level"]
        )

    def _compute_needs_hq_approval(self):
        hq_levels = self._get_hq_levels()
        for record in self:
            record.needs_hq_approval = bool(record._get_approval_level() & hq_levels)

    # ------------------------------------------------------------------
    # Steps (engine transitions)
    # ------------------------------------------------------------------
    @api.model
    def _approval_transitions(self, region_sources, hq_sources, region_target, approved_state):
        """The three approval transitions of a model.

        :param region_sources: states in which the regional step is due
        :param hq_sources: states in which the HQ step is due
        :param region_target: state after the regional step of a two-step review (None: unchanged)
        :param approved_state: state once the review is complete
        """
        return [
            workflow.Transition(
                "approve", region_sources, approved_state, REGION_GROUPS, kind=workflow.APPROVE, label=_lt("Approve")
            ),
            workflow.Transition(
                "approve_region",
                region_sources,
                region_target,
                REGION_GROUPS,
                kind=workflow.APPROVE,
                label=_lt("Approve (region)"),
            ),
            workflow.Transition(
                "approve_hq", hq_sources, approved_state, HQ_GROUPS, kind=workflow.APPROVE, label=_lt("Approve (HQ)")
            ),
        ]

    def _approval_next_step(self):
        """Name of the approval transition due now: ``approve``, ``approve_region`` or ``approve_hq``."""
        self.ensure_one()
        if not self.needs_hq_approval:
            return "approve"
        return "approve_hq" if self.region_approver_id else "approve_region"

    def _approval_step_vals(self, step):
        """Approver fields filled by ``step`` (written by the engine with the new state)."""
        now = fields.Datetime.now()
        if step == "approve_hq":
            return {"hq_approver_id": self.env.uid, "hq_approved_on": now}
        return {"region_approver_id": self.env.uid, "region_approved_on": now}

    @api.model
    def _approval_reset_vals(self):
        """Approver fields cleared when a new review cycle starts."""
        return dict.fromkeys(APPROVAL_FIELDS, False)

    def _approval_is_complete(self):
        """Whether every step the record needs was approved (approver fields are engine-only)."""
        self.ensure_one()
        return bool(self.region_approver_id and (self.hq_approver_id or not self.needs_hq_approval))

    def _approval_check(self, transition):
        """Checks of the approval steps, to call from ``_workflow_check``.

        The step asked must be the one due (a one-step review of a strategic
        dealer, or an HQ step before the region, are refused) and the regional
        step is taken by a manager covering the territory.
        """
        self.ensure_one()
        if transition.name not in ("approve", "approve_region", "approve_hq"):
            return
        if transition.name != self._approval_next_step():
            raise UserError(
                self.env._(
                    "%(record)s is not waiting for this approval step: %(step)s is due.",
                    record=self.display_name,
                    step=self._workflow_transition_label(
                        next(t for t in self._workflow_transitions() if t.name == self._approval_next_step())
                    ),
                )
            )
        if transition.name in ("approve", "approve_region"):
            self._check_region_approver()

    def _approval_apply(self):
        """Take the approval step due on each record, through the engine."""
        for record in self:
            step = record._approval_next_step()
            record._workflow_apply(step, vals=record._approval_step_vals(step))
        return True

    # ------------------------------------------------------------------
    # Who approves
    # ------------------------------------------------------------------
    def _get_region_approver(self):
        """Manager of the territory or of its nearest parent, else a user covering it."""
        self.ensure_one()
        territory = self._get_approval_territory().sudo()
        while territory:
            if territory.manager_id and territory.territory_type != "hq":
                return territory.manager_id
            if territory.user_ids and territory.territory_type != "hq":
                return territory.user_ids.sorted("id")[:1]
            territory = territory.parent_id
        return self._get_hq_approver()

    def _get_hq_approver(self):
        """Manager of the HQ territory, else the first HQ manager."""
        self.ensure_one()
        territory = self._get_approval_territory().sudo()
        while territory:
            if territory.territory_type == "hq" and territory.manager_id:
                return territory.manager_id
            territory = territory.parent_id
        group = self.env.ref("dms_dealer.group_dms_hq_manager")
        users = group.sudo().users.filtered(lambda u: not u.share and u.active and not u._is_superuser())
        return users.sorted("id")[:1]

    def _is_region_approver(self, user=None):
        self.ensure_one()
        user = user or self.env.user
        if user.id == SUPERUSER_ID or user.has_group("dms_dealer.group_dms_hq_manager"):
            return True
        if not user.has_group("dms_dealer.group_dms_region_manager"):
            return False
        territory = self._get_approval_territory().sudo()
        covered = self.env["dms.territory"].sudo().browse(user._dms_region_territory_ids())
        return bool(territory) and covered._covers(territory)

    def _check_region_approver(self):
        for record in self:
            if not record._is_region_approver():
                raise AccessError(
                    self.env._(
                        "Only the regional manager of %(territory)s or HQ may approve %(record)s.",
                        territory=record._get_approval_territory().sudo().display_name or "-",
                        record=record.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    def _schedule_approval_activity(self, user, summary):
        if not user:
            return
        for record in self:
            record.activity_schedule("dms_dealer.mail_activity_type_dms_approval", summary=summary, user_id=user.id)

    def _close_approval_activities(self, feedback=None):
        self.activity_feedback(["dms_dealer.mail_activity_type_dms_approval"], feedback=feedback)

    def _drop_approval_activities(self):
        self.activity_unlink(["dms_dealer.mail_activity_type_dms_approval"])
