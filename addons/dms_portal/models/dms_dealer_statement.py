# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import statement as statement_tools

STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("confirmed", "Confirmed"),
    ("disputed", "Disputed"),
]

# fields a confirmed statement may still change (chatter, activities, portal token)
MUTABLE_FIELDS = {"access_token", "message_main_attachment_id"}


class DmsDealerStatement(models.Model):
    _name = "dms.dealer.statement"
    _description = "Dealer Statement (对账单)"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"

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
    # Immutability
    # ------------------------------------------------------------------
    def write(self, vals):
        frozen = self.filtered(lambda s: s.state == "confirmed")
        if frozen and not self.env.context.get("dms_statement_unfreeze"):
            changed = {
                f for f in vals if f not in MUTABLE_FIELDS and not f.startswith(("message_", "activity_", "website_"))
            }
            if changed:
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
        statements.action_send()
        return statements

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send(self):
        drafts = self.filtered(lambda s: s.state == "draft")
        drafts.write({"state": "sent"})
        for statement in drafts:
            statement._portal_ensure_token()
        return True

    def action_reset_to_sent(self):
        """Finance reopens a disputed statement after correcting the books (regenerate it)."""
        for statement in self:
            if statement.state != "disputed":
                raise UserError(self.env._("Only a disputed statement can be reopened."))
        self.write({"state": "sent"})
        return True

    def _dms_check_can_act(self):
        for statement in self:
            if not statement.partner_id._dms_portal_can_act():
                raise UserError(self.env._("Only the dealer itself can confirm or dispute its statement."))

    def action_dms_confirm(self):
        self._dms_check_can_act()
        for statement in self:
            if statement.state not in ("sent", "disputed"):
                raise UserError(
                    self.env._("Statement %(name)s cannot be confirmed in its current state.", name=statement.name)
                )
            if statement.line_ids.filtered("disputed"):
                raise UserError(self.env._("Resolve the disputed lines before confirming."))
        user = self.env["res.partner"]._dms_portal_acting_user()
        self.write({"state": "confirmed", "confirmed_date": fields.Datetime.now(), "confirmed_by_id": user.id})
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
        self._dms_check_can_act()
        if self.state not in ("sent", "disputed"):
            raise UserError(self.env._("Only a sent statement can be disputed."))
        comment = (comment or "").strip()
        if not comment:
            raise UserError(self.env._("Please explain what is wrong with the line."))
        lines = lines.filtered(lambda line: line.statement_id == self)
        if not lines:
            raise UserError(self.env._("Choose a line of this statement to dispute."))
        lines.write({"disputed": True, "dispute_comment": comment, "dispute_date": fields.Datetime.now()})
        self.write({"state": "disputed"})
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Statement line disputed by %(dealer)s", dealer=self.partner_id.display_name),
            note=self.env._("%(refs)s: %(comment)s", refs=", ".join(lines.mapped("reference")), comment=comment),
            user_id=self._dms_get_finance_user().id,
        )
        return True
