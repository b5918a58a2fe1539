# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import engagement

_lt = LazyTranslate(__name__)

REVIEWERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")
HQ = "dms_dealer.group_dms_hq_manager"
SUBMITTERS = ("dms_dealer.group_dms_portal_user",)
REVIEW_ACTIVITY = "dms_engagement.mail_activity_dms_task_review"

PROTECTED_FIELDS = (
    "task_id",
    "partner_id",
    "proof_text",
    "proof_attachment_ids",
    "submit_uid",
    "submit_date",
    "decide_uid",
    "decide_date",
    "return_reason",
    "overdue",
)


class DmsEngagementAssignment(models.Model):
    """One dealer's copy of a task: the dealer sends proof of completion (text and photos) in the
    portal, the assigner approves it or returns it (``dms.workflow.mixin``)."""

    _name = "dms.engagement.assignment"
    _description = "Dealer Task Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "date_deadline desc, id desc"

    _workflow_protected_fields = PROTECTED_FIELDS

    task_id = fields.Many2one("dms.engagement.task", required=True, index=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="cascade", readonly=True
    )
    name = fields.Char(related="task_id.name", string="Task Title")
    task_type = fields.Selection(related="task_id.task_type", store=True)
    description = fields.Html(related="task_id.description")
    date_deadline = fields.Date(related="task_id.date_deadline", store=True, string="Due Date")
    assigner_id = fields.Many2one(related="task_id.user_id", store=True, string="Assigned By", index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    territory_id = fields.Many2one(related="partner_id.territory_id", store=True, index=True, string="Territory")
    dealer_user_id = fields.Many2one(related="partner_id.user_id", store=True, string="Sales Rep")
    state = fields.Selection(
        [
            ("open", "To Do"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("returned", "Returned"),
            ("cancel", "Cancelled"),
        ],
        default="open",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    overdue = fields.Boolean(readonly=True, copy=False, index=True, help="Set by the daily check after the due date.")
    proof_text = fields.Text(string="Proof", readonly=True, copy=False)
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        "dms_engagement_assignment_attachment_rel",
        "assignment_id",
        "attachment_id",
        string="Photos",
        readonly=True,
        copy=False,
    )
    submit_uid = fields.Many2one("res.users", string="Submitted By", readonly=True, copy=False)
    submit_date = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    decide_uid = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False)
    decide_date = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False)
    done_rate = fields.Float(
        string="Completion (%)",
        compute="_compute_done_rate",
        store=True,
        aggregator="avg",
        help="100 once approved: its average is the completion rate of a task, a dealer or a region.",
    )

    _sql_constraints = [
        ("task_partner_uniq", "unique(task_id, partner_id)", "A dealer has one assignment per task."),
    ]

    @api.depends("state")
    def _compute_done_rate(self):
        for assignment in self:
            assignment.done_rate = 100.0 if assignment.state == "approved" else 0.0

    @api.depends("task_id.name", "partner_id.name")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = f"{assignment.task_id.name} - {assignment.partner_id.name}"

    def copy_data(self, default=None):
        # every duplicate goes through here (copy, the form's Duplicate): refused before anything is built
        raise UserError(self.env._("Assignments are created by assigning their task; they cannot be duplicated."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "submit",
                ("open", "returned"),
                "submitted",
                groups=SUBMITTERS,
                kind=workflow.SUBMIT,
                label=_lt("Submit Proof"),
            ),
            workflow.Transition(
                "approve", ("submitted",), "approved", groups=REVIEWERS, kind=workflow.APPROVE, label=_lt("Approve")
            ),
            workflow.Transition(
                "return",
                ("submitted",),
                "returned",
                groups=REVIEWERS,
                kind=workflow.REJECT,
                reason=True,
                label=_lt("Return"),
            ),
            workflow.Transition(
                "cancel",
                ("open", "returned", "submitted"),
                "cancel",
                groups=REVIEWERS,
                kind=workflow.RESET,
                label=_lt("Cancel"),
            ),
        ]

    def _workflow_check(self, transition, reason):
        self.ensure_one()
        if transition.name in ("approve", "return") and not self.env.su:
            user = self.env.user
            if user != self.assigner_id and not user.has_group(HQ):
                raise AccessError(
                    self.env._(
                        "%(assignment)s is reviewed by %(assigner)s, who assigned it, or by HQ.",
                        assignment=self.display_name,
                        assigner=self.assigner_id.name,
                    )
                )
        if transition.name == "submit" and self.task_id.state != "assigned":
            raise UserError(self.env._("The task %(task)s is closed.", task=self.task_id.name))
        return True

    def _workflow_after(self, transition, old_state, reason):
        res = super()._workflow_after(transition, old_state, reason)
        # activities are the brand's: kept up to date whoever acts (the dealer cannot write them)
        assignment = self.sudo()
        if transition.name == "submit":
            assignment.activity_schedule(
                REVIEW_ACTIVITY,
                user_id=assignment.assigner_id.id or self.env.ref("base.user_admin").id,
                summary=self.env._("Review the proof of %(dealer)s", dealer=assignment.partner_id.name),
            )
        elif transition.name in ("approve", "return", "cancel"):
            assignment.activity_unlink([REVIEW_ACTIVITY])
        return res

    def action_approve(self):
        now = fields.Datetime.now()
        return self._workflow_apply("approve", vals={"decide_uid": self.env.uid, "decide_date": now})

    def action_return(self, reason=None):
        """Send the proof back to the dealer with what is missing (the reason is required)."""
        now = fields.Datetime.now()
        for assignment in self:
            assignment._workflow_apply(
                "return", reason=reason, vals={"decide_uid": self.env.uid, "decide_date": now, "return_reason": reason}
            )
        return True

    def action_cancel(self):
        return self._workflow_apply("cancel")

    # ------------------------------------------------------------------
    # Portal: the dealer's proof
    # ------------------------------------------------------------------
    def _dms_portal_submit(self, text, photos=()):
        """The portal user's dealer submits its proof: ``text`` and ``photos`` as
        ``[(filename, bytes, mimetype)]`` already checked by dms_portal (``tools/photos.py``).

        Only a user of the assignment's own dealer may submit; the attachments and the state
        are then written in superuser mode through the workflow engine.
        """
        self.ensure_one()
        user = self.env.user
        assignment = self.sudo()
        dealer = user.dms_dealer_id
        if not user.share or not dealer or assignment.partner_id != dealer or not dealer._dms_portal_can_act():
            raise AccessError(self.env._("You can only submit the tasks of your own company."))
        text = (text or "").strip()[: engagement.MAX_PROOF_TEXT]
        photos = list(photos or ())
        if not text and not photos:
            raise UserError(self.env._("Describe what was done or add at least one photo."))
        if len(photos) > engagement.MAX_PHOTOS:
            raise UserError(self.env._("Send at most %(count)s photos.", count=engagement.MAX_PHOTOS))
        if assignment.state not in engagement.OPEN_STATES:
            raise UserError(
                self.env._(
                    "%(task)s is %(state)s: it cannot be submitted again.",
                    task=assignment.name,
                    state=assignment._workflow_state_label(assignment.state),
                )
            )
        # sudo: portal users cannot create attachments; these belong to this one assignment,
        # whose dealer was checked above
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name[:128],
                        "datas": base64.b64encode(data),
                        "mimetype": mimetype,
                        "res_model": self._name,
                        "res_id": assignment.id,
                    }
                    for name, data, mimetype in photos
                ]
            )
        )
        # the dealer sees its photos in the portal with their token (only on its own assignment's page)
        attachments.generate_access_token()
        assignment._workflow_apply(
            "submit",
            vals={
                "proof_text": text or False,
                "proof_attachment_ids": [Command.set(attachments.ids)],
                "submit_uid": user.id,
                "submit_date": fields.Datetime.now(),
            },
        )
        return True

    @api.model
    def _dms_portal_open_count(self):
        """Assignments of the user's dealer waiting for it (one query)."""
        if not self.env.user.dms_dealer_id or not self.has_access("read"):
            return 0
        # searched as the user: record rules keep it to its own dealer
        return self.search_count([("state", "in", engagement.OPEN_STATES)])

    # ------------------------------------------------------------------
    # Scheduled
    # ------------------------------------------------------------------
    @api.model
    def _cron_flag_overdue(self):
        """Flag the assignments still waiting for their dealer after the due date."""
        today = fields.Date.context_today(self)
        late = self.sudo().search(
            [("state", "in", engagement.OPEN_STATES), ("overdue", "=", False), ("date_deadline", "<", today)]
        )
        late = late.filtered(lambda a: engagement.is_overdue(a.state, a.date_deadline, today))
        if late:
            late._workflow_write({"overdue": True})
        return len(late)
