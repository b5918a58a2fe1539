# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import mdf
from .dms_mdf_activity import last_reasons

_lt = LazyTranslate(__name__)

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved, To Pay"),
    ("rejected", "Rejected"),
    ("paid", "Paid"),
    ("cancel", "Cancelled"),
]
DECIDERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")
PAYERS = ("dms_dealer.group_dms_finance",)
DECIDE_ACTIVITY = "dms_mdf.mail_activity_dms_mdf_claim_decide"
PAY_ACTIVITY = "dms_mdf.mail_activity_dms_mdf_claim_pay"


class DmsMdfClaim(models.Model):
    """A dealer's claim (费用核销) of what an approved activity cost, with photos and receipts."""

    _name = "dms.mdf.claim"
    _description = "Marketing Fund Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _workflow_field = "state"
    _workflow_protected_fields = (
        "submit_uid",
        "submit_date",
        "decide_uid",
        "decide_date",
        "payout_method",
        "move_id",
        "wallet_line_id",
        "paid_date",
    )
    _workflow_frozen_fields = ("activity_id", "amount")
    _workflow_editable_states = ("draft",)

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    activity_id = fields.Many2one(
        "dms.mdf.activity",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("state", "=", "approved")],
    )
    company_id = fields.Many2one(
        "res.company", related="activity_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", related="activity_id.partner_id", store=True, index=True, precompute=True
    )
    territory_id = fields.Many2one(
        "dms.territory", related="activity_id.territory_id", store=True, index=True, string="Territory"
    )
    budget_id = fields.Many2one(
        "dms.mdf.budget", string="Fund", related="activity_id.budget_id", store=True, index=True, precompute=True
    )
    amount = fields.Monetary(currency_field="currency_id", required=True, tracking=True)
    description = fields.Text(string="What was done")
    attachment_ids = fields.Many2many("ir.attachment", string="Photos and Receipts", copy=False)
    attachment_count = fields.Integer(string="Proof Count", compute="_compute_attachment_count")
    submit_uid = fields.Many2one("res.users", string="Submitted By", readonly=True, copy=False)
    submit_date = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    decide_uid = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decide_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    payout_method = fields.Selection(
        [("credit_note", "Credit Note"), ("wallet", "Rebate Wallet")], readonly=True, copy=False, tracking=True
    )
    move_id = fields.Many2one("account.move", string="Credit Note / Entry", readonly=True, copy=False)
    wallet_line_id = fields.Many2one("dms.rebate.wallet.line", string="Wallet Credit", readonly=True, copy=False)
    paid_date = fields.Date(readonly=True, copy=False)
    reject_reason = fields.Text(compute="_compute_reject_reason")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference of a marketing claim must be unique."),
        ("amount_positive", "CHECK(amount > 0)", "A claim asks for a positive amount."),
        ("move_uniq", "unique(move_id)", "A credit note pays one claim."),
    ]

    @api.depends("attachment_ids")
    def _compute_attachment_count(self):
        for claim in self:
            claim.attachment_count = len(claim.attachment_ids)

    def _compute_reject_reason(self):
        reasons = last_reasons(self, "reject")
        for claim in self:
            claim.reject_reason = reasons.get(claim.id) if claim.state == "rejected" else False

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        activities = (
            self.env["dms.mdf.activity"].sudo().browse([v["activity_id"] for v in vals_list if v.get("activity_id")])
        )
        for activity in activities:
            if activity.state != "approved":
                raise UserError(
                    self.env._(
                        "%(activity)s is %(state)s: only approved activities can be claimed.",
                        activity=activity.name,
                        state=activity._workflow_state_label(activity.state),
                    )
                )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dms.mdf.claim") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(claim.state not in ("draft", "cancel") for claim in self):
            raise UserError(self.env._("Only draft or cancelled marketing claims can be deleted."))

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
            workflow.Transition("pay", ("approved",), "paid", groups=PAYERS, label=_lt("Pay")),
            workflow.Transition("cancel", ("draft", "submitted"), "cancel", kind=workflow.RESET, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        self.ensure_one()
        if transition.name == "submit":
            if not self.attachment_ids:
                raise UserError(
                    self.env._("Attach photos or receipts of the activity to %(claim)s first.", claim=self.name)
                )
            self._dms_check_amount(lock=False)
        elif transition.name == "approve":
            self._dms_check_amount(lock=True)
        return True

    def _workflow_after(self, transition, old_state, reason):
        res = super()._workflow_after(transition, old_state, reason)
        claim = self.sudo()
        if transition.name == "submit":
            for user in claim.activity_id._dms_deciders():
                claim.activity_schedule(
                    DECIDE_ACTIVITY,
                    user_id=user.id,
                    summary=self.env._("Check marketing claim %(name)s", name=self.name),
                )
        elif transition.name in ("approve", "reject", "cancel"):
            claim.activity_unlink([DECIDE_ACTIVITY])
            if transition.name == "approve":
                for user in claim._dms_payers():
                    claim.activity_schedule(
                        PAY_ACTIVITY,
                        user_id=user.id,
                        summary=self.env._("Pay marketing claim %(name)s", name=self.name),
                    )
        elif transition.name == "pay":
            claim.activity_unlink([PAY_ACTIVITY])
        return res

    def _dms_check_amount(self, lock):
        """Never more than the activity's approved amount left, nor the fund's amount left to claims.

        ``lock``: take the fund's row lock first (approval), so two approvals at once serialise.
        """
        self.ensure_one()
        claim = self.sudo()
        activity, budget = claim.activity_id, claim.activity_id.budget_id
        if activity.state != "approved":
            raise UserError(
                self.env._(
                    "%(activity)s is %(state)s: it can no longer be claimed.",
                    activity=activity.name,
                    state=activity._workflow_state_label(activity.state),
                )
            )
        if lock:
            budget._dms_lock()
        others = claim.search(
            [("budget_id", "=", budget.id), ("state", "in", ("approved", "paid")), ("id", "!=", claim.id)]
        )
        on_activity = sum(others.filtered(lambda c: c.activity_id == activity).mapped("amount"))
        on_budget = sum(others.mapped("amount"))
        code = mdf.check_claim(
            claim.amount, activity.approved_amount, on_activity, budget.amount, on_budget, claim.currency_id.rounding
        )
        if code == mdf.OVER_ACTIVITY:
            raise UserError(
                self.env._(
                    "%(claim)s asks %(amount)s, but only %(left)s of the %(approved)s approved for %(activity)s "
                    "is left to claim.",
                    claim=claim.name,
                    amount=claim.amount,
                    left=activity.approved_amount - on_activity,
                    approved=activity.approved_amount,
                    activity=activity.name,
                )
            )
        if code == mdf.OVER_BUDGET:
            raise UserError(
                self.env._(
                    "%(claim)s asks %(amount)s, but the fund %(budget)s has only %(left)s left to claim.",
                    claim=claim.name,
                    amount=claim.amount,
                    budget=budget.display_name,
                    left=budget.amount - on_budget,
                )
            )
        if code:
            raise UserError(self.env._("A claim asks for a positive amount."))

    def _dms_lock(self):
        """Row lock with a write: a second payout at once fails instead of paying twice."""
        if self.ids:
            self.env.execute_query(
                SQL("UPDATE dms_mdf_claim SET workflow_seq = workflow_seq WHERE id IN %s", tuple(sorted(self.ids)))
            )
            self.invalidate_recordset(["state", "workflow_seq", "move_id"])

    def _dms_payers(self):
        self.ensure_one()
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("dms_dealer.group_dms_finance").id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ]
            )
        )

    def _dms_check_actor(self):
        """A portal user acts on its own dealer's claims only (then in superuser mode); staff as rules allow."""
        if self.env.su or not self:
            return self
        user = self.env.user
        if user.share:
            dealer = user.partner_id.commercial_partner_id
            if any(claim.partner_id.commercial_partner_id != dealer for claim in self.sudo()):
                raise AccessError(self.env._("You can only act on the claims of %(dealer)s.", dealer=dealer.name))
            if not dealer._dms_portal_can_act():
                raise AccessError(self.env._("You may not act for %(dealer)s.", dealer=dealer.name))
            return self.sudo()
        self.check_access("write")
        return self

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        claims = self._dms_check_actor()
        claims._workflow_apply("submit", vals={"submit_uid": self.env.uid, "submit_date": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._dms_check_actor()._workflow_apply("cancel")
        return True

    def action_approve(self):
        now = fields.Datetime.now()
        for claim in self:
            claim._workflow_apply("approve", vals={"decide_uid": self.env.uid, "decide_date": now})
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
            "context": {"default_claim_id": self.id},
        }

    def action_reject(self, reason=None):
        self._workflow_apply(
            "reject", reason=reason, vals={"decide_uid": self.env.uid, "decide_date": fields.Datetime.now()}
        )
        return True

    def action_pay_credit_note(self):
        return self._dms_pay("credit_note")

    def action_pay_wallet(self):
        return self._dms_pay("wallet")

    def _dms_pay(self, method):
        """Finance pays each approved claim once: the state moves first (under the claim's row lock),
        then the credit note or the wallet credit is booked, linked by a unique key."""
        for claim in self:
            claim._dms_lock()
            claim._workflow_apply("pay", vals={"payout_method": method, "paid_date": fields.Date.context_today(self)})
            # the engine checked finance's rights; the entry and the wallet are booked in superuser mode
            # for this one claim's dealer and amount
            claim.sudo()._dms_book_payout(method)
        return True

    # ------------------------------------------------------------------
    # Accounting
    # ------------------------------------------------------------------
    def _dms_label(self):
        self.ensure_one()
        return self.env._("Marketing fund %(claim)s: %(activity)s", claim=self.name, activity=self.activity_id.title)

    def _dms_book_payout(self, method):
        self.ensure_one()
        expense = self.company_id._dms_mdf_expense_account()
        if method == "credit_note":
            move = self.env["account.move"].create(self._prepare_credit_note_vals(expense))
            move.action_post()
            self._workflow_write({"move_id": move.id})
            return move
        config = self.company_id._dms_rebate_get_config()
        move = self.env["account.move"].create(self._prepare_wallet_move_vals(expense, config))
        move.action_post()
        wallet = self.env["dms.rebate.wallet"]._get_or_create(self.partner_id, self.company_id)
        line = wallet._add_credit_line(
            self.amount,
            self._dms_label(),
            self.company_id.dms_rebate_wallet_validity_days,
            dms_mdf_claim_id=self.id,
            move_id=move.id,
        )
        self._workflow_write({"move_id": move.id, "wallet_line_id": line.id})
        return move

    def _prepare_credit_note_vals(self, expense):
        """Customer credit note of the claimed amount on the MDF expense account (no VAT: a fund, not a sale)."""
        self.ensure_one()
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self._dms_label(),
            "dms_mdf_claim_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self._dms_label(),
                        "account_id": expense.id,
                        "quantity": 1.0,
                        "price_unit": self.amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _prepare_wallet_move_vals(self, expense, config):
        """MDF expense Dr / rebate wallet liability Cr: the dealer spends it on its next orders."""
        self.ensure_one()
        common = {"partner_id": self.partner_id.id, "name": self._dms_label()}
        return {
            "move_type": "entry",
            "journal_id": config["journal"].id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "ref": self._dms_label(),
            "dms_mdf_claim_id": self.id,
            "line_ids": [
                Command.create(dict(common, account_id=expense.id, debit=self.amount, credit=0.0)),
                Command.create(dict(common, account_id=config["wallet"].id, debit=0.0, credit=self.amount)),
            ],
        }

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
