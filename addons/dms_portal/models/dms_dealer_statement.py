# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, _lt, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.image import ImageProcess

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tools import spreadsheet, workflow

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
#: the dealer's signature of a confirmed statement
SIGNATURE_FIELDS = ("signature", "signed_by", "signed_on", "confirmed_date", "confirmed_by_id")
FINANCE_GROUPS = ("dms_dealer.group_dms_finance", "dms_dealer.group_dms_hq_manager")


class DmsDealerStatement(models.Model):
    _name = "dms.dealer.statement"
    _description = "Dealer Statement (对账单)"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "date_to desc, id desc"
    _workflow_protected_fields = SIGNATURE_FIELDS
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
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024, readonly=True)
    signed_by = fields.Char(copy=False, readonly=True, help="Name of the dealer's signatory, as typed when signing.")
    signed_on = fields.Datetime(copy=False, readonly=True)
    disputed_line_count = fields.Integer(compute="_compute_disputed_line_count")
    adjustment_total = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_adjustment_total",
        help="Credit and debit notes booked to settle accepted disputes that the lines do not show yet.",
    )
    agreed_balance = fields.Monetary(
        string="Agreed Closing Balance",
        currency_field="currency_id",
        compute="_compute_adjustment_total",
        help="Closing balance after the adjustments of accepted disputes.",
    )
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

    @api.depends("closing_balance", "line_ids.adjustment_amount", "line_ids.adjustment_move_id", "line_ids.move_id")
    def _compute_adjustment_total(self):
        for statement in self:
            shown = statement.line_ids.move_id
            statement.adjustment_total = sum(
                line.adjustment_amount
                for line in statement.line_ids
                if line.adjustment_move_id and line.adjustment_move_id not in shown
            )
            statement.agreed_balance = statement.closing_balance + statement.adjustment_total

    def _compute_access_url(self):
        super()._compute_access_url()
        for statement in self:
            statement.access_url = f"/my/dms/statements/{statement.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Statement-{self.partner_id.ref or self.partner_id.id}-{self.date_to}"

    def _dms_export_xlsx(self):
        """The statement as .xlsx bytes in the reader's language (portal download).

        User text (names, references, dispute comments) is written as text, never as a formula.
        """
        self.ensure_one()
        book, sheet = spreadsheet.new_workbook("Statement")
        kinds = dict(self.line_ids._fields["kind"]._description_selection(self.env))
        spreadsheet.write_cell(sheet, 1, 1, self.name, bold=True, as_text=True)
        headers = [
            self.env._("Date"),
            self.env._("Type"),
            self.env._("Reference"),
            self.env._("Amount"),
            self.env._("Balance"),
            self.env._("Disputed"),
            self.env._("Resolution"),
        ]
        for col, header in enumerate(headers, start=1):
            spreadsheet.write_cell(sheet, 3, col, header, bold=True, as_text=True)
        resolutions = dict(self.line_ids._fields["resolution"]._description_selection(self.env))
        for row, line in enumerate(self.line_ids, start=4):
            spreadsheet.write_cell(sheet, row, 1, line.date or "", as_text=True)
            spreadsheet.write_cell(sheet, row, 2, kinds.get(line.kind, line.kind), as_text=True)
            spreadsheet.write_cell(sheet, row, 3, line.reference, as_text=True)
            for col, amount in ((4, line.amount), (5, line.balance)):
                spreadsheet.write_cell(sheet, row, col, amount, number_format="#,##0.00")
            spreadsheet.write_cell(sheet, row, 6, line.dispute_comment or "", as_text=True)
            resolution = resolutions.get(line.resolution, "")
            if line.resolution_note:
                resolution = f"{resolution}: {line.resolution_note}"
            spreadsheet.write_cell(sheet, row, 7, resolution, as_text=True)
        return spreadsheet.workbook_bytes(book)

    # ------------------------------------------------------------------
    # Workflow: send (finance) → confirm with a signature, or dispute lines (the dealer)
    # → each disputed line accepted with an adjustment entry or rejected (finance)
    # → sent again once no dispute is open. Reopen (finance, with a reason) and
    # regenerate rebuild the lines from the books.
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("send", ("draft",), "sent", FINANCE_GROUPS, label=_lt("Send")),
            workflow.Transition("confirm", ("sent",), "confirmed", label=_lt("Confirm")),
            workflow.Transition("dispute", ("sent", "disputed"), "disputed", reason=True, label=_lt("Dispute")),
            workflow.Transition(
                "resolve_accept", ("disputed",), None, FINANCE_GROUPS, label=_lt("Accept a disputed line")
            ),
            workflow.Transition(
                "resolve_reject", ("disputed",), None, FINANCE_GROUPS, reason=True, label=_lt("Reject a disputed line")
            ),
            workflow.Transition(
                "disputes_resolved", ("disputed",), "sent", FINANCE_GROUPS, label=_lt("All disputes resolved")
            ),
            workflow.Transition("regenerate", ("draft", "sent"), None, label=_lt("Regenerate")),
            workflow.Transition(
                "reset",
                ("sent", "disputed"),
                "sent",
                FINANCE_GROUPS,
                kind=workflow.RESET,
                reason=True,
                label=_lt("Reopen"),
            ),
        ]

    def _dms_check_dealer_acts(self):
        """Seeing is not acting: only the statement's own dealer (a portal user of its company,
        or the holder of its access token) confirms or disputes it; finance and an upstream
        administrator never do it on its behalf."""
        self.ensure_one()
        user = self.env["res.partner"]._dms_portal_acting_user()
        if not user.share or not self.partner_id._dms_portal_can_act():
            raise AccessError(self.env._("Only the dealer itself can confirm or dispute its statement."))

    def _workflow_check(self, transition, reason):
        if transition.name in ("confirm", "dispute"):
            self._dms_check_dealer_acts()
        if transition.name == "confirm" and self.line_ids.filtered("disputed"):
            raise UserError(self.env._("Resolve the disputed lines before confirming."))
        if transition.name == "regenerate":
            user = self.env["res.partner"]._dms_portal_acting_user()
            if user.share and not self.partner_id._dms_portal_can_act():
                raise AccessError(self.env._("Only the dealer itself can generate its statement."))
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "send":
            self._portal_ensure_token()
        elif transition.name == "reset":
            # finance reopens: open disputes are closed (their comments stay) and the lines follow the books
            self.line_ids.filtered("disputed").with_context(**{WORKFLOW_KEY: ENGINE}).write({"disputed": False})
            self._dms_regenerate_lines()
        elif transition.name == "regenerate":
            self._dms_regenerate_lines()
        elif transition.name == "disputes_resolved":
            # the engine decided; the finance to-dos of this statement are done
            self.sudo().activity_feedback(
                ["mail.mail_activity_data_todo"], feedback=self.env._("All disputed lines are resolved.")
            )
        return super()._workflow_after(transition, old_state, reason)

    def write(self, vals):
        # a confirmed statement is what the dealer signed off: not even trusted server code rewrites it
        # (a client writing the signature fields is refused by the engine's guard first: AccessError)
        frozen = set(SNAPSHOT_FIELDS) | (set(SIGNATURE_FIELDS) if self._workflow_is_engine() else set())
        if frozen & vals.keys() and any(statement.state == "confirmed" for statement in self):
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
    def _dms_statement_name(self, partner, date_from, date_to):
        """``Statement D-E01 2026-11`` (``对账单 D-E01 2026-11``), in the dealer's language."""
        env = self.with_context(lang=partner.lang or self.env.lang).env
        return env._(
            "Statement %(dealer)s %(period)s",
            dealer=partner.ref or partner.name,
            period=statement_tools.period_label(date_from, date_to),
        )

    @api.model
    def _get_statement_period_domain(self, partners, date_from, date_to, company):
        return [
            ("partner_id", "in", partners.ids),
            ("company_id", "=", company.id),
            ("date_from", "=", date_from),
            ("date_to", "=", date_to),
        ]

    @api.model
    def _prepare_statements_vals(self, partners, date_from, date_to, company):
        """{partner id: statement values} from the books, for all ``partners`` in two grouped queries.

        The lines are a list of dicts under ``"lines"``. The books are read as superuser:
        the caller's right to the statements was checked (ACL, record rules, the engine).
        """
        AML = self.env["account.move.line"].sudo()
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
        result = {}
        for partner in partners:
            moves = movements.get(partner.id, [])
            move_ids = {(m[1], m[2], m[0]): m[4] for m in moves}
            lines, totals = statement_tools.build_statement(
                opening.get(partner.id, 0.0), [m[:4] for m in moves], digits=digits
            )
            result[partner.id] = {
                "name": self._dms_statement_name(partner, date_from, date_to),
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
                "lines": [
                    {
                        "sequence": seq,
                        "date": line["date"],
                        "kind": line["kind"],
                        "reference": line["reference"],
                        "amount": line["amount"],
                        "balance": line["balance"],
                        "move_id": move_ids.get((line["kind"], line["reference"], line["date"]), False),
                    }
                    for seq, line in enumerate(lines)
                ],
            }
        return result

    @api.model
    def _generate(self, partners, date_from, date_to, company=None, regenerate=False):
        """Create draft statements for ``partners`` (commercial dealers) in one pass.

        Opening balances and per-move amounts are two grouped queries for all dealers.
        A statement that exists for the dealer and period is never duplicated: it is skipped,
        or with ``regenerate`` rebuilt from the books when it is a draft or sent
        (a disputed or confirmed one is left as it is). Returns the created and rebuilt statements.
        """
        company = company or self.env.company
        partners = partners.commercial_partner_id
        existing = self.search(self._get_statement_period_domain(partners, date_from, date_to, company))
        stale = existing.filtered(lambda s: s.state in ("draft", "sent")) if regenerate else self.browse()
        partners -= existing.partner_id
        if stale:
            stale._workflow_as_system()._workflow_apply("regenerate")
        if not partners:
            return stale
        prepared = self._prepare_statements_vals(partners, date_from, date_to, company)
        vals_list = []
        for vals in prepared.values():
            lines = vals.pop("lines")
            vals["line_ids"] = [Command.create(line) for line in lines]
            vals_list.append(vals)
        return self.create(vals_list) | stale

    def _dms_regenerate_lines(self):
        """Rebuild the totals and lines from the books (trusted: called by the engine).

        A line whose source entry is still in the period is updated in place and keeps
        its dispute and resolution; lines of entries gone from the books are removed.
        """
        Line = self.env["dms.dealer.statement.line"]
        for statement in self:
            vals = self._prepare_statements_vals(
                statement.partner_id, statement.date_from, statement.date_to, statement.company_id
            )[statement.partner_id.id]
            lines = vals.pop("lines")
            old = statement.line_ids
            pairs, orphans = statement_tools.match_lines(
                [line._dms_key() for line in old],
                [Line._dms_key_of(line["kind"], line["move_id"], line["reference"]) for line in lines],
            )
            commands = [
                Command.update(old[index].id, line) if index is not None else Command.create(line)
                for index, line in zip(pairs, lines, strict=True)
            ]
            commands += [Command.delete(old[index].id) for index in orphans]
            statement._workflow_write(dict(vals, line_ids=commands))
        return True

    @api.model
    def _dms_parse_period(self, month=None, date_from=None, date_to=None):
        """(first day, last day) of the period asked for, or a clear UserError."""
        try:
            return statement_tools.period_bounds(
                fields.Date.context_today(self), month=month, date_from=date_from, date_to=date_to
            )
        except statement_tools.PeriodError as error:
            messages = {
                "missing": self.env._("Choose a month or a date range."),
                "format": self.env._("The period is not a valid month or date."),
                "order": self.env._("The period ends before it starts."),
                "future": self.env._("The period has not started yet: choose a closed or the current period."),
                "too_long": self.env._(
                    "A statement covers at most %(days)s days.", days=statement_tools.MAX_PERIOD_DAYS
                ),
            }
            raise UserError(messages[error.code]) from None

    @api.model
    def _dms_generate_on_demand(self, partner, date_from, date_to, send=False):
        """The statement of ``partner`` for the period, generated now (a dealer in the portal or finance).

        Idempotent: an existing draft or sent statement of the same dealer and period is
        regenerated from the books (no duplicate); a confirmed one is returned as it is; a
        disputed one is refused until finance resolves its disputes or reopens it.
        """
        partner = partner.commercial_partner_id
        if not partner.is_dealer:
            raise UserError(self.env._("%(partner)s is not a dealer.", partner=partner.display_name))
        company = self.env.company
        statement = self.search(self._get_statement_period_domain(partner, date_from, date_to, company), limit=1)
        if statement.state == "disputed":
            raise UserError(
                self.env._(
                    "%(statement)s has open disputes: finance resolves them (or reopens it) first.",
                    statement=statement.display_name,
                )
            )
        if statement.state == "confirmed":
            return statement
        if statement:
            statement._workflow_apply("regenerate")
        else:
            statement = self._generate(partner, date_from, date_to, company=company)
            user = self.env["res.partner"]._dms_portal_acting_user()
            # a note for finance: in the language of finance
            statement._message_log(
                body=statement._dms_lang_env(statement._dms_get_finance_user())._(
                    "Generated on demand by %(user)s.", user=user.partner_id.display_name
                )
            )
        if send and statement.state == "draft":
            statement._workflow_as_system().action_send()
        return statement

    @api.model
    def _cron_generate_monthly(self):
        """Statements of last month for every active dealer, then sent to the portal."""
        first = fields.Date.context_today(self).replace(day=1)
        date_from, date_to = first - relativedelta(months=1), first - relativedelta(days=1)
        dealers = self.env["res.partner"].search(
            [("is_dealer", "=", True), ("dealer_state", "=", "active"), ("is_company", "=", True)]
        )
        # statements generated on demand before the month closed are rebuilt with the whole month
        statements = self._generate(dealers, date_from, date_to, regenerate=True)
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

    def action_regenerate(self):
        """Rebuild a draft or sent statement from the books (finance, back office)."""
        self._workflow_apply("regenerate")
        return True

    @api.model
    def _dms_check_signature(self, signature):
        """A signature is a real image (base64 PNG/JPEG from the portal widget), nothing else."""
        try:
            raw = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raw = b""
        if not raw or raw[:1] == b"<" or not ImageProcess(raw).image:
            raise UserError(self.env._("Invalid signature data."))

    def action_dms_confirm(self, name=None, signature=None):
        """The dealer confirms the statement by signing it (portal signature widget)."""
        user = self.env["res.partner"]._dms_portal_acting_user()
        name = (name or "").strip()
        for statement in self:
            if not self.env.su:
                statement.check_access("write")
            statement._dms_check_dealer_acts()
            if not name or not signature:
                raise UserError(self.env._("Sign the statement to confirm it: your name and your signature."))
            self._dms_check_signature(signature)
            now = fields.Datetime.now()
            statement._workflow_apply(
                "confirm",
                vals={
                    "confirmed_date": now,
                    "confirmed_by_id": user.id,
                    "signature": signature,
                    "signed_by": name,
                    "signed_on": now,
                },
            )
            statement.message_post(
                body=statement._dms_lang_env(statement._dms_get_finance_user())._(
                    "Statement confirmed and signed by %(name)s.", name=name
                ),
                author_id=user.partner_id.id,
            )
        return True

    def _dms_lang_env(self, recipient):
        """Environment in the language of ``recipient`` (a user or a partner) for texts posted to it."""
        return self.with_context(lang=recipient.lang or self.env.lang).env

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
        lines = lines.filtered(lambda line: line.statement_id == self and line.kind not in ("opening", "closing"))
        if not lines:
            raise UserError(self.env._("Choose a line of this statement to dispute."))
        if lines.filtered("resolution"):
            raise UserError(
                self.env._(
                    "Finance already resolved the dispute on %(refs)s.",
                    refs=", ".join(lines.filtered("resolution").mapped("reference")),
                )
            )
        self._workflow_apply("dispute", reason=comment)
        # the engine checked who acts; the dispute marks are written as part of its transition
        lines.with_context(**{WORKFLOW_KEY: ENGINE}).write(
            {"disputed": True, "dispute_comment": comment, "dispute_date": fields.Datetime.now()}
        )
        finance = self._dms_get_finance_user()
        # the activity is finance's: in finance's language
        finance_env = self._dms_lang_env(finance)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=finance_env._("Statement line disputed by %(dealer)s", dealer=self.partner_id.display_name),
            note=finance_env._("%(refs)s: %(comment)s", refs=", ".join(lines.mapped("reference")), comment=comment),
            user_id=finance.id,
        )
        return True

    # ------------------------------------------------------------------
    # Resolution of disputed lines (finance)
    # ------------------------------------------------------------------
    def _dms_resolve_line(self, line, decision, amount=0.0, reason=None):
        """Finance settles one disputed line.

        :param decision: ``"accept"`` books an adjustment of ``amount`` (the change to the
            dealer's balance: negative = credit note, positive = debit note) linked to the line;
            ``"reject"`` needs a ``reason``
        Once no line is disputed any more, the statement is sent again and the dealer can confirm it.
        """
        self.ensure_one()
        line = line.filtered(lambda record: record.statement_id == self)
        if len(line) != 1 or not line.disputed:
            raise UserError(self.env._("Choose one disputed line of this statement."))
        if decision not in ("accept", "reject"):
            raise UserError(self.env._("A dispute is accepted or rejected."))
        reason = (reason or "").strip()
        amount = self.currency_id.round(amount or 0.0)
        if decision == "accept" and self.currency_id.is_zero(amount):
            raise UserError(self.env._("Accepting a dispute books an adjustment: enter its amount."))
        with self.env.cr.savepoint():
            self._workflow_apply(f"resolve_{decision}", reason=reason)
            vals = {
                "disputed": False,
                "resolution": "accepted" if decision == "accept" else "rejected",
                "resolution_note": reason or False,
                "resolved_by_id": self.env.uid,
                "resolved_date": fields.Datetime.now(),
            }
            # the answer is the dealer's: in the dealer's language
            dealer_env = self._dms_lang_env(self.partner_id)
            if decision == "accept":
                move = self._dms_book_adjustment(line, amount, reason)
                vals.update(adjustment_amount=amount, adjustment_move_id=move.id)
                body = dealer_env._(
                    "Dispute on %(reference)s accepted: %(move)s books %(amount)s.",
                    reference=line.reference,
                    move=move.name,
                    amount=amount,
                )
            else:
                body = dealer_env._(
                    "Dispute on %(reference)s rejected: %(reason)s", reference=line.reference, reason=reason
                )
            line.with_context(**{WORKFLOW_KEY: ENGINE}).write(vals)
            self.message_post(body=body, subtype_xmlid="mail.mt_comment")
            if not self.line_ids.filtered("disputed"):
                self._workflow_as_system()._workflow_apply("disputes_resolved")
        return True

    def _dms_adjustment_journal(self):
        self.ensure_one()
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search([*Journal._check_company_domain(self.company_id), ("type", "=", "sale")], limit=1)
        if not journal.default_account_id:
            raise UserError(self.env._("Statement adjustments need a sales journal with a default income account."))
        return journal

    def _dms_book_adjustment(self, line, amount, reason):
        """Post the customer credit note (amount < 0) or debit note (amount > 0) of an accepted dispute.

        Booked as superuser: the engine checked that finance resolves this very statement.
        """
        self.ensure_one()
        journal = self._dms_adjustment_journal()
        today = fields.Date.context_today(self)
        label = self.env._(
            "%(statement)s: adjustment of %(reference)s", statement=self.name, reference=line.reference or line.kind
        )
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_refund" if amount < 0 else "out_invoice",
                    "partner_id": self.partner_id.id,
                    "journal_id": journal.id,
                    "invoice_date": today,
                    "date": today,
                    "ref": label,
                    "invoice_origin": self.name,
                    "narration": reason or False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1.0,
                                "price_unit": abs(amount),
                                "account_id": journal.default_account_id.id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move
