# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _lt, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tools import workflow

from ..tools import statement as statement_tools

STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("confirmed", "Confirmed"),
    ("disputed", "Disputed"),
]

#: what the books said at generation: changed only while the statement is a draft
SNAPSHOT_FIELDS = (
    "name",
    "partner_id",
    "company_id",
    "date_from",
    "date_to",
    "opening_balance",
    "total_invoice",
    "total_payment",
    "total_refund",
    "total_rebate",
    "total_other",
    "closing_balance",
    "line_ids",
)
FINANCE_GROUPS = ("dms_dealer.group_dms_finance", "dms_dealer.group_dms_hq_manager")


class DmsDealerStatement(models.Model):
    _name = "dms.dealer.statement"
    _description = "Dealer Statement (对账单)"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "date_to desc, id desc"
    _workflow_protected_fields = ("confirmed_date", "confirmed_by_id")
    _workflow_frozen_fields = SNAPSHOT_FIELDS
    _workflow_editable_states = ("draft",)

    name = fields.Char(required=True, default="/", copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, copy=False)
    line_ids = fields.One2many("dms.dealer.statement.line", "statement_id", string="Lines", copy=False)
    opening_balance = fields.Monetary(currency_field="currency_id")
    total_invoice = fields.Monetary(string="Invoices", currency_field="currency_id")
    total_payment = fields.Monetary(string="Payments", currency_field="currency_id")
    total_refund = fields.Monetary(string="Refunds", currency_field="currency_id")
    total_rebate = fields.Monetary(string="Rebates", currency_field="currency_id")
    total_other = fields.Monetary(string="Other", currency_field="currency_id")
    closing_balance = fields.Monetary(currency_field="currency_id")
    confirmed_date = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    disputed_line_count = fields.Integer(compute="_compute_disputed_line_count")
    reopen_reason = fields.Char(
        copy=False, help="Why finance reopens this disputed statement (kept in its history once reopened)."
    )

    _sql_constraints = [
        (
            "partner_period_uniq",
            "UNIQUE(partner_id, company_id, date_from, date_to)",
            "There is already a statement for this dealer and period.",
        ),
        ("dates_check", "CHECK(date_from <= date_to)", "The statement period ends before it starts."),
    ]

    @api.depends("line_ids.disputed")
    def _compute_disputed_line_count(self):
        for statement in self:
            statement.disputed_line_count = len(statement.line_ids.filtered("disputed"))

    def _compute_access_url(self):
        super()._compute_access_url()
        for statement in self:
            statement.access_url = f"/my/dms/statements/{statement.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Statement-{self.partner_id.ref or self.partner_id.id}-{self.date_to}"

    # ------------------------------------------------------------------
    # Workflow: send (finance) → confirm or dispute (the dealer) → reset (finance, with a reason)
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("send", ("draft",), "sent", FINANCE_GROUPS, label=_lt("Send")),
            workflow.Transition("confirm", ("sent",), "confirmed", label=_lt("Confirm")),
            workflow.Transition("dispute", ("sent", "disputed"), "disputed", reason=True, label=_lt("Dispute")),
            workflow.Transition(
                "reset", ("disputed",), "sent", FINANCE_GROUPS, kind=workflow.RESET, reason=True, label=_lt("Reopen")
            ),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name in ("confirm", "dispute") and not self.partner_id._dms_portal_can_act():
            # seeing is not acting: an upstream administrator reads, only the dealer itself answers
            raise AccessError(self.env._("Only the dealer itself can confirm or dispute its statement."))
        if transition.name == "confirm" and self.line_ids.filtered("disputed"):
            raise UserError(self.env._("Resolve the disputed lines before confirming."))
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "send":
            self._portal_ensure_token()
        elif transition.name == "reset":
            # finance settled the dispute: the comments stay, the lines can be confirmed again
            self.line_ids.filtered("disputed").with_context(**{WORKFLOW_KEY: ENGINE}).write({"disputed": False})
        return super()._workflow_after(transition, old_state, reason)

    def write(self, vals):
        # a confirmed statement is what the dealer signed off: not even trusted server code rewrites it
        if set(SNAPSHOT_FIELDS) & vals.keys() and any(statement.state == "confirmed" for statement in self):
            raise UserError(self.env._("A confirmed statement is a snapshot and cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(s.state == "confirmed" for s in self):
            raise UserError(self.env._("A confirmed statement cannot be deleted."))

    # ------------------------------------------------------------------
    # Generation from the books
    # ------------------------------------------------------------------
    @api.model
    def _get_statement_move_line_domain(self, partners, company):
        return [
            ("partner_id", "in", partners.ids),
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
        ]

    @api.model
    def _generate(self, partners, date_from, date_to, company=None):
        """Create draft statements for ``partners`` (commercial dealers) in one pass.

        Opening balances and per-move amounts are two grouped queries for all dealers.
        Existing statements of the period are skipped (idempotent).
        """
        company = company or self.env.company
        partners = partners.commercial_partner_id
        existing = self.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ]
        )
        partners -= existing.partner_id
        if not partners:
            return self.browse()
        AML = self.env["account.move.line"]
        base = self._get_statement_move_line_domain(partners, company)
        opening = {
            partner.id: balance
            for partner, balance in AML._read_group(base + [("date", "<", date_from)], ["partner_id"], ["balance:sum"])
        }
        movements = defaultdict(list)
        groups = AML._read_group(
            base + [("date", ">=", date_from), ("date", "<=", date_to)],
            ["partner_id", "move_id"],
            ["balance:sum"],
        )
        for partner, move, balance in groups:
            kind = statement_tools.classify_move(
                move.move_type,
                is_rebate=move._dms_statement_is_rebate(),
                is_payment=bool(move.origin_payment_id or move.statement_line_id),
            )
            movements[partner.id].append((move.date, kind, move.name, balance, move.id))
        digits = company.currency_id.decimal_places
        vals_list = []
        for partner in partners:
            moves = movements.get(partner.id, [])
            move_ids = {(m[1], m[2], m[0]): m[4] for m in moves}
            lines, totals = statement_tools.build_statement(
                opening.get(partner.id, 0.0), [m[:4] for m in moves], digits=digits
            )
            vals_list.append(
                {
                    "name": self.env._(
                        "%(dealer)s %(start)s – %(end)s",
                        dealer=partner.ref or partner.name,
                        start=date_from,
                        end=date_to,
                    ),
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "opening_balance": totals["opening"],
                    "total_invoice": totals["invoice"],
                    "total_payment": totals["payment"],
                    "total_refund": totals["refund"],
                    "total_rebate": totals["rebate"],
                    "total_other": totals["other"],
                    "closing_balance": totals["closing"],
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "sequence": seq,
                                "date": line["date"],
                                "kind": line["kind"],
                                "reference": line["reference"],
                                "amount": line["amount"],
                                "balance": line["balance"],
                                "move_id": move_ids.get((line["kind"], line["reference"], line["date"]), False),
                            },
                        )
                        for seq, line in enumerate(lines)
                    ],
                }
            )
        return self.create(vals_list)

    @api.model
    def _cron_generate_monthly(self):
        """Statements of last month for every active dealer, then sent to the portal."""
        first = fields.Date.context_today(self).replace(day=1)
        date_from, date_to = first - relativedelta(months=1), first - relativedelta(days=1)
        dealers = self.env["res.partner"].search(
            [("is_dealer", "=", True), ("dealer_state", "=", "active"), ("is_company", "=", True)]
        )
        statements = self._generate(dealers, date_from, date_to)
        statements._workflow_as_system().action_send()
        return statements

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send(self):
        self.check_access("write")
        self.filtered(lambda s: s.state == "draft")._workflow_apply("send")
        return True

    def action_reset_to_sent(self, reason=None):
        """Finance reopens a disputed statement after correcting the books (with a reason)."""
        self.check_access("write")
        for statement in self:
            statement._workflow_apply("reset", reason=reason or statement.reopen_reason, vals={"reopen_reason": False})
        return True

    def action_dms_confirm(self):
        user = self.env["res.partner"]._dms_portal_acting_user()
        self._workflow_apply("confirm", vals={"confirmed_date": fields.Datetime.now(), "confirmed_by_id": user.id})
        for statement in self:
            statement.message_post(body=self.env._("Statement confirmed by the dealer."), author_id=user.partner_id.id)
        return True

    def _dms_get_finance_user(self):
        self.ensure_one()
        group = self.env.ref("dms_dealer.group_dms_finance")
        users = group.sudo().users.filtered(lambda u: u.active and self.company_id in u.company_ids and not u.share)
        return users[:1] or self.partner_id.user_id or self.env.ref("base.user_admin")

    def _dms_dispute_lines(self, lines, comment):
        self.ensure_one()
        comment = (comment or "").strip()
        if not comment:
            raise UserError(self.env._("Please explain what is wrong with the line."))
        lines = lines.filtered(lambda line: line.statement_id == self)
        if not lines:
            raise UserError(self.env._("Choose a line of this statement to dispute."))
        self._workflow_apply("dispute", reason=comment)
        # the engine checked who acts; the dispute marks are written as part of its transition
        lines.with_context(**{WORKFLOW_KEY: ENGINE}).write(
            {"disputed": True, "dispute_comment": comment, "dispute_date": fields.Datetime.now()}
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Statement line disputed by %(dealer)s", dealer=self.partner_id.display_name),
            note=self.env._("%(refs)s: %(comment)s", refs=", ".join(lines.mapped("reference")), comment=comment),
            user_id=self._dms_get_finance_user().id,
        )
        return True
