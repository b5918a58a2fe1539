# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import assign

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

STATES = [
    ("offered", "Offered"),
    ("accepted", "Accepted"),
    ("contacted", "Contacted"),
    ("quoted", "Quoted"),
    ("won", "Won"),
    ("lost", "Lost"),
    ("declined", "Declined"),
    ("expired", "Timed Out"),
    ("withdrawn", "Withdrawn"),
]
#: states in which the lead belongs to the dealer (one per lead at most, a unique index says so)
LIVE_STATES = ("offered", "accepted", "contacted", "quoted", "won")
#: states that count against the dealer's capacity
OPEN_STATES = ("offered", "accepted", "contacted", "quoted")
#: states in which the dealer works the lead
WORKING_STATES = ("accepted", "contacted", "quoted")
#: states a dealer's portal user sees (never the lead's history with other dealers, nor its own past offers)
PORTAL_STATES = ("offered", "accepted", "contacted", "quoted", "won", "lost")
PORTAL = ("dms_dealer.group_dms_portal_user",)
#: most lines of an order made from a lead
MAX_LINES = 20
HQ = ("dms_dealer.group_dms_hq_manager", "sales_team.group_sale_manager")


class DmsLeadAssignment(models.Model):
    """One offer of a brand lead to one dealer, and what the dealer did with it.

    The rows of a lead are its assignment history (who, when, outcome). At most one row of a lead
    is live (offered or owned by its dealer); the others are declined, timed out or withdrawn.
    """

    _name = "dms.lead.assignment"
    _description = "Lead Assignment"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "id desc"
    _rec_name = "lead_name"

    _workflow_protected_fields = (
        "lead_id",
        "dealer_id",
        "territory_id",
        "attempt",
        "round",
        "date_offered",
        "deadline",
        "date_accepted",
        "date_closed",
        "decline_reason",
        "channel_order_id",
        "sale_order_id",
        "customer_id",
    )

    lead_id = fields.Many2one("crm.lead", required=True, readonly=True, index=True, ondelete="cascade")
    dealer_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    dealer_path = fields.Char(related="dealer_id.dealer_path", store=True, index=True)
    territory_id = fields.Many2one("dms.territory", readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(STATES, string="Status", default="offered", required=True, readonly=True, copy=False)
    round = fields.Integer(readonly=True, help="HQ's sending of the lead this offer belongs to.")
    attempt = fields.Integer(readonly=True, help="1 for the first dealer offered the lead, 2 for the next...")
    date_offered = fields.Datetime(string="Offered On", readonly=True)
    deadline = fields.Datetime(string="Accept Before", readonly=True)
    date_accepted = fields.Datetime(string="Accepted On", readonly=True)
    date_closed = fields.Datetime(
        string="Closed On", readonly=True, help="When the offer ended or the lead was won or lost."
    )
    decline_reason = fields.Char(string="Reason", readonly=True)
    note = fields.Text(string="Dealer Notes", readonly=True)
    customer_id = fields.Many2one(
        "res.partner", readonly=True, copy=False, help="The dealer's customer made from the lead."
    )
    channel_order_id = fields.Many2one("dms.channel.order", readonly=True, copy=False)
    sale_order_id = fields.Many2one("sale.order", string="Brand Order", readonly=True, copy=False)
    order_amount = fields.Monetary(compute="_compute_order_amount", currency_field="currency_id")
    # what the dealer needs to work the lead (read through the assignment: dealers never read crm.lead)
    lead_name = fields.Char(related="lead_id.name", string="Lead Title")
    contact_name = fields.Char(related="lead_id.contact_name")
    partner_name = fields.Char(related="lead_id.partner_name", string="Customer Company")
    phone = fields.Char(related="lead_id.phone")
    email_from = fields.Char(related="lead_id.email_from", string="Email")
    street = fields.Char(related="lead_id.street")
    city = fields.Char(related="lead_id.city")
    zip = fields.Char(related="lead_id.zip")
    lead_state_id = fields.Many2one(related="lead_id.state_id", string="Province")
    description = fields.Html(related="lead_id.description", string="Details")
    source_id = fields.Many2one(related="lead_id.source_id", string="Source")
    expected_revenue = fields.Monetary(related="lead_id.expected_revenue", currency_field="currency_id")

    _sql_constraints = [
        ("attempt_unique", "unique(lead_id, attempt)", "A lead is offered once per attempt."),
    ]

    def init(self):
        # one live owner per lead, whatever the number of cursors trying at once
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS dms_lead_assignment_live_unique ON dms_lead_assignment (lead_id) "
            "WHERE state IN ('offered', 'accepted', 'contacted', 'quoted', 'won')"
        )
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS dms_lead_assignment_dealer_unique "
            "ON dms_lead_assignment (lead_id, dealer_id)"
        )

    @api.depends("channel_order_id.amount_total", "sale_order_id.amount_total")
    def _compute_order_amount(self):
        for row in self:
            row.order_amount = row.sudo().channel_order_id.amount_total + row.sudo().sale_order_id.amount_total

    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_is_engine():
            raise AccessError(self.env._("Leads are assigned to dealers by the assignment step only."))
        return super().create(vals_list)

    def copy(self, default=None):
        if self:
            raise UserError(self.env._("A lead assignment cannot be duplicated."))
        return super().copy(default)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        T = workflow.Transition
        return [
            T("accept", ("offered",), "accepted", PORTAL, workflow.OTHER, label=_lt("Accept")),
            T("decline", ("offered",), "declined", PORTAL, workflow.REJECT, reason=True, label=_lt("Decline")),
            T("expire", ("offered",), "expired", (), workflow.OTHER, label=_lt("Time out")),
            T("withdraw", OPEN_STATES, "withdrawn", HQ, workflow.OTHER, reason=True, label=_lt("Withdraw")),
            T("contact", ("accepted",), "contacted", PORTAL, workflow.OTHER, label=_lt("Contacted")),
            T("quote", ("accepted", "contacted"), "quoted", PORTAL, workflow.OTHER, label=_lt("Quoted")),
            T("win", WORKING_STATES, "won", PORTAL + HQ, workflow.OTHER, label=_lt("Won")),
            T("lose", WORKING_STATES, "lost", PORTAL, workflow.OTHER, reason=True, label=_lt("Lost")),
            T("note", WORKING_STATES, None, PORTAL, workflow.OTHER, label=_lt("Note")),
        ]

    def _workflow_check(self, transition, reason):
        if self.env.user._is_superuser():
            return True
        if transition.name == "expire":
            raise AccessError(self.env._("This step is taken by the system."))
        me = self.env.user.partner_id.commercial_partner_id
        if self.env.user._is_portal() and self.sudo().dealer_id != me:
            raise AccessError(self.env._("Only the dealer this lead is offered to acts on it."))
        if transition.name == "accept" and assign.is_late(self.sudo().deadline, fields.Datetime.now()):
            raise UserError(self.env._("The deadline to accept %(lead)s has passed.", lead=self.lead_name))
        if transition.name == "win" and not (self.sudo().channel_order_id or self.sudo().sale_order_id):
            raise UserError(self.env._("A lead is won with its order: convert it to an order first."))
        return True

    def _workflow_after(self, transition, old_state, reason):
        # the lead's side of the step is the system's (the dealer never writes the lead)
        lead = self.lead_id.with_user(SUPERUSER_ID)
        if transition.name in ("decline", "expire", "withdraw"):
            self._workflow_write({"date_closed": fields.Datetime.now(), "decline_reason": reason or False})
            lead._dms_lead_write({"dms_state": "hq", "dms_dealer_id": False, "dms_assignment_id": False})
            lead._dms_lead_dispatch()
        elif transition.name == "accept":
            self._workflow_write({"date_accepted": fields.Datetime.now(), "customer_id": self._dms_customer().id})
            lead._dms_lead_write({"dms_state": "accepted"})
        elif transition.name in ("win", "lose"):
            self._workflow_write({"date_closed": fields.Datetime.now(), "decline_reason": reason or False})
            lead._dms_lead_write({"dms_state": transition.target})
            if transition.name == "win":
                lead._dms_lead_set_won()
        return True

    @api.model
    def _cron_expire(self, now=None):
        """Offers not accepted by their deadline go to the next dealer (or back to HQ)."""
        now = now or fields.Datetime.now()
        offers = self.sudo().search([("state", "=", "offered"), ("deadline", "<", now)], order="deadline, id")
        late = offers.filtered(lambda row: assign.is_late(row.deadline, now))
        for row in late._workflow_as_system():
            row._workflow_apply("expire")
        return late

    # ------------------------------------------------------------------
    # Actions (portal and back office)
    # ------------------------------------------------------------------
    def _dms_act(self, name, reason=None, vals=None):
        """Run step ``name`` for the current user on a record they can read.

        Dealers only read their assignments: the engine runs in superuser mode but still as the
        user, and checks the step's group, the dealer and the deadline.
        """
        self.ensure_one()
        self.check_access("read")
        # sudo: read access checked above; the engine checks the group and the dealer of the step
        return self.sudo()._workflow_apply(name, reason=reason, vals=vals)

    def action_accept(self):
        return self._dms_act("accept")

    def action_decline(self, reason=None):
        return self._dms_act("decline", reason=reason)

    def action_contact(self):
        return self._dms_act("contact")

    def action_quote(self):
        return self._dms_act("quote")

    def action_lose(self, reason=None):
        return self._dms_act("lose", reason=reason)

    def action_withdraw(self, reason=None):
        """HQ takes the lead back from the dealer (it is offered to the next one)."""
        return self._dms_act("withdraw", reason=reason)

    def action_save_note(self, note):
        """The dealer's notes on a lead it works (the only text a dealer writes here)."""
        note = (note or "").strip()
        if len(note) > 4000:
            raise UserError(self.env._("Notes are limited to 4000 characters."))
        return self._dms_act("note", vals={"note": note or False})

    def action_convert(self, quantities, note=None):
        """Turn the worked lead into an order of the dealer to the lead's customer, and win the lead.

        The order is the channel's own "order for a direct customer" (catalog and quantities checked
        there), made as the dealer's user and accepted by it. :param quantities: ``{product_id: qty}``
        """
        self.ensure_one()
        self.check_access("read")
        row = self.sudo()
        if row.state not in WORKING_STATES:
            raise UserError(self.env._("Only a lead you work can be converted to an order."))
        if row.dealer_id != self.env.user.partner_id.commercial_partner_id:
            raise AccessError(self.env._("Only the dealer working this lead converts it."))
        if len(quantities or {}) > MAX_LINES:
            raise UserError(self.env._("Order between 1 and %(max)s products.", max=MAX_LINES))
        with self.env.cr.savepoint():
            order = self.env["dms.channel.order"]._channel_create_for_customer(
                row.customer_id.id,
                quantities,
                accept=True,
                extra={"note": ((note or "").strip()[:2000] or self.env._("Lead %(lead)s", lead=row.lead_name))},
            )
            order.sudo()._workflow_write({"dms_lead_assignment_id": row.id})
            row._workflow_write({"channel_order_id": order.id})
            row._workflow_apply("win")
        return order

    def _dms_customer(self):
        """The lead's customer as a direct customer of the dealer (its orders are the dealer's channel orders).

        The lead's own contact when the dealer already serves it, else a new customer of the dealer:
        a customer the brand or another dealer serves is never moved.
        """
        self.ensure_one()
        lead = self.lead_id.sudo()
        partner = lead.partner_id.commercial_partner_id
        if partner and partner.dealer_parent_id == self.dealer_id and partner.dms_served_by == "dealer":
            return partner
        # sudo: the dealer gets a customer record of its own, built from the lead it accepted
        return (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": lead.partner_name or lead.contact_name or lead.name,
                    "is_company": True,
                    "phone": lead.phone,
                    "email": lead.email_from,
                    "street": lead.street,
                    "city": lead.city,
                    "zip": lead.zip,
                    "state_id": lead.state_id.id,
                    "country_id": lead.country_id.id,
                    "dealer_parent_id": self.dealer_id.id,
                    "dms_served_by": "dealer",
                    "company_id": self.company_id.id,
                }
            )
        )

    @api.model
    def _dms_lead_demo_story(self, lead_ids):
        """Demo data only: play the East China story on leads ``[won, timed out, waiting]``."""
        if not self.env.su:
            raise AccessError(self.env._("Only module installation plays the demo story."))
        won, timed_out, waiting = self.env["crm.lead"].browse(lead_ids)
        timed_out.action_dms_assign()
        first = timed_out.dms_assignment_id
        if first:
            past = fields.Datetime.now() - timedelta(hours=30)
            first._workflow_write({"date_offered": past, "deadline": past + timedelta(hours=24)})
            self._cron_expire()
        won.action_dms_assign()
        row = won.dms_assignment_id
        user = row.dealer_id.user_ids[:1] or self.env["res.users"].search(
            [("partner_id", "child_of", row.dealer_id.id), ("share", "=", True)], limit=1
        )
        if row and user:
            row.with_user(user).action_accept()
            row.with_user(user).action_contact()
            products = self.env["dms.channel.order"]._channel_seller_catalog(row.dealer_id, row.customer_id)
            if products:
                quantities = {products[0].id: 120}
                if len(products) > 1:
                    quantities[products[1].id] = 60
                try:
                    with self.env.cr.savepoint():
                        row.with_user(user).action_convert(quantities, note="首批 12 家门店铺货")
                except UserError as exc:
                    _logger.warning("Demo lead %s not converted: %s", won.name, exc)
        waiting.action_dms_assign()
        return True
