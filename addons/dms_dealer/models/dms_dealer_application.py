# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools import lifecycle, workflow
from .dms_dealer_approval_mixin import APPROVAL_FIELDS, HQ_GROUPS, REGION_GROUPS
from .res_partner import DEALER_TYPES

_lt = LazyTranslate(__name__)

APPLICATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("region_approved", "Region Approved"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class DmsDealerApplication(models.Model):
    _name = "dms.dealer.application"
    _description = "Dealer Admission Application"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.dealer.approval.mixin"]
    _order = "id desc"

    #: fields only the workflow engine writes
    _workflow_protected_fields = (
        *APPROVAL_FIELDS,
        "reject_reason",
        "submitted_on",
        "related_partner_ids",
        "related_warning",
    )
    #: what was applied for: frozen once the application is submitted
    _workflow_frozen_fields = (
        "partner_name",
        "vat",
        "street",
        "street2",
        "city",
        "zip",
        "state_id",
        "country_id",
        "bank_account",
        "bank_name",
        "dealer_type",
        "requested_level_id",
        "requested_territory_id",
        "requested_parent_id",
        "partner_id",
        "user_id",
        "company_id",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        APPLICATION_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Sales Rep",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        help="Internal user who follows the applicant; becomes the dealer's salesperson.",
    )
    # Company data
    partner_name = fields.Char(string="Company Name", required=True, tracking=True)
    vat = fields.Char(string="Tax ID", tracking=True)
    street = fields.Char()
    street2 = fields.Char()
    city = fields.Char()
    zip = fields.Char()
    state_id = fields.Many2one(
        "res.country.state", string="State / Province", domain="[('country_id', '=?', country_id)]"
    )
    country_id = fields.Many2one("res.country")
    contact_name = fields.Char(string="Contact Person")
    phone = fields.Char()
    email = fields.Char()
    bank_account = fields.Char(help="Account number of the company's bank account.")
    bank_name = fields.Char(string="Bank")
    # Request
    dealer_type = fields.Selection(DEALER_TYPES, required=True, default="distributor")
    requested_level_id = fields.Many2one("dms.dealer.level", required=True, tracking=True, ondelete="restrict")
    requested_territory_id = fields.Many2one(
        "dms.territory", required=True, tracking=True, index=True, ondelete="restrict"
    )
    requested_parent_id = fields.Many2one(
        "res.partner",
        string="Requested Upstream Dealer",
        domain=[("is_dealer", "=", True), ("dealer_state", "=", "active")],
        tracking=True,
        help="Empty: the dealer is served by HQ.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        tracking=True,
        copy=False,
        index=True,
        help="Existing partner to turn into the dealer; created on approval when empty.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "dms_dealer_application_attachment_rel",
        "application_id",
        "attachment_id",
        string="Documents",
    )
    qualification_ids = fields.One2many("dms.dealer.qualification", "application_id", string="Qualifications")
    note = fields.Html()
    submitted_on = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)
    related_partner_ids = fields.Many2many(
        "res.partner",
        "dms_dealer_application_related_partner_rel",
        "application_id",
        "partner_id",
        string="Related Parties",
        readonly=True,
        copy=False,
        help="Existing partners sharing identity data with the applicant, found at submission.",
    )
    related_warning = fields.Text(readonly=True, copy=False, help="Warning about related parties found at submission.")

    @api.depends("requested_level_id")
    def _compute_needs_hq_approval(self):
        return super()._compute_needs_hq_approval()

    def _get_approval_territory(self):
        self.ensure_one()
        return self.requested_territory_id

    def _get_approval_level(self):
        self.ensure_one()
        return self.requested_level_id

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dms.dealer.application") or "/"
        applications = super().create(vals_list)
        # whoever files it (a rep, the public /dealer/apply form), possible related parties are flagged at once
        applications.sudo()._record_related_parties()
        return applications

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(application.state not in ("draft", "rejected") for application in self):
            raise UserError(self.env._("Only draft or rejected applications can be deleted."))

    # ------------------------------------------------------------------
    # Workflow (engine)
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "submit", ("draft",), "submitted", ("dms_dealer.group_dms_user",), workflow.SUBMIT, label=_lt("Submit")
            ),
            *self._approval_transitions(("submitted",), ("region_approved",), "region_approved", "approved"),
            workflow.Transition(
                "reject",
                ("submitted",),
                "rejected",
                REGION_GROUPS,
                workflow.REJECT,
                reason=True,
                label=_lt("Reject"),
            ),
            workflow.Transition(
                "reject",
                ("region_approved",),
                "rejected",
                HQ_GROUPS,
                workflow.REJECT,
                reason=True,
                label=_lt("Reject"),
            ),
            workflow.Transition(
                "reset_draft", ("rejected",), "draft", kind=workflow.RESET, label=_lt("Reset to Draft")
            ),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name in ("submit", "approve", "approve_hq"):
            # admission rests on its documents: checked again at the final step, whatever happened since
            self._check_submission()
        if transition.name in ("approve", "approve_hq"):
            self._check_admission()
        self._approval_check(transition)
        if transition.name == "reject" and self.state == "submitted":
            self._check_region_approver()
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "submit":
            self._record_related_parties(post=True)
            self._schedule_approval_activity(
                self._get_region_approver(),
                self.env._("Review dealer application %(name)s", name=self.name),
            )
        elif transition.name == "approve_region":
            self._close_approval_activities()
            self._schedule_approval_activity(
                self._get_hq_approver(),
                self.env._("HQ approval of strategic dealer application %(name)s", name=self.name),
            )
        elif transition.name in ("approve", "approve_hq"):
            self._close_approval_activities()
            self._action_admit()
        elif transition.name == "reject":
            self._drop_approval_activities()
            self.message_post(
                body=self.env._("Application rejected: %(reason)s", reason=reason), subtype_xmlid="mail.mt_note"
            )
        return super()._workflow_after(transition, old_state, reason)

    def _check_submission(self):
        """Mandatory qualifications present and valid, upstream dealer active."""
        mandatory = self.env["dms.dealer.qualification.type"].sudo().search([("mandatory", "=", True)])
        today = fields.Date.context_today(self)
        for application in self:
            valid = application.sudo().qualification_ids.filtered(lambda q: not q.date_expiry or q.date_expiry >= today)
            missing = mandatory - valid.type_id
            if missing:
                raise UserError(
                    self.env._(
                        "%(application)s lacks valid mandatory qualifications: %(types)s.",
                        application=application.display_name,
                        types=", ".join(missing.mapped("name")),
                    )
                )
            parent = application.requested_parent_id.sudo()
            if parent and (not parent.is_dealer or parent.dealer_state != lifecycle.ACTIVE):
                raise UserError(
                    self.env._(
                        "The requested upstream dealer %(dealer)s is not an active dealer.", dealer=parent.display_name
                    )
                )

    def _check_admission(self):
        """The partner to admit can become an active dealer (before anything is written)."""
        for application in self:
            partner = application.partner_id.sudo()
            if partner.dealer_state == lifecycle.TERMINATED:
                raise UserError(
                    self.env._(
                        "%(partner)s was a terminated dealer: it cannot be admitted again through %(application)s.",
                        partner=partner.display_name,
                        application=application.display_name,
                    )
                )

    def _prepare_related_party_vals(self):
        """Identity data handed to ``res.partner._dms_find_related_parties``."""
        self.ensure_one()
        return {
            "name": self.partner_name,
            "vat": self.vat,
            "phone": self.phone,
            "email": self.email,
            "street": self.street,
            "street2": self.street2,
            "city": self.city,
            "zip": self.zip,
            "state_id": self.state_id.id,
            "country_id": self.country_id.id,
            "acc_numbers": [self.bank_account] if self.bank_account else [],
        }

    def _find_related_parties(self):
        """Admitted dealers related to the applicant (the applicant's own partner excluded)."""
        self.ensure_one()
        partners = self.partner_id  # excluded from the result
        related = partners._dms_find_related_parties(self._prepare_related_party_vals())
        return (related or partners.browse()) - self.partner_id

    def _record_related_parties(self, post=False):
        """Flag possible related parties on the application: a proposal for the reviewers.

        Nothing else changes: the dealers found keep their related groups until
        the applicant is admitted (detection then runs on the new dealer).
        """
        for application in self:
            related = application._find_related_parties()
            # names are shown whatever the submitter may read: related parties are
            # found among all dealers by design (explicit ids, names only).
            warning = (
                self.env._(
                    "Possible related parties: %(names)s. Check common control before approving.",
                    names=", ".join(related.sudo().mapped("display_name")),
                )
                if related
                else False
            )
            application.sudo()._workflow_write(
                {"related_partner_ids": [Command.set(related.ids)], "related_warning": warning}
            )
            if warning and post:
                application.message_post(body=warning, subtype_xmlid="mail.mt_note")
        return True

    def action_submit(self):
        for application in self:
            application._workflow_apply(
                "submit",
                vals={**self._approval_reset_vals(), "submitted_on": fields.Datetime.now(), "reject_reason": False},
            )
        return True

    def action_approve(self):
        """Approve the current step: region first, then HQ for strategic levels."""
        return self._approval_apply()

    def _action_admit(self):
        """Final approval: create or update the dealer, activate it, move the qualifications."""
        self.ensure_one()
        # The approver's rights were checked by the engine; the dealer record is written as
        # superuser because approvers need not have partner or accounting rights.
        dealer_vals = self._prepare_dealer_vals()
        partner = self.partner_id.sudo()
        if partner:
            partner.write(dealer_vals)
        else:
            partner = self.env["res.partner"].sudo().create(dealer_vals)
            if self.contact_name:
                partner.create({"name": self.contact_name, "parent_id": partner.id, "type": "contact"})
        if self.bank_account and self.bank_account not in partner.bank_ids.mapped("acc_number"):
            self.env["res.partner.bank"].sudo().create(self._prepare_bank_vals(partner))
        if partner.dealer_state != lifecycle.ACTIVE:
            # a consequence of the approval just given: the system activates the dealer
            partner._workflow_as_system()._dealer_set_state(lifecycle.ACTIVE, self.env._("Admission approved"))
        self.qualification_ids.sudo().write({"partner_id": partner.id})
        self._workflow_write({"partner_id": partner.id})
        self.message_post(
            body=self.env._("Admission approved: %(dealer)s is an active dealer.", dealer=partner.display_name),
            subtype_xmlid="mail.mt_note",
        )
        return partner

    def _prepare_dealer_vals(self):
        """Values written on the dealer partner on approval (override point)."""
        self.ensure_one()
        vals = {
            "is_dealer": True,
            "dealer_type": self.dealer_type,
            "dealer_level_id": self.requested_level_id.id,
            "territory_id": self.requested_territory_id.id,
            "dealer_parent_id": self.requested_parent_id.id,
        }
        if self.user_id:
            vals["user_id"] = self.user_id.id
        if not self.partner_id:
            vals.update(
                {
                    "name": self.partner_name,
                    "is_company": True,
                    "vat": self.vat,
                    "street": self.street,
                    "street2": self.street2,
                    "city": self.city,
                    "zip": self.zip,
                    "state_id": self.state_id.id,
                    "country_id": self.country_id.id,
                    "phone": self.phone,
                    "email": self.email,
                }
            )
        return vals

    def _prepare_bank_vals(self, partner):
        self.ensure_one()
        vals = {"acc_number": self.bank_account, "partner_id": partner.id}
        if self.bank_name:
            bank = self.env["res.bank"].sudo().search([("name", "=", self.bank_name)], limit=1)
            vals["bank_id"] = (bank or bank.create({"name": self.bank_name})).id
        return vals

    def action_reject_wizard(self):
        for application in self:
            if application.state not in ("submitted", "region_approved"):
                raise UserError(
                    self.env._(
                        "%(application)s is %(state)s: it cannot be rejected now.",
                        application=application.display_name,
                        state=application._workflow_state_label(application.state),
                    )
                )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Application"),
            "res_model": "dms.dealer.application.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_application_ids": self.ids},
        }

    def _action_reject(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        for application in self:
            application._workflow_apply("reject", reason=reason, vals={"reject_reason": reason.strip()})
        return True

    def action_reset_draft(self):
        self._workflow_apply("reset_draft")
        return True
