# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import mdf

_lt = LazyTranslate(__name__)

ACTIVITY_TYPES = [
    ("display", "Display (陈列)"),
    ("tasting", "Tasting (品鉴)"),
    ("advertising", "Advertising (广告)"),
    ("other", "Other"),
]
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("done", "Closed"),
    ("cancel", "Cancelled"),
]
DECIDERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")
DECIDE_ACTIVITY = "dms_mdf.mail_activity_dms_mdf_decide"


def last_reasons(records, transition):
    """``{record id: reason}`` of the last ``transition`` of each record, from the engine's log (one query)."""
    # the log is read for these records only
    logs = (
        records.env["dms.workflow.log"]
        .sudo()
        .search_fetch(
            [("res_model", "=", records._name), ("res_id", "in", records.ids), ("transition", "=", transition)],
            ["res_id", "reason"],
            order="id",
        )
    )
    return {log.res_id: log.reason for log in logs}


def _roi_basis_selection(self):
    """The sales measures of dealer targets (invoiced, ordered, and channel bases when installed)."""
    return self.env["dms.dealer.target"]._fields["basis"]._description_selection(self.env)


class DmsMdfActivity(models.Model):
    """A marketing activity a dealer plans on a marketing fund: display, tasting, advertising."""

    _name = "dms.mdf.activity"
    _description = "Marketing Fund Activity"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    _workflow_field = "state"
    _workflow_protected_fields = ("approved_amount", "submit_uid", "submit_date", "decide_uid", "decide_date")
    _workflow_frozen_fields = (
        "partner_id",
        "company_id",
        "activity_type",
        "date_from",
        "date_to",
        "planned_amount",
        "budget_id",
        "product_ids",
        "categ_ids",
    )
    _workflow_editable_states = ("draft", "submitted")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    title = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_dealer", "=", True)],
        default=lambda self: self._default_partner_id(),
    )
    territory_id = fields.Many2one(
        "dms.territory", related="partner_id.territory_id", store=True, index=True, string="Territory"
    )
    user_id = fields.Many2one("res.users", related="partner_id.user_id", store=True, string="Sales Rep")
    activity_type = fields.Selection(ACTIVITY_TYPES, string="Type", required=True, default="tasting", tracking=True)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    product_ids = fields.Many2many("product.product", string="Products")
    categ_ids = fields.Many2many("product.category", string="Product Categories")
    description = fields.Text(string="Plan")
    planned_amount = fields.Monetary(string="Planned Cost", currency_field="currency_id", required=True, tracking=True)
    budget_id = fields.Many2one(
        "dms.mdf.budget",
        string="Fund",
        index=True,
        tracking=True,
        ondelete="restrict",
        compute="_compute_budget_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    approved_amount = fields.Monetary(currency_field="currency_id", readonly=True, copy=False, tracking=True)
    amount_claimed = fields.Monetary(
        string="Claimed", currency_field="currency_id", compute="_compute_claim_amounts", store=True
    )
    amount_paid = fields.Monetary(
        string="Paid", currency_field="currency_id", compute="_compute_claim_amounts", store=True
    )
    amount_committed = fields.Monetary(
        string="Committed",
        currency_field="currency_id",
        compute="_compute_claim_amounts",
        store=True,
        help="What this activity holds on its fund: the approved amount while open, what was claimed once closed.",
    )
    claim_ids = fields.One2many("dms.mdf.claim", "activity_id", string="Claims")
    claim_count = fields.Integer(compute="_compute_claim_count")
    submit_uid = fields.Many2one("res.users", string="Submitted By", readonly=True, copy=False)
    submit_date = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    decide_uid = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decide_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    reject_reason = fields.Text(compute="_compute_reject_reason")

    roi_basis = fields.Selection(
        _roi_basis_selection, string="Sales Measure", default="invoiced", required=True, help="As for dealer targets."
    )
    roi_sales_during = fields.Monetary(string="Sales During", currency_field="currency_id", compute="_compute_roi")
    roi_sales_before = fields.Monetary(
        string="Sales Before",
        currency_field="currency_id",
        compute="_compute_roi",
        help="The dealer's sales in the same number of days just before the activity.",
    )
    roi_uplift = fields.Monetary(string="Sales Uplift", currency_field="currency_id", compute="_compute_roi")
    roi_ratio = fields.Float(
        string="ROI",
        compute="_compute_roi",
        digits=(16, 2),
        help="Sales uplift per yuan of the fund spent (claimed, else approved).",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference of a marketing activity must be unique."),
        ("planned_positive", "CHECK(planned_amount > 0)", "The planned cost of an activity must be positive."),
        ("dates_ordered", "CHECK(date_from <= date_to)", "An activity ends after it starts."),
    ]

    @api.model
    def _default_partner_id(self):
        user = self.env.user
        return user.partner_id.commercial_partner_id.id if user.share else False

    @api.depends("partner_id", "company_id", "date_from", "date_to")
    def _compute_budget_id(self):
        for activity in self:
            if activity.state not in (False, "draft", "submitted"):
                continue
            if (
                activity.budget_id
                and activity.budget_id._dms_matches(activity.partner_id)
                and mdf.covers(
                    activity.budget_id.date_from, activity.budget_id.date_to, activity.date_from, activity.date_to
                )
            ):
                continue
            activity.budget_id = self.env["dms.mdf.budget"]._dms_find(
                activity.partner_id, activity.company_id or self.env.company, activity.date_from, activity.date_to
            )

    @api.depends("state", "approved_amount", "claim_ids.state", "claim_ids.amount")
    def _compute_claim_amounts(self):
        for activity in self:
            claims = activity.claim_ids.filtered(lambda c: c.state in ("approved", "paid"))
            activity.amount_claimed = sum(claims.mapped("amount"))
            activity.amount_paid = sum(claims.filtered(lambda c: c.state == "paid").mapped("amount"))
            if activity.state == "approved":
                activity.amount_committed = max(activity.approved_amount, activity.amount_claimed)
            elif activity.state == "done":
                activity.amount_committed = activity.amount_claimed
            else:
                activity.amount_committed = 0.0

    def _compute_claim_count(self):
        counts = dict(
            self.env["dms.mdf.claim"]._read_group([("activity_id", "in", self.ids)], ["activity_id"], ["__count"])
        )
        for activity in self:
            activity.claim_count = counts.get(activity, 0)

    def _compute_reject_reason(self):
        reasons = last_reasons(self, "reject")
        for activity in self:
            activity.reject_reason = reasons.get(activity.id) if activity.state == "rejected" else False

    @api.depends("partner_id", "date_from", "date_to", "roi_basis", "amount_claimed", "approved_amount")
    def _compute_roi(self):
        """Sales during vs the same number of days before, with the dealer targets' measure:
        two grouped queries per distinct (period, basis), whatever the number of activities."""
        Target = self.env["dms.dealer.target"]
        for activity in self:
            activity.roi_sales_during = activity.roi_sales_before = activity.roi_uplift = activity.roi_ratio = 0.0
        measured = self.filtered(lambda a: a.state in ("approved", "done") and a.date_from and a.date_to)
        for (date_from, date_to, company, basis), group in measured.grouped(
            lambda a: (a.date_from, a.date_to, a.company_id, a.roi_basis)
        ).items():
            before_from, before_to = mdf.previous_period(date_from, date_to)
            partners = group.partner_id
            during = Target._dms_get_actuals(partners, date_from, date_to, company, basis)
            before = Target._dms_get_actuals(partners, before_from, before_to, company, basis)
            for activity in group:
                sales_during = during.get(activity.partner_id, {}).get("amount", 0.0)
                sales_before = before.get(activity.partner_id, {}).get("amount", 0.0)
                uplift, ratio = mdf.roi(sales_during, sales_before, activity.amount_claimed or activity.approved_amount)
                activity.roi_sales_during = sales_during
                activity.roi_sales_before = sales_before
                activity.roi_uplift = uplift
                activity.roi_ratio = ratio or 0.0

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dms.mdf.activity") or "/"
        return super().create(vals_list)

    @api.constrains("partner_id", "budget_id", "date_from", "date_to")
    def _check_budget(self):
        for activity in self:
            if not activity.partner_id.commercial_partner_id.is_dealer:
                raise ValidationError(
                    self.env._("%(partner)s is not a dealer.", partner=activity.partner_id.display_name)
                )
            budget = activity.budget_id.sudo()
            if not budget:
                continue
            if not budget._dms_matches(activity.partner_id):
                raise ValidationError(
                    self.env._(
                        "The fund %(budget)s is not for %(dealer)s.",
                        budget=budget.display_name,
                        dealer=activity.partner_id.display_name,
                    )
                )
            if not mdf.covers(budget.date_from, budget.date_to, activity.date_from, activity.date_to):
                raise ValidationError(
                    self.env._(
                        "%(activity)s runs from %(start)s to %(end)s, outside the fund %(budget)s "
                        "(%(budget_start)s - %(budget_end)s).",
                        activity=activity.title,
                        start=activity.date_from,
                        end=activity.date_to,
                        budget=budget.display_name,
                        budget_start=budget.date_from,
                        budget_end=budget.date_to,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(activity.state not in ("draft", "cancel") for activity in self):
            raise UserError(self.env._("Only draft or cancelled marketing activities can be deleted."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("submit", ("draft",), "submitted", kind=workflow.SUBMIT, label=_lt("Submit")),
            workflow.Transition(
                "approve", ("submitted",), "approved", groups=DECIDERS, kind=workflow.APPROVE, label=_lt("Approve")
            ),
            workflow.Transition(
                "reject",
                ("submitted",),
                "rejected",
                groups=DECIDERS,
                kind=workflow.REJECT,
                reason=True,
                label=_lt("Reject"),
            ),
            workflow.Transition("redraft", ("rejected",), "draft", kind=workflow.RESET, label=_lt("Back to draft")),
            workflow.Transition("close", ("approved",), "done", groups=DECIDERS, label=_lt("Close")),
            workflow.Transition("cancel", ("draft", "submitted"), "cancel", kind=workflow.RESET, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        self.ensure_one()
        if transition.name == "submit" and not self.budget_id:
            raise UserError(
                self.env._(
                    "No marketing fund of %(dealer)s or its region covers %(start)s - %(end)s: "
                    "ask your region manager for a fund first.",
                    dealer=self.partner_id.display_name,
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        if transition.name == "approve":
            self._dms_check_commitment()
        if transition.name == "close" and self.claim_ids.filtered(lambda c: c.state in ("draft", "submitted")):
            raise UserError(
                self.env._("%(activity)s has claims waiting for a decision: decide them first.", activity=self.name)
            )
        return True

    def _workflow_after(self, transition, old_state, reason):
        res = super()._workflow_after(transition, old_state, reason)
        activity = self.sudo()
        if transition.name == "submit":
            activity._dms_schedule_decide(
                DECIDE_ACTIVITY, self.env._("Decide marketing activity %(name)s", name=self.name)
            )
        elif transition.name in ("approve", "reject", "cancel"):
            activity.activity_unlink([DECIDE_ACTIVITY])
        return res

    def _dms_check_commitment(self):
        """The fund (locked) still has the planned cost uncommitted; call before approving."""
        self.ensure_one()
        budget = self.budget_id.sudo()
        if not budget:
            raise UserError(self.env._("Choose the fund %(activity)s draws on.", activity=self.name))
        budget._dms_lock()
        budget.invalidate_recordset(["amount_committed", "amount_remaining"])
        others = budget.amount_committed - self.amount_committed
        if not mdf.check_commitment(self.planned_amount, budget.amount, others, budget.currency_id.rounding):
            raise UserError(
                self.env._(
                    "The fund %(budget)s has %(left)s left to commit: %(activity)s (%(amount)s) does not fit.",
                    budget=budget.display_name,
                    left=budget.amount - others,
                    activity=self.name,
                    amount=self.planned_amount,
                )
            )

    def _dms_check_actor(self):
        """A portal user acts on its own dealer's activities only (then in superuser mode, since portal
        users have no write access); staff as record rules allow. Returns the records to act on."""
        if self.env.su or not self:
            return self
        user = self.env.user
        if user.share:
            dealer = user.partner_id.commercial_partner_id
            if any(activity.partner_id.commercial_partner_id != dealer for activity in self.sudo()):
                raise AccessError(self.env._("You can only act on the activities of %(dealer)s.", dealer=dealer.name))
            if not dealer._dms_portal_can_act():
                raise AccessError(self.env._("You may not act for %(dealer)s.", dealer=dealer.name))
            return self.sudo()
        self.check_access("write")
        return self

    def _dms_deciders(self):
        """The manager of the dealer's territory (nearest up the tree), else the HQ managers."""
        self.ensure_one()
        users = self.territory_id._dms_get_manager() if self.territory_id else self.env["res.users"]
        users = users.filtered(lambda u: u.active and not u.share)
        if not users:
            users = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        ("groups_id", "in", self.env.ref("dms_dealer.group_dms_hq_manager").id),
                        ("share", "=", False),
                        ("company_ids", "in", self.company_id.id),
                    ]
                )
            )
        return users

    def _dms_schedule_decide(self, activity_type, summary):
        for record in self:
            for user in record._dms_deciders():
                record.activity_schedule(activity_type, user_id=user.id, summary=summary)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        activities = self._dms_check_actor()
        activities._workflow_apply("submit", vals={"submit_uid": self.env.uid, "submit_date": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._dms_check_actor()._workflow_apply("cancel")
        return True

    def action_redraft(self):
        self._dms_check_actor()._workflow_apply("redraft")
        return True

    def action_approve(self):
        """The region (or HQ) approves the planned cost, within what its fund has left (locked)."""
        for activity in self:
            activity._workflow_apply(
                "approve",
                vals={
                    "approved_amount": activity.planned_amount,
                    "decide_uid": self.env.uid,
                    "decide_date": fields.Datetime.now(),
                },
            )
        return True

    def action_open_reject_wizard(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject %(name)s", name=self.name),
            "res_model": "dms.mdf.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_activity_id": self.id},
        }

    def action_reject(self, reason=None):
        self._workflow_apply(
            "reject", reason=reason, vals={"decide_uid": self.env.uid, "decide_date": fields.Datetime.now()}
        )
        return True

    def action_close(self):
        """No more claims: what was not claimed goes back to the fund."""
        self._workflow_apply("close")
        return True

    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_mdf.action_dms_mdf_claim")
        action["domain"] = [("activity_id", "=", self.id)]
        action["context"] = {"default_activity_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _dms_claimable(self):
        """The most a new claim on this activity may ask now (0 unless approved)."""
        self.ensure_one()
        if self.state != "approved":
            return 0.0
        activity = self.sudo()
        budget = activity.budget_id
        return mdf.claimable(activity.approved_amount, activity.amount_claimed, budget.amount, budget.amount_claimed)
