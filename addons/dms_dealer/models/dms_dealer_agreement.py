# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..tools import admission, lifecycle, workflow
from .dms_dealer_approval_mixin import APPROVAL_FIELDS, REGION_GROUPS

_lt = LazyTranslate(__name__)

AGREEMENT_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("signed", "Signed"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("terminated", "Terminated"),
]

#: states in which an agreement binds the dealer for its period
BINDING_STATES = ("approved", "signed", "active")


class DmsDealerAgreement(models.Model):
    _name = "dms.dealer.agreement"
    _description = "Dealer Agreement"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "dms.dealer.approval.mixin"]
    _order = "date_start desc, id desc"

    #: default number of days before the end of an agreement when renewal is reminded
    DEFAULT_RENEWAL_REMINDER_DAYS = 60

    #: fields only the workflow engine writes
    _workflow_protected_fields = (
        *APPROVAL_FIELDS,
        "signature",
        "signed_by",
        "signed_on",
        "activated_on",
        "renewal_reminder_sent",
    )
    #: what was agreed: frozen once the agreement leaves the draft state
    _workflow_frozen_fields = (
        "partner_id",
        "company_id",
        "date_start",
        "date_end",
        "territory_ids",
        "cross_region_share",
        "target_amount",
        "payment_term_id",
        "credit_limit",
        "qualification_ids",
        "terms",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        AGREEMENT_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_dealer", "=", True)],
    )
    dealer_level_id = fields.Many2one(related="partner_id.dealer_level_id", string="Dealer Level")
    territory_id = fields.Many2one(related="partner_id.territory_id", string="Dealer Territory")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain=[("share", "=", False)],
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    territory_ids = fields.Many2many(
        "dms.territory",
        "dms_dealer_agreement_territory_rel",
        "agreement_id",
        "territory_id",
        string="Authorised Territories",
    )
    cross_region_share = fields.Float(
        string="Tolerated Cross-Region Sales (%)",
        digits=(5, 2),
        tracking=True,
        help="Share of the dealer's sales that may go outside its authorised territories (窜货 tolerance).",
    )
    target_amount = fields.Monetary(string="Sales Target", currency_field="currency_id", tracking=True)
    payment_term_id = fields.Many2one("account.payment.term", string="Payment Terms", tracking=True)
    credit_limit = fields.Monetary(
        currency_field="currency_id", tracking=True, help="Credit limit granted to the dealer (0 = no credit)."
    )
    qualification_ids = fields.Many2many(
        "dms.dealer.qualification",
        "dms_dealer_agreement_qualification_rel",
        "agreement_id",
        "qualification_id",
        string="Qualifications",
        domain="[('partner_id', '=', partner_id)]",
        help="Documents of the dealer this agreement rests on.",
    )
    terms = fields.Html(string="Terms and Conditions", sanitize_style=True)
    note = fields.Text(string="Internal Notes")
    previous_agreement_id = fields.Many2one(
        "dms.dealer.agreement", string="Renews", copy=False, index=True, ondelete="set null"
    )
    renewal_reminder_days = fields.Integer(
        string="Renewal Reminder (days)",
        default=DEFAULT_RENEWAL_REMINDER_DAYS,
        help="An activity reminds the responsible to renew the agreement this many days before it ends.",
    )
    renewal_reminder_sent = fields.Boolean(readonly=True, copy=False)
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(copy=False, readonly=True, tracking=True)
    signed_on = fields.Datetime(copy=False, readonly=True, tracking=True)
    activated_on = fields.Datetime(copy=False, readonly=True)

    _sql_constraints = [
        (
            "cross_region_share_range",
            "CHECK(cross_region_share >= 0 AND cross_region_share <= 100)",
            "The tolerated cross-region share is a percentage between 0 and 100.",
        ),
        ("credit_limit_positive", "CHECK(credit_limit >= 0)", "The credit limit cannot be negative."),
        ("target_amount_positive", "CHECK(target_amount >= 0)", "The sales target cannot be negative."),
    ]

    def init(self):
        res = super().init()
        # The database, not only Python, guarantees one active agreement per dealer.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dms_dealer_agreement_one_active_per_partner "
                "ON %s (partner_id, company_id) WHERE state = 'active'",
                SQL.identifier(self._table),
            )
        )
        return res

    @api.depends("partner_id")
    def _compute_user_id(self):
        for agreement in self:
            if agreement.partner_id.user_id:
                agreement.user_id = agreement.partner_id.user_id
            elif not agreement.user_id:
                agreement.user_id = self.env.user

    @api.depends("partner_id.dealer_level_id")
    def _compute_needs_hq_approval(self):
        return super()._compute_needs_hq_approval()

    def _get_approval_territory(self):
        self.ensure_one()
        return self.partner_id.territory_id

    def _get_approval_level(self):
        self.ensure_one()
        return self.partner_id.dealer_level_id

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for agreement in self:
            agreement.access_url = f"/my/dealer_agreements/{agreement.id}"
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Dealer Agreement %(name)s", name=self.name).replace("/", "-")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """Start from the dealer's current conditions."""
        partner = self.partner_id
        if not partner:
            return
        self.territory_ids = partner.territory_id | partner.authorized_territory_ids
        self.payment_term_id = partner.property_payment_term_id
        self.qualification_ids = self.env["dms.dealer.qualification"].search(
            [("partner_id", "=", partner.id), ("state", "!=", admission.EXPIRED)]
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_start > agreement.date_end:
                raise ValidationError(
                    self.env._("%(agreement)s cannot end before it starts.", agreement=agreement.display_name)
                )

    @api.constrains("partner_id", "date_start", "date_end", "state", "company_id")
    def _check_single_binding_agreement(self):
        binding = self.filtered(lambda a: a.state in BINDING_STATES)
        if not binding:
            return
        others = (
            self.sudo().search(
                [
                    ("partner_id", "in", binding.partner_id.ids),
                    ("state", "in", BINDING_STATES),
                    ("id", "not in", binding.ids),
                ]
            )
            | binding.sudo()
        )
        for agreement in binding:
            for other in others:
                if (
                    other.id != agreement.id
                    and other.partner_id == agreement.partner_id
                    and other.company_id == agreement.company_id
                    and admission.periods_overlap(
                        agreement.date_start, agreement.date_end, other.date_start, other.date_end
                    )
                ):
                    raise ValidationError(
                        self.env._(
                            "%(dealer)s already has agreement %(other)s for %(start)s - %(end)s: "
                            "one agreement per dealer and period.",
                            dealer=agreement.partner_id.display_name,
                            other=other.name,
                            start=other.date_start,
                            end=other.date_end,
                        )
                    )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dms.dealer.agreement") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(agreement.state != "draft" for agreement in self):
            raise UserError(self.env._("Only draft agreements can be deleted; terminate the others."))

    # ------------------------------------------------------------------
    # Workflow (engine)
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "submit",
                ("draft",),
                "to_approve",
                ("dms_dealer.group_dms_user",),
                workflow.SUBMIT,
                label=_lt("Submit for Approval"),
            ),
            *self._approval_transitions(("to_approve",), ("to_approve",), None, "approved"),
            workflow.Transition(
                "reset_draft", ("to_approve",), "draft", kind=workflow.RESET, label=_lt("Reset to Draft")
            ),
            # the dealer signs in the portal (the page checks who, then calls _portal_sign as superuser)
            workflow.Transition("sign", ("approved",), "signed", label=_lt("Sign")),
            workflow.Transition("activate", ("signed",), "active", REGION_GROUPS, label=_lt("Activate")),
            # ended agreements expire through the daily job
            workflow.Transition("expire", ("active",), "expired", ("base.group_system",), label=_lt("Expire")),
            workflow.Transition(
                "terminate", ("approved", "signed", "active"), "terminated", REGION_GROUPS, label=_lt("Terminate")
            ),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name == "submit":
            self._check_submission()
        elif transition.name in ("activate", "terminate"):
            self._check_region_approver()
        if transition.name == "activate":
            self._check_activation()
        self._approval_check(transition)
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "submit":
            self._schedule_approval_activity(
                self._get_region_approver(),
                self.env._("Review dealer agreement %(name)s", name=self.name),
            )
        elif transition.name == "approve_region":
            self._close_approval_activities()
            self._schedule_approval_activity(
                self._get_hq_approver(),
                self.env._("HQ approval of agreement %(name)s", name=self.name),
            )
        elif transition.name in ("approve", "approve_hq"):
            self._close_approval_activities()
            self._portal_ensure_token()
        elif transition.name == "reset_draft":
            self._drop_approval_activities()
        elif transition.name == "activate":
            self._apply_to_dealer()
        return super()._workflow_after(transition, old_state, reason)

    def _check_submission(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            dealer = agreement.partner_id.sudo()
            if not dealer.is_dealer or dealer.dealer_state == lifecycle.TERMINATED:
                raise UserError(self.env._("%(dealer)s is not a dealer in business.", dealer=dealer.display_name))
            expired = agreement.sudo().qualification_ids.filtered(lambda q: q.date_expiry and q.date_expiry < today)
            if expired:
                raise UserError(
                    self.env._(
                        "The agreement cannot rest on expired qualifications: %(names)s.",
                        names=", ".join(expired.mapped("display_name")),
                    )
                )

    def _check_activation(self):
        """An agreement binds the dealer only when it was really approved and signed, in its period.

        The approver and signature fields are written by the workflow engine alone,
        so this holds for the daily job as for a manager's click.
        """
        today = fields.Date.context_today(self)
        for agreement in self:
            if not agreement._approval_is_complete():
                raise UserError(
                    self.env._(
                        "%(agreement)s was never approved: it cannot be activated.", agreement=agreement.display_name
                    )
                )
            if not (agreement.signed_on and agreement.signed_by and agreement.signature):
                raise UserError(
                    self.env._(
                        "%(agreement)s was not signed by the dealer: it cannot be activated.",
                        agreement=agreement.display_name,
                    )
                )
            if not agreement.date_start <= today <= agreement.date_end:
                raise UserError(
                    self.env._(
                        "%(agreement)s runs from %(start)s to %(end)s: it can only be activated within that period.",
                        agreement=agreement.display_name,
                        start=agreement.date_start,
                        end=agreement.date_end,
                    )
                )
            dealer = agreement.partner_id.sudo()
            if dealer.dealer_state != lifecycle.ACTIVE:
                raise UserError(self.env._("%(dealer)s is not an active dealer.", dealer=dealer.display_name))
            # an ended agreement not yet expired by the daily job gives way to its successor
            ended = self.sudo().search(
                [
                    ("partner_id", "=", agreement.partner_id.id),
                    ("company_id", "=", agreement.company_id.id),
                    ("state", "=", "active"),
                    ("date_end", "<", today),
                ]
            )
            if ended:
                ended._workflow_as_system()._workflow_apply("expire")
                ended.flush_recordset(["state"])  # before the successor's row turns active (unique index)

    def action_submit(self):
        for agreement in self:
            agreement._workflow_apply("submit", vals=self._approval_reset_vals())
        return True

    def action_approve(self):
        """Approve the current step: region first, then HQ for strategic dealers."""
        return self._approval_apply()

    def action_reset_draft(self):
        for agreement in self:
            agreement._workflow_apply("reset_draft", vals=self._approval_reset_vals())
        return True

    def _portal_sign(self, name, signature):
        """Sign the approved agreement on behalf of the dealer (called by the portal page).

        :param name: name of the signatory, as typed
        :param signature: base64 image of the signature
        """
        self.ensure_one()
        if self.state != "approved":
            raise UserError(self.env._("Only an approved agreement can be signed."))
        if not (name or "").strip() or not signature:
            raise UserError(self.env._("A signature needs the signatory's name and the signature itself."))
        self._workflow_apply(
            "sign", vals={"signature": signature, "signed_by": name.strip(), "signed_on": fields.Datetime.now()}
        )
        self.message_post(
            body=self.env._("Agreement signed by %(name)s.", name=name.strip()), subtype_xmlid="mail.mt_comment"
        )
        today = fields.Date.context_today(self)
        if self.date_start <= today <= self.date_end and self.partner_id.sudo().dealer_state == lifecycle.ACTIVE:
            # signing within the period makes the agreement binding at once
            self._workflow_as_system()._action_activate()
        return True

    def action_activate(self):
        self._action_activate()
        return True

    def _action_activate(self):
        """Make signed agreements active (checked by the engine) and apply them to their dealers."""
        for agreement in self:
            agreement._workflow_apply("activate", vals={"activated_on": fields.Datetime.now()})
        return True

    def _apply_to_dealer(self):
        for agreement in self:
            # rights were checked by the engine; dealer fields include accounting ones
            # (credit limit), written as superuser on this agreement's dealer only.
            agreement.partner_id.sudo().with_company(agreement.company_id).write(
                agreement._prepare_dealer_vals_from_agreement()
            )
            agreement.partner_id.sudo().message_post(
                body=self.env._("Agreement %(name)s is now active.", name=agreement.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _prepare_dealer_vals_from_agreement(self):
        """Dealer fields driven by the active agreement (override point for pricing, rebates...)."""
        self.ensure_one()
        vals = {
            "authorized_territory_ids": [Command.set(self.territory_ids.ids)],
            "credit_limit": self.credit_limit,
        }
        if self.payment_term_id:
            vals["property_payment_term_id"] = self.payment_term_id.id
        return vals

    def action_terminate(self):
        self._workflow_apply("terminate")
        return True

    def action_renew(self):
        """Prepare the next agreement: a draft copy for the following period."""
        self.ensure_one()
        if self.state not in ("active", "expired", "signed"):
            raise UserError(
                self.env._(
                    "%(agreement)s is %(state)s: only a signed, active or expired agreement is renewed.",
                    agreement=self.display_name,
                    state=self._workflow_state_label(self.state),
                )
            )
        length = self.date_end - self.date_start
        start = self.date_end + timedelta(days=1)
        renewal = self.copy(
            {
                "date_start": start,
                "date_end": start + length,
                "previous_agreement_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    def action_print(self):
        return self.env.ref("dms_dealer.action_report_dms_dealer_agreement").report_action(self)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    def _schedule_reminder(self, summary):
        for agreement in self:
            user = agreement.user_id or agreement._get_region_approver()
            if user:
                agreement.activity_schedule(
                    "dms_dealer.mail_activity_type_dms_expiry",
                    date_deadline=agreement.date_end,
                    summary=summary,
                    user_id=user.id,
                )

    @api.model
    def _cron_process_agreements(self):
        """Daily: expire ended agreements, activate signed ones, remind renewals.

        Runs as superuser on explicit domains; a rerun the same day changes nothing.
        """
        agreements = self.sudo()
        today = fields.Date.context_today(self)
        ended = agreements.search([("state", "=", "active"), ("date_end", "<", today)])
        if ended:
            ended._workflow_as_system()._workflow_apply("expire")
            for agreement in ended:
                agreement._schedule_reminder(
                    self.env._(
                        "Agreement %(name)s of %(dealer)s has expired",
                        name=agreement.name,
                        dealer=agreement.partner_id.display_name,
                    )
                )
        starting = agreements.search(
            [
                ("state", "=", "signed"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
                ("partner_id.dealer_state", "=", lifecycle.ACTIVE),
            ]
        )
        for agreement in starting:
            try:
                # the engine checks the approvals and the signature: a forged "signed" row stays as it is
                with self.env.cr.savepoint():
                    agreement._workflow_as_system()._action_activate()
            except (UserError, ValidationError) as exc:
                agreement.message_post(body=str(exc), subtype_xmlid="mail.mt_note")
        to_remind = agreements.search(
            [("state", "=", "active"), ("renewal_reminder_sent", "=", False), ("date_end", ">=", today)]
        ).filtered(lambda a: a.date_end - timedelta(days=a.renewal_reminder_days) <= today)
        for agreement in to_remind:
            agreement._schedule_reminder(
                self.env._(
                    "Renew agreement %(name)s of %(dealer)s (ends on %(date)s)",
                    name=agreement.name,
                    dealer=agreement.partner_id.display_name,
                    date=agreement.date_end,
                )
            )
        to_remind._workflow_write({"renewal_reminder_sent": True})
        return True
