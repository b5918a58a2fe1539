# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import split_every
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import engagement

_lt = LazyTranslate(__name__)

TASK_TYPES = [
    ("training", "Training"),
    ("store_audit", "Store Audit"),
    ("promotion", "Promotion Execution"),
    ("other", "Other"),
]
ASSIGNERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")
HQ = "dms_dealer.group_dms_hq_manager"
#: assignments created per batch
BATCH = 500


class DmsEngagementTask(models.Model):
    """A task the brand (HQ or a region) gives its dealers (任务中心): one template, targeted by dealer
    level, territory and dealer (``dms.targeting.mixin``), that generates one assignment per dealer."""

    _name = "dms.engagement.task"
    _description = "Dealer Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin", "dms.targeting.mixin"]
    _order = "date_deadline desc, id desc"

    _workflow_protected_fields = ("assigned_date",)
    _workflow_frozen_fields = ("level_ids", "territory_ids", "partner_ids", "company_id")
    _workflow_editable_states = ("draft", "assigned")

    name = fields.Char(required=True, tracking=True)
    task_type = fields.Selection(TASK_TYPES, string="Type", required=True, default="store_audit", tracking=True)
    description = fields.Html(sanitize=True, help="What the dealer must do and what proof to send.")
    date_deadline = fields.Date(string="Due Date", required=True, tracking=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assigned By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        help="Reviews the dealers' proofs (with HQ).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("assigned", "Assigned"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    assigned_date = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    level_ids = fields.Many2many(
        "dms.dealer.level", "dms_engagement_task_level_rel", "task_id", "level_id", string="Dealer Levels"
    )
    territory_ids = fields.Many2many(
        "dms.territory", "dms_engagement_task_territory_rel", "task_id", "territory_id", string="Territories"
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "dms_engagement_task_partner_rel",
        "task_id",
        "partner_id",
        string="Dealers",
        domain="[('is_dealer', '=', True), ('is_company', '=', True)]",
    )
    assignment_ids = fields.One2many("dms.engagement.assignment", "task_id", string="Assignments")
    assignment_count = fields.Integer(string="Assigned", compute="_compute_completion")
    done_count = fields.Integer(string="Done", compute="_compute_completion")
    overdue_count = fields.Integer(string="Overdue", compute="_compute_completion")
    completion_rate = fields.Float(string="Completion (%)", compute="_compute_completion", digits=(5, 1))

    def _compute_completion(self):
        Assignment = self.env["dms.engagement.assignment"]
        stats = {}
        if self.ids:
            for task, state, overdue, count in Assignment._read_group(
                [("task_id", "in", self.ids), ("state", "!=", "cancel")], ["task_id", "state", "overdue"], ["__count"]
            ):
                total, done, late = stats.get(task.id, (0, 0, 0))
                stats[task.id] = (
                    total + count,
                    done + (count if state == "approved" else 0),
                    late + (count if overdue and state in engagement.OPEN_STATES else 0),
                )
        for task in self:
            total, done, late = stats.get(task.id, (0, 0, 0))
            task.assignment_count = total
            task.done_count = done
            task.overdue_count = late
            task.completion_rate = engagement.rate(done, total)

    # ------------------------------------------------------------------
    # Scope: a regional manager assigns inside its territories only
    # ------------------------------------------------------------------
    @api.constrains("territory_ids", "user_id")
    def _check_region_scope(self):
        user = self.env.user
        if self.env.su or user.has_group(HQ):
            return
        roots = user._dms_region_territory_ids()
        subtree = self.env["dms.territory"].sudo().search([("id", "child_of", roots)]) if roots else None
        for task in self:
            if not task.territory_ids or not subtree or task.territory_ids - subtree:
                raise AccessError(
                    self.env._(
                        "%(task)s: a regional manager assigns tasks within the territories it manages; "
                        "choose one or more of them.",
                        task=task.display_name,
                    )
                )

    def _dms_dealers_domain(self):
        """``res.partner`` domain: the active dealers of the task's company it targets."""
        self.ensure_one()
        return expression.AND(
            [
                engagement.dealer_domain(),
                [("company_id", "in", [self.company_id.id, False])],
                self._targeting_partner_domain(),
            ]
        )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "assign", ("draft", "assigned"), "assigned", groups=ASSIGNERS, label=_lt("Assign to Dealers")
            ),
            workflow.Transition("close", ("assigned",), "closed", groups=ASSIGNERS, label=_lt("Close")),
            workflow.Transition("reopen", ("closed",), "assigned", groups=ASSIGNERS, label=_lt("Reopen")),
        ]

    def action_assign(self):
        """Create the missing assignments (one per targeted dealer); running it again adds only
        the dealers targeted since (idempotent)."""
        created = self.env["dms.engagement.assignment"]
        for task in self:
            vals = {} if task.assigned_date else {"assigned_date": fields.Datetime.now()}
            # the engine checks the caller's group and write access on this task (record rules)
            task._workflow_apply("assign", vals=vals)
            created |= task._dms_generate_assignments()
        return created

    def action_close(self):
        return self._workflow_apply("close")

    def action_reopen(self):
        return self._workflow_apply("reopen")

    def _dms_generate_assignments(self):
        """One assignment per targeted dealer that has none yet, created in batches."""
        self.ensure_one()
        # sudo: dealers and assignments are searched with the task's explicit targeting domain;
        # a regional manager's task only targets its territories (_check_region_scope)
        Partner = self.env["res.partner"].sudo()
        Assignment = self.env["dms.engagement.assignment"].sudo()
        dealers = Partner.search(self._dms_dealers_domain(), order="id")
        existing = set(Assignment.with_context(active_test=False).search([("task_id", "=", self.id)]).partner_id.ids)
        missing = [dealer_id for dealer_id in dealers.ids if dealer_id not in existing]
        created = Assignment.browse()
        for batch in split_every(BATCH, missing):
            created |= Assignment.create([{"task_id": self.id, "partner_id": dealer_id} for dealer_id in batch])
        if created:
            self._message_log(
                body=self.env._("%(count)s dealers assigned.", count=len(created)),
            )
        return created

    @api.ondelete(at_uninstall=False)
    def _unlink_except_assigned(self):
        if any(task.assignment_ids for task in self.sudo()):
            raise UserError(self.env._("A task already assigned to dealers cannot be deleted: close it."))

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_engagement.action_dms_engagement_assignment")
        action["domain"] = [("task_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
