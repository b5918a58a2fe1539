# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from ..tools import scoring, workflow
from .dms_dealer_approval_mixin import REGION_GROUPS
from .dms_dealer_target import PERIOD_TYPES, period_bounds, period_label

_lt = LazyTranslate(__name__)

SCORE_STATES = [
    ("no_change", "No Change"),
    ("proposed", "Level Change Proposed"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]

#: KPI key -> (percentage field, score field, measured flag)
KPI_FIELDS = {
    "attainment": ("attainment_pct", "attainment_score", "attainment_measured"),
    "growth": ("growth_pct", "growth_score", "growth_measured"),
    "punctuality": ("punctuality_pct", "punctuality_score", "punctuality_measured"),
    "return": ("return_rate_pct", "return_score", "return_measured"),
}


class DmsDealerScore(models.Model):
    """Scorecard of one dealer for one closed period, and the level it proposes.

    Payment punctuality is approximated from receivables: among the customer
    invoices of the dealer falling due in the period (and already due), the
    share that is fully paid and whose every reconciliation (payment or credit
    note) is dated on or before the due date. Return rate: credit notes /
    invoices (untaxed, company currency, by invoice date).
    """

    _name = "dms.dealer.score"
    _description = "Dealer Score"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "date_from desc, total_score desc, id"

    #: what the decision rests on and who took it: written by the scoring and the engine only
    _workflow_protected_fields = ("current_level_id", "proposed_level_id", "decided_by_id", "decided_on")

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="cascade", domain=[("is_dealer", "=", True)]
    )
    territory_id = fields.Many2one(related="partner_id.territory_id", store=True, index=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True)
    template_id = fields.Many2one("dms.scorecard.template", required=True, index=True, ondelete="restrict")
    version_id = fields.Many2one(
        "dms.scorecard.version",
        required=True,
        readonly=True,
        ondelete="restrict",
        help="Weights and thresholds this score was computed with; recomputing uses them again.",
    )
    period_type = fields.Selection(PERIOD_TYPES, required=True, readonly=True)
    date_from = fields.Date(required=True, readonly=True, index=True)
    date_to = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    actual_amount = fields.Monetary(string="Sales", currency_field="currency_id", readonly=True)
    previous_amount = fields.Monetary(string="Sales Last Year", currency_field="currency_id", readonly=True)
    target_amount = fields.Monetary(string="Target", currency_field="currency_id", readonly=True)
    target_actual_amount = fields.Monetary(string="Sales on Target Basis", currency_field="currency_id", readonly=True)
    invoiced_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    refunded_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    due_count = fields.Integer(string="Invoices Due", readonly=True)
    on_time_count = fields.Integer(string="Paid on Time", readonly=True)
    attainment_pct = fields.Float(string="Target Attainment (%)", digits=(16, 1), readonly=True)
    growth_pct = fields.Float(string="Growth (%)", digits=(16, 1), readonly=True)
    punctuality_pct = fields.Float(string="Payment Punctuality (%)", digits=(16, 1), readonly=True)
    return_rate_pct = fields.Float(string="Return Rate (%)", digits=(16, 1), readonly=True)
    attainment_score = fields.Float(digits=(16, 1), readonly=True)
    growth_score = fields.Float(digits=(16, 1), readonly=True)
    punctuality_score = fields.Float(digits=(16, 1), readonly=True)
    return_score = fields.Float(digits=(16, 1), readonly=True)
    attainment_measured = fields.Boolean(readonly=True)
    growth_measured = fields.Boolean(readonly=True)
    punctuality_measured = fields.Boolean(readonly=True)
    return_measured = fields.Boolean(readonly=True)
    total_score = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    current_level_id = fields.Many2one("dms.dealer.level", string="Level at Scoring", readonly=True)
    proposed_level_id = fields.Many2one("dms.dealer.level", readonly=True)
    requires_hq = fields.Boolean(
        string="HQ Approval", compute="_compute_requires_hq", help="The change touches a level reserved to HQ approval."
    )
    state = fields.Selection(SCORE_STATES, default="no_change", required=True, readonly=True, tracking=True, index=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    decision_note = fields.Char(tracking=True)

    _sql_constraints = [
        (
            "score_unique",
            "unique(partner_id, template_id, date_from)",
            "A dealer has one score per scorecard and period.",
        ),
    ]

    @api.depends("partner_id.name", "period_type", "date_from")
    def _compute_name(self):
        for score in self:
            label = period_label(score.period_type, score.date_from) if score.date_from else ""
            score.name = f"{score.partner_id.name or ''} {label}".strip()

    @api.depends("current_level_id", "proposed_level_id", "template_id.hq_level_ids")
    def _compute_requires_hq(self):
        for score in self:
            hq_levels = score.template_id.hq_level_ids
            score.requires_hq = bool((score.current_level_id | score.proposed_level_id) & hq_levels)

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------
    @api.model
    def _dms_get_payment_stats(self, partners, date_from, date_to, company):
        """``{dealer: (invoices due, paid on time)}`` in three queries.

        Invoices due between ``date_from`` and ``min(date_to, today)``; one is on
        time when nothing remains to pay and every partial reconciliation of its
        receivable lines has a counterpart dated on or before its due date.
        """
        last_day = min(date_to, fields.Date.context_today(self))
        if last_day < date_from or not partners:
            return {}
        invoices = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", partners.ids),
                    ("invoice_date_due", ">=", date_from),
                    ("invoice_date_due", "<=", last_day),
                ],
                ["commercial_partner_id", "invoice_date_due", "amount_residual", "currency_id"],
            )
        )
        if not invoices:
            return {}
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                [("move_id", "in", invoices.ids), ("account_id.account_type", "=", "asset_receivable")], ["move_id"]
            )
        )
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search_fetch([("debit_move_id", "in", lines.ids)], ["debit_move_id", "credit_move_id"])
        )
        last_payment = {}
        for partial in partials:
            move = partial.debit_move_id.move_id
            pay_date = partial.credit_move_id.date
            if pay_date and (move not in last_payment or pay_date > last_payment[move]):
                last_payment[move] = pay_date
        stats = defaultdict(lambda: [0, 0])
        for invoice in invoices:
            entry = stats[invoice.commercial_partner_id]
            entry[0] += 1
            paid_date = last_payment.get(invoice)
            if (
                invoice.currency_id.is_zero(invoice.amount_residual)
                and paid_date
                and paid_date <= invoice.invoice_date_due
            ):
                entry[1] += 1
        return {partner: tuple(values) for partner, values in stats.items()}

    @api.model
    def _dms_get_return_stats(self, partners, date_from, date_to, company):
        """``{dealer: (invoiced, refunded)}`` untaxed in company currency, one ``_read_group``."""
        rows = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", partners.ids),
                    ("invoice_date", ">=", date_from),
                    ("invoice_date", "<=", date_to),
                ],
                ["commercial_partner_id", "move_type"],
                ["amount_untaxed_signed:sum"],
            )
        )
        stats = defaultdict(lambda: [0.0, 0.0])
        for partner, move_type, amount in rows:
            stats[partner][0 if move_type == "out_invoice" else 1] += abs(amount)
        return stats

    def _dms_collect_measures(self):
        """``{score: measures dict for tools.scoring}``, batched per period and basis."""
        Target = self.env["dms.dealer.target"].sudo()
        result = {}
        groups = self.grouped(lambda s: (s.date_from, s.date_to, s.period_type, s.company_id, s.version_id.basis))
        for (date_from, date_to, period_type, company, basis), scores in groups.items():
            partners = scores.partner_id
            current = Target._dms_get_actuals(partners, date_from, date_to, company, basis)
            previous = Target._dms_get_actuals(
                partners, date_from - relativedelta(years=1), date_to - relativedelta(years=1), company, basis
            )
            targets = Target.search_fetch(
                [
                    ("partner_id", "in", partners.ids),
                    ("period_type", "=", period_type),
                    ("date_from", "=", date_from),
                    ("company_id", "=", company.id),
                ],
                ["partner_id", "amount", "date_from", "date_to", "basis", "company_id"],
            )
            target_actuals = targets._dms_actuals_by_target()
            target_by_partner = {t.partner_id: t for t in targets}
            payments = self._dms_get_payment_stats(partners, date_from, date_to, company)
            returns = self._dms_get_return_stats(partners, date_from, date_to, company)
            for score in scores:
                partner = score.partner_id
                target = target_by_partner.get(partner)
                due, on_time = payments.get(partner, (0, 0))
                invoiced, refunded = returns.get(partner, (0.0, 0.0))
                result[score] = {
                    "actual": current.get(partner, {}).get("amount", 0.0),
                    "previous": previous.get(partner, {}).get("amount", 0.0),
                    "target": target.amount if target else 0.0,
                    "target_actual": target_actuals[target]["amount"] if target else 0.0,
                    "due": due,
                    "on_time": on_time,
                    "invoiced": invoiced,
                    "refunded": refunded,
                }
        return result

    def _prepare_score_vals(self, measures, result):
        self.ensure_one()
        vals = {
            "actual_amount": measures["actual"],
            "previous_amount": measures["previous"],
            "target_amount": measures["target"],
            "target_actual_amount": measures["target_actual"],
            "due_count": measures["due"],
            "on_time_count": measures["on_time"],
            "invoiced_amount": measures["invoiced"],
            "refunded_amount": measures["refunded"],
            "total_score": result["total"] or 0.0,
            "proposed_level_id": result["level"].id if result["level"] else False,
        }
        for kpi, (pct_field, score_field, flag_field) in KPI_FIELDS.items():
            pct, kpi_score = result["pcts"][kpi], result["scores"][kpi]
            vals[pct_field] = pct or 0.0
            vals[score_field] = kpi_score or 0.0
            vals[flag_field] = kpi_score is not None
        if self.state not in ("approved", "rejected"):
            vals["current_level_id"] = self.partner_id.dealer_level_id.id
            changed = result["level"] and result["level"] != self.partner_id.dealer_level_id
            vals["state"] = "proposed" if changed else "no_change"
        return vals

    def _dms_extra_kpis(self, measures):
        """KPIs other addons add to the weighted total: ``{kpi: (pct or None, score or None)}``.

        Their weights come from the version's ``_get_weights``; their measures from
        ``_dms_collect_measures``.
        """
        return {}

    def _dms_recompute(self):
        """Recompute with each score's own version (a past score comes out as it was).

        Decided scores (approved/rejected) keep their decision and level fields.
        """
        all_measures = self._dms_collect_measures()
        for score in self:
            version = score.version_id
            measures = all_measures[score]
            result = scoring.compute_scorecard(
                measures,
                version._get_weights(),
                version._get_thresholds(),
                version.return_tolerance,
                extra=score._dms_extra_kpis(measures),
            )
            vals = score._prepare_score_vals(measures, result)
            new_state = vals.pop("state", score.state)
            score._workflow_write(vals)
            if new_state != score.state:
                # a proposal is opened (or withdrawn) through the engine: its author never decides it
                score._workflow_apply("propose" if new_state == "proposed" else "withdraw")
        return True

    def action_recompute(self):
        self.check_access("write")
        self.sudo()._dms_recompute()
        return True

    @api.model
    def _dms_last_closed_period(self, period_type, today=None):
        today = today or fields.Date.context_today(self)
        start, _end = period_bounds(period_type, today)
        return period_bounds(period_type, start - timedelta(days=1))

    @api.model
    def _get_dealers_to_score_domain(self, template):
        return [
            ("is_dealer", "=", True),
            ("dealer_state", "=", "active"),
            ("company_id", "in", [template.company_id.id, False]),
        ]

    @api.model
    def _dms_compute_for_template(self, template, date_from=None, date_to=None):
        """Create and compute the missing scores of a period (the last closed one by default).

        Idempotent: dealers already scored for the template and period are skipped.
        """
        if date_from is None:
            date_from, date_to = self._dms_last_closed_period(template.period_type)
        Score = self.sudo()
        dealers = self.env["res.partner"].sudo().search(self._get_dealers_to_score_domain(template))
        done = Score.search_fetch(
            [("template_id", "=", template.id), ("date_from", "=", date_from), ("partner_id", "in", dealers.ids)],
            ["partner_id"],
        ).partner_id
        todo = dealers - done
        if not todo:
            return self.browse()
        version = template.version_id or template._create_version()
        scores = Score.create(
            [
                {
                    "partner_id": dealer.id,
                    "template_id": template.id,
                    "version_id": version.id,
                    "period_type": template.period_type,
                    "date_from": date_from,
                    "date_to": date_to,
                    "company_id": template.company_id.id,
                }
                for dealer in todo
            ]
        )
        scores._dms_recompute()
        return self.browse(scores.ids)

    # ------------------------------------------------------------------
    # Approval (workflow engine)
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            # made by the scoring itself (the daily job, or whoever asked for a recomputation)
            workflow.Transition("propose", ("no_change",), "proposed", kind=workflow.SUBMIT, label=_lt("Propose")),
            workflow.Transition("withdraw", ("proposed",), "no_change", kind=workflow.RESET, label=_lt("Withdraw")),
            workflow.Transition(
                "approve", ("proposed",), "approved", REGION_GROUPS, workflow.APPROVE, label=_lt("Approve")
            ),
            workflow.Transition(
                "reject", ("proposed",), "rejected", REGION_GROUPS, workflow.REJECT, label=_lt("Reject")
            ),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name in ("approve", "reject") and self.env.uid != SUPERUSER_ID:
            # HQ decides changes touching an HQ level; the regional manager the others,
            # and only for dealers they can see.
            if self.requires_hq and not self.env.user.has_group("dms_dealer.group_dms_hq_manager"):
                raise AccessError(
                    self.env._(
                        "Only an HQ manager can decide the level change of %(dealer)s.",
                        dealer=self.partner_id.sudo().display_name,
                    )
                )
            if not self.env.su:
                self.partner_id.check_access("read")
        if transition.name == "approve" and not self.proposed_level_id:
            raise UserError(self.env._("%(score)s proposes no level.", score=self.display_name))
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "approve":
            # the dealer's level is not the decider's to write: applied as superuser, tracked on the dealer
            dealer = self.partner_id.sudo()
            dealer.write({"dealer_level_id": self.proposed_level_id.id})
            dealer.message_post(
                body=self.env._(
                    "Level changed from %(old)s to %(new)s after scorecard %(score)s (score %(total)s).",
                    old=self.current_level_id.display_name or "-",
                    new=self.proposed_level_id.display_name,
                    score=self.name,
                    total=self.total_score,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return super()._workflow_after(transition, old_state, reason)

    def _prepare_decision_vals(self, note=None):
        vals = {"decided_by_id": self.env.user.id, "decided_on": fields.Datetime.now()}
        if note is not None:  # from the form, the note was typed in the field before clicking
            vals["decision_note"] = note
        return vals

    def action_approve(self, note=None):
        """Put each dealer at its proposed level (tracked on the dealer)."""
        for score in self:
            score._workflow_apply("approve", reason=note, vals=self._prepare_decision_vals(note))
        return True

    def action_reject(self, note=None):
        """Keep the dealer's level; the score stays as history."""
        for score in self:
            score._workflow_apply("reject", reason=note, vals=self._prepare_decision_vals(note))
        return True
