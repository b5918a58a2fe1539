# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools import admission, lifecycle

_logger = logging.getLogger(__name__)

QUALIFICATION_STATES = [
    (admission.VALID, "Valid"),
    (admission.EXPIRING, "Expiring"),
    (admission.EXPIRED, "Expired"),
]


class DmsDealerQualification(models.Model):
    _name = "dms.dealer.qualification"
    _description = "Dealer Qualification"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_expiry, id"
    _rec_names_search = ["number", "type_id.name", "partner_id.name"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        index=True,
        tracking=True,
        ondelete="cascade",
        domain=[("is_dealer", "=", True)],
    )
    application_id = fields.Many2one("dms.dealer.application", index=True, ondelete="cascade", copy=False)
    type_id = fields.Many2one("dms.dealer.qualification.type", required=True, ondelete="restrict", tracking=True)
    mandatory = fields.Boolean(related="type_id.mandatory")
    number = fields.Char(string="Document Number", tracking=True)
    date_issue = fields.Date(string="Issued On")
    date_expiry = fields.Date(string="Expires On", index=True, tracking=True, help="Empty: does not expire.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "dms_dealer_qualification_attachment_rel",
        "qualification_id",
        "attachment_id",
        string="Documents",
    )
    state = fields.Selection(QUALIFICATION_STATES, compute="_compute_state", search="_search_state", string="Status")
    reminder_expiry_date = fields.Date(
        copy=False,
        readonly=True,
        help="Technical: expiry date for which the reminder activity was created (no duplicate reminders).",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    note = fields.Text()

    @api.constrains("date_issue", "date_expiry")
    def _check_dates(self):
        for qualification in self:
            if (
                qualification.date_issue
                and qualification.date_expiry
                and qualification.date_issue > qualification.date_expiry
            ):
                raise ValidationError(
                    self.env._(
                        "%(qualification)s cannot expire before it is issued.",
                        qualification=qualification.display_name,
                    )
                )

    @api.depends("type_id", "number")
    def _compute_display_name(self):
        for qualification in self:
            name = qualification.type_id.name or ""
            if qualification.number:
                name = f"{name} {qualification.number}"
            qualification.display_name = name

    @api.depends("date_expiry", "type_id.reminder_days")
    @api.depends_context("date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for qualification in self:
            qualification.state = admission.qualification_state(
                qualification.date_expiry, today, qualification.type_id.reminder_days
            )

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the qualification status."))
        values = {value} if isinstance(value, str) else set(value or ())
        if operator in ("!=", "not in"):
            # complement on the known states: a negated date domain would drop empty expiry dates
            values = {state for state, _label in QUALIFICATION_STATES} - values
        today = fields.Date.context_today(self)
        domains = []
        if admission.EXPIRED in values:
            domains.append([("date_expiry", "<", today)])
        if admission.VALID in values or admission.EXPIRING in values:
            types = self.env["dms.dealer.qualification.type"].with_context(active_test=False).search([])
            for qtype in types:
                limit = today + timedelta(days=qtype.reminder_days)
                if admission.VALID in values:
                    domains.append(
                        [
                            ("type_id", "=", qtype.id),
                            "|",
                            ("date_expiry", "=", False),
                            ("date_expiry", ">", limit),
                        ]
                    )
                if admission.EXPIRING in values:
                    domains.append(
                        [("type_id", "=", qtype.id), ("date_expiry", ">=", today), ("date_expiry", "<=", limit)]
                    )
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.constrains("partner_id", "application_id", "type_id")
    def _check_owner(self):
        for qualification in self:
            if not qualification.partner_id and not qualification.application_id:
                raise ValidationError(self.env._("A qualification belongs to a dealer or to an admission application."))

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    def _get_responsible_user(self):
        """The dealer's sales rep, else the manager of its territory (or above)."""
        self.ensure_one()
        partner = self.partner_id
        if partner.user_id:
            return partner.user_id
        return partner.territory_id._dms_get_manager()

    def _get_reminder_domain(self):
        """Qualifications of dealers whose reminder is due today and not sent yet."""
        today = fields.Date.context_today(self)
        types = self.env["dms.dealer.qualification.type"].search([])
        per_type = [
            [("type_id", "=", qtype.id), ("date_expiry", "<=", today + timedelta(days=qtype.reminder_days))]
            for qtype in types
        ]
        return expression.AND(
            [
                [("partner_id", "!=", False), ("date_expiry", ">=", today)],
                [("partner_id.dealer_state", "in", (lifecycle.ACTIVE, lifecycle.SUSPENDED))],
                expression.OR(per_type) if per_type else expression.FALSE_DOMAIN,
            ]
        )

    def _get_expired_mandatory_domain(self):
        """Expired mandatory qualifications of active dealers."""
        today = fields.Date.context_today(self)
        return [
            ("partner_id.is_dealer", "=", True),
            ("partner_id.dealer_state", "=", lifecycle.ACTIVE),
            ("type_id.mandatory", "=", True),
            ("date_expiry", "<", today),
        ]

    def _prepare_reminder_activity_vals(self, activity_type, user):
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "user_id": user.id,
            "date_deadline": self.date_expiry,
            "summary": self.env._(
                "%(type)s of %(dealer)s expires on %(date)s",
                type=self.type_id.name,
                dealer=self.partner_id.display_name,
                date=self.date_expiry,
            ),
        }

    def _send_expiry_reminders(self):
        """One activity per document and expiry date, created in one batch."""
        due = self.filtered(lambda q: q.reminder_expiry_date != q.date_expiry)
        activity_type = self.env.ref("dms_dealer.mail_activity_type_dms_expiry")
        vals_list = []
        for qualification in due:
            user = qualification._get_responsible_user()
            if user:
                vals_list.append(qualification._prepare_reminder_activity_vals(activity_type, user))
        if vals_list:
            self.env["mail.activity"].create(vals_list)
        for expiry, records in due.grouped("date_expiry").items():
            records.write({"reminder_expiry_date": expiry})
        return due

    def _suspend_dealers_for_expiry(self):
        """Suspend the dealers of these expired mandatory qualifications, naming them."""
        suspended = self.env["res.partner"]
        for partner, qualifications in self.grouped("partner_id").items():
            names = ", ".join(
                f"{q.type_id.name} {q.number or ''} ({q.date_expiry})".replace("  ", " ") for q in qualifications
            )
            reason = self.env._("Mandatory qualification expired: %(names)s", names=names)
            try:
                # one dealer that cannot change status does not stop the others
                with self.env.cr.savepoint():
                    # an automatic consequence of the expiry: the system suspends, through the engine
                    partner._workflow_as_system()._dealer_set_state(lifecycle.SUSPENDED, reason)
            except (UserError, ValidationError):
                _logger.exception("Dealer %s could not be suspended for an expired qualification", partner.id)
                continue
            suspended |= partner
        return suspended

    @api.model
    def _cron_check_expiry(self):
        """Daily: reminders before expiry, suspension after expiry of a mandatory document.

        Runs as superuser on explicit domains; reruns the same day change nothing.
        """
        qualifications = self.sudo()
        qualifications.search(self._get_reminder_domain())._send_expiry_reminders()
        expired = qualifications.search(self._get_expired_mandatory_domain())
        expired._suspend_dealers_for_expiry()
        return True
