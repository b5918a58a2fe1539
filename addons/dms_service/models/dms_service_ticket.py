# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import service
from .dms_service_team import OPEN_STATES

_lt = LazyTranslate(__name__)

STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("waiting", "Waiting on Dealer"),
    ("solved", "Solved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

#: written by the engine (and its trusted callers: the scheduled job, the server's own create) only
PROTECTED_FIELDS = (
    "open_date",
    "response_deadline",
    "resolution_deadline",
    "first_response_date",
    "solved_date",
    "closed_date",
    "response_breached",
    "resolution_breached",
    "cancel_reason",
)

SERVICE_GROUPS = (
    "dms_service.group_dms_service_user",
    "dms_dealer.group_dms_region_manager",
    "dms_dealer.group_dms_hq_manager",
)
DEALER_GROUPS = ("dms_dealer.group_dms_portal_user",)

SLA_ACTIVITY = "dms_service.mail_activity_dms_service_sla"


class DmsServiceTicket(models.Model):
    """A dealer's service ticket (售后服务工单) to the brand, under its category's SLA."""

    _name = "dms.service.ticket"
    _description = "Service Ticket"
    _inherit = ["portal.mixin", "rating.mixin", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "id desc"
    #: the dealer replies from the portal to a ticket it may read (as on sale orders)
    _mail_post_access = "read"

    _workflow_field = "state"
    _workflow_protected_fields = PROTECTED_FIELDS
    _workflow_frozen_fields = ("partner_id", "order_id")
    _workflow_editable_states = ("new",)

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True)
    state = fields.Selection(STATES, default="new", required=True, readonly=True, copy=False, tracking=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_dealer", "=", True)],
        default=lambda self: self._default_partner_id(),
    )
    contact_id = fields.Many2one(
        "res.partner", string="Opened By", default=lambda self: self.env.user.partner_id, readonly=True
    )
    territory_id = fields.Many2one(
        "dms.territory", related="partner_id.territory_id", store=True, index=True, precompute=True
    )
    dealer_user_id = fields.Many2one(
        "res.users", string="Sales Rep", related="partner_id.user_id", store=True, precompute=True
    )
    category_id = fields.Many2one("dms.service.category", required=True, tracking=True, ondelete="restrict")
    product_id = fields.Many2one("product.product", tracking=True, domain=[("sale_ok", "=", True)])
    order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        tracking=True,
        domain="[('partner_id', 'child_of', partner_id), ('state', '=', 'sale')]",
    )
    description = fields.Text()
    photo_ids = fields.Many2many("ir.attachment", string="Photos", copy=False)
    team_id = fields.Many2one("dms.service.team", tracking=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Assigned To", tracking=True, index=True, domain=[("share", "=", False)]
    )
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")

    open_date = fields.Datetime(string="Opened On", default=fields.Datetime.now, readonly=True, copy=False)
    response_deadline = fields.Datetime(
        string="Respond By", compute="_compute_deadlines", store=True, readonly=True, copy=False
    )
    resolution_deadline = fields.Datetime(
        string="Solve By", compute="_compute_deadlines", store=True, readonly=True, copy=False
    )
    first_response_date = fields.Datetime(string="First Response On", readonly=True, copy=False)
    solved_date = fields.Datetime(string="Solved On", readonly=True, copy=False)
    closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    response_breached = fields.Boolean(string="Response SLA Breached", readonly=True, copy=False)
    resolution_breached = fields.Boolean(string="Resolution SLA Breached", readonly=True, copy=False)
    sla_breached = fields.Boolean(string="SLA Breached", compute="_compute_sla_breached", store=True, index=True)
    sla_breach_pct = fields.Float(
        string="SLA Breach Rate (%)",
        compute="_compute_sla_breached",
        store=True,
        aggregator="avg",
        help="100 for a breached ticket, 0 otherwise: its average is the breach rate.",
    )
    resolution_time = fields.Float(
        string="Hours to Solve", compute="_compute_resolution_time", store=True, aggregator="avg"
    )
    cancel_reason = fields.Text(readonly=True, copy=False)

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference of a service ticket must be unique."),
    ]

    @api.model
    def _default_partner_id(self):
        user = self.env.user
        return user.partner_id.commercial_partner_id.id if user.share and not user._is_public() else False

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    # on the category, not on its hours: changing an SLA leaves the deadlines of open tickets as promised
    @api.depends("open_date", "category_id")
    def _compute_deadlines(self):
        for ticket in self:
            category = ticket.category_id
            ticket.response_deadline = service.sla_deadline(ticket.open_date, category.response_hours)
            ticket.resolution_deadline = service.sla_deadline(ticket.open_date, category.resolution_hours)

    @api.depends("response_breached", "resolution_breached")
    def _compute_sla_breached(self):
        for ticket in self:
            ticket.sla_breached = ticket.response_breached or ticket.resolution_breached
            ticket.sla_breach_pct = 100.0 if ticket.sla_breached else 0.0

    @api.depends("open_date", "solved_date")
    def _compute_resolution_time(self):
        for ticket in self:
            if ticket.open_date and ticket.solved_date:
                ticket.resolution_time = round((ticket.solved_date - ticket.open_date).total_seconds() / 3600.0, 2)
            else:
                ticket.resolution_time = 0.0

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"
        return res

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        user = self.env.user
        for vals in vals_list:
            if user.share:
                # a dealer asks; the brand assigns (what a client sends for these is ignored); the contact
                # is whoever opens it; photos are attached by the portal after their checks, never linked
                # from a client's ids
                for name in ("team_id", "user_id", "priority", "photo_ids"):
                    vals.pop(name, None)
                vals["contact_id"] = user.partner_id.id
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dms.service.ticket") or "/"
        tickets = super().create(vals_list)
        tickets.filtered(lambda t: not t.team_id or not t.user_id)._dms_assign()
        for ticket in tickets.sudo():
            # the dealer's contact and the assignee follow the conversation (a portal user cannot subscribe others)
            ticket.message_subscribe(partner_ids=(ticket.contact_id | ticket.user_id.partner_id).ids)
        return tickets

    def write(self, vals):
        res = super().write(vals)
        if vals.get("user_id"):
            self.sudo().message_subscribe(partner_ids=self.user_id.partner_id.ids)
        return res

    @api.constrains("partner_id", "order_id", "product_id", "category_id")
    def _check_dealer_documents(self):
        for ticket in self.sudo():
            if not ticket.partner_id.is_dealer:
                raise ValidationError(self.env._("A service ticket is opened for a dealer."))
            order = ticket.order_id
            if order and order.partner_id.commercial_partner_id != ticket.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(order)s is not an order of %(dealer)s: a ticket can only name the dealer's own orders.",
                        order=order.name,
                        dealer=ticket.partner_id.display_name,
                    )
                )
            if order and ticket.product_id and ticket.product_id not in order.order_line.product_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not on %(order)s.", product=ticket.product_id.display_name, order=order.name
                    )
                )
            if ticket.category_id.product_required and not ticket.product_id:
                raise ValidationError(
                    self.env._("Name the product concerned by a %(category)s ticket.", category=ticket.category_id.name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_open(self):
        if any(ticket.state != "cancelled" for ticket in self):
            raise UserError(self.env._("Only cancelled service tickets can be deleted."))

    def _dms_assign(self):
        """The category's team, and its least-loaded member (done by the server for whoever opened it)."""
        for ticket in self.sudo():
            team = ticket.team_id or ticket.category_id.team_id
            if not team:
                continue
            vals = {"team_id": team.id}
            if not ticket.user_id:
                member = team._dms_pick_member()
                vals["user_id"] = member.id or False
            ticket.write(vals)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        both = SERVICE_GROUPS + DEALER_GROUPS
        return [
            workflow.Transition("start", ("new", "waiting"), "in_progress", SERVICE_GROUPS, label=_lt("Start working")),
            workflow.Transition("ask", ("new", "in_progress"), "waiting", SERVICE_GROUPS, label=_lt("Ask the dealer")),
            workflow.Transition("reply", ("waiting",), "in_progress", DEALER_GROUPS, label=_lt("Dealer replied")),
            workflow.Transition(
                "solve", ("new", "in_progress", "waiting"), "solved", SERVICE_GROUPS, label=_lt("Solve")
            ),
            workflow.Transition("reopen", ("solved",), "in_progress", both, reason=True, label=_lt("Reopen")),
            workflow.Transition("close", ("solved",), "closed", both, label=_lt("Close")),
            workflow.Transition(
                "cancel",
                ("new", "in_progress", "waiting"),
                "cancelled",
                both,
                kind=workflow.RESET,
                reason=True,
                label=_lt("Cancel"),
            ),
        ]

    def _workflow_after(self, transition, old_state, reason):
        res = super()._workflow_after(transition, old_state, reason)
        if transition.name in ("solve", "close", "cancel"):
            self.sudo().activity_unlink([SLA_ACTIVITY])
        return res

    def _dms_transition_vals(self, name, now, reason=None):
        """Protected dates and flags that go with transition ``name`` at ``now``."""
        self.ensure_one()
        vals = {}
        responding = name in ("start", "ask", "solve") and self.env.user._is_internal()
        if responding and not self.first_response_date:
            vals.update(self._dms_response_vals(now))
        if name == "solve":
            vals["solved_date"] = now
            vals["resolution_breached"] = self.resolution_breached or service.is_breached(
                self.resolution_deadline, done_at=now
            )
        elif name == "reopen":
            vals["solved_date"] = False
        elif name == "close":
            vals["closed_date"] = now
        elif name == "cancel":
            vals["cancel_reason"] = reason
            vals["closed_date"] = now
        return vals

    def _dms_response_vals(self, now):
        return {
            "first_response_date": now,
            "response_breached": self.response_breached or service.is_breached(self.response_deadline, done_at=now),
        }

    def _dms_apply(self, name, reason=None, now=None):
        now = now or fields.Datetime.now()
        for ticket in self:
            ticket._workflow_apply(name, reason=reason, vals=ticket._dms_transition_vals(name, now, reason))
        return True

    # ------------------------------------------------------------------
    # Who acts
    # ------------------------------------------------------------------
    def _dms_check_dealer_actor(self):
        """A dealer's user acts on its own company's tickets only, logged in (a token only shows).

        Returns the tickets to act on: in superuser mode for a portal user (who has no write
        access; the engine still checks its groups), as they are for staff (record rules apply).
        """
        if self.env.su or not self:
            return self
        user = self.env.user
        if user._is_public():
            raise AccessError(self.env._("Log in to act on a service ticket."))
        if not user.share:
            self.check_access("write")
            return self
        dealer = user.partner_id.commercial_partner_id
        if any(ticket.partner_id != dealer for ticket in self.sudo()):
            raise AccessError(
                self.env._("You can only act on the service tickets of %(dealer)s.", dealer=dealer.display_name)
            )
        return self.sudo()

    # ------------------------------------------------------------------
    # Buttons (back office)
    # ------------------------------------------------------------------
    def action_start(self):
        return self._dms_apply("start")

    def action_ask_dealer(self):
        return self._dms_apply("ask")

    def action_solve(self):
        return self._dms_apply("solve")

    def action_close(self):
        return self._dms_check_dealer_actor()._dms_apply("close")

    def action_reopen(self, reason=None):
        return self._dms_check_dealer_actor()._dms_apply("reopen", reason=reason)

    def action_cancel(self, reason=None):
        return self._dms_check_dealer_actor()._dms_apply("cancel", reason=reason)

    def action_take(self):
        """Assign the ticket to oneself."""
        self.check_access("write")
        self.write({"user_id": self.env.uid})
        return True

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------
    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        # a rating comes only through action_dms_rate (the rating module lets any poster send one)
        if kwargs.pop("rating_value", None):
            raise AccessError(self.env._("Rate a service ticket with its rating form, once it is solved."))
        return super().message_post(**kwargs)

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if message.message_type == "comment" and not message.subtype_id.internal:
            self._dms_on_public_message(message)
        return res

    def _dms_on_public_message(self, message):
        """A staff reply is the first response; a dealer's logged-in reply resumes a waiting ticket."""
        user = self.env.user
        now = fields.Datetime.now()
        for ticket in self.sudo():
            if user._is_internal() and message.author_id == user.partner_id:
                if not ticket.first_response_date and ticket.state not in ("closed", "cancelled"):
                    ticket._workflow_write(ticket._dms_response_vals(now))
            elif (
                ticket.state == "waiting"
                and user.share
                and not user._is_public()
                and user.partner_id.commercial_partner_id == ticket.partner_id
                and user.has_group("dms_dealer.group_dms_portal_user")
            ):
                ticket.with_user(user).sudo()._dms_apply("reply", now=now)

    # ------------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------------
    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _dms_can_rate(self):
        self.ensure_one()
        return self.state in ("solved", "closed") and self.solved_date and not self._dms_rating()

    def _dms_rating(self):
        """The dealer's rating of this ticket (at most one: whoever of the dealer's people gave it)."""
        self.ensure_one()
        return self.sudo().rating_ids.filtered(
            lambda r: r.consumed and r.partner_id.commercial_partner_id == self.partner_id
        )[:1]

    def action_dms_rate(self, rate, feedback=None):
        """The ticket's dealer rates the service (1-5) once it is solved; a solved ticket is then closed."""
        self.ensure_one()
        user = self.env.user
        if not user.share or user._is_public() or user.partner_id.commercial_partner_id != self.sudo().partner_id:
            raise AccessError(self.env._("Only the dealer of %(ticket)s can rate it.", ticket=self.sudo().name))
        ticket = self._dms_check_dealer_actor()
        try:
            rate = int(rate)
        except (TypeError, ValueError):
            rate = 0
        if rate < 1 or rate > 5:
            raise UserError(self.env._("Give a rating from 1 to 5 stars."))
        # serialise two ratings of one ticket (double click): the second sees the first
        self.env.cr.execute("SELECT id FROM dms_service_ticket WHERE id = %s FOR UPDATE", [ticket.id])
        ticket.invalidate_recordset()
        ticket.rating_ids.invalidate_recordset()
        if ticket.state not in ("solved", "closed") or not ticket.solved_date:
            raise UserError(self.env._("%(ticket)s can be rated once it is solved.", ticket=ticket.name))
        if ticket._dms_rating():
            raise UserError(self.env._("%(ticket)s was already rated.", ticket=ticket.name))
        # the rating is the person's who gave it (the chatter shows them as its author)
        token = ticket._rating_get_access_token(partner=user.partner_id)
        feedback = (feedback or "").strip()[:2000] or False
        ticket.with_user(user).sudo().rating_apply(rate, token=token, feedback=feedback)
        if ticket.state == "solved":
            ticket.with_user(user).sudo()._dms_apply("close")
        return True

    # ------------------------------------------------------------------
    # SLA job
    # ------------------------------------------------------------------
    @api.model
    def _cron_dms_check_sla(self, now=None):
        """Flag open tickets whose deadlines passed at ``now``; their team leader gets an activity."""
        now = now or fields.Datetime.now()
        Ticket = self.sudo()
        late_response = Ticket.search(
            [
                ("state", "in", OPEN_STATES),
                ("first_response_date", "=", False),
                ("response_breached", "=", False),
                ("response_deadline", "<", now),
            ]
        )
        late_resolution = Ticket.search(
            [
                ("state", "in", OPEN_STATES),
                ("resolution_breached", "=", False),
                ("resolution_deadline", "<", now),
            ]
        )
        # the search is the pure rule's own: strictly after the deadline
        late_response = late_response.filtered(lambda t: service.is_breached(t.response_deadline, now=now))
        late_resolution = late_resolution.filtered(lambda t: service.is_breached(t.resolution_deadline, now=now))
        if late_response:
            late_response._workflow_write({"response_breached": True})
        if late_resolution:
            late_resolution._workflow_write({"resolution_breached": True})
        (late_response | late_resolution)._dms_schedule_breach_activity()
        return late_response | late_resolution

    def _dms_schedule_breach_activity(self):
        for ticket in self:
            if ticket.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(SLA_ACTIVITY)):
                continue
            user = ticket.team_id.leader_id or ticket.user_id
            if not user or not user.active:
                continue
            ticket.activity_schedule(
                SLA_ACTIVITY,
                user_id=user.id,
                summary=self.env._("SLA breached: %(ticket)s", ticket=ticket.name),
            )

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    def _dms_portal_steps(self):
        """``[{"label", "done", "current"}]`` for the portal page."""
        self.ensure_one()
        _ = self.env._
        order = ["new", "in_progress", "solved", "closed"]
        rank = {"new": 0, "in_progress": 1, "waiting": 1, "solved": 2, "closed": 3, "cancelled": -1}
        current = rank[self.state]
        labels = [
            _("Received"),
            _("Waiting on you") if self.state == "waiting" else _("In progress"),
            _("Solved"),
            _("Closed"),
        ]
        return [
            {
                "label": label,
                "done": index <= current,
                "current": index == current and self.state in (order[index], "waiting"),
            }
            for index, label in enumerate(labels)
        ]
