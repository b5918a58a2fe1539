# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)
FINANCE = ("dms_dealer.group_dms_finance",)


class DmsRebateSettlement(models.Model):
    _name = "dms.rebate.settlement"
    _description = "Rebate Settlement"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "period_start desc, id desc"
    _check_company_auto = True
    #: written by the period close and the approval only; frozen once done
    _workflow_protected_fields = (
        "policy_id",
        "partner_id",
        "company_id",
        "period_start",
        "period_end",
        "settlement_type",
        "basis",
        "tier_rate",
        "amount_earned",
        "amount_prior",
        "amount",
        "amount_deducted",
        "amount_recovered",
        "method",
        "move_id",
        "approved_by_id",
        "date_approved",
    )

    name = fields.Char(compute="_compute_name", store=True)
    policy_id = fields.Many2one("dms.rebate.policy", required=True, index=True, ondelete="restrict")
    policy_root_id = fields.Many2one(related="policy_id.root_id", store=True, index=True, string="Policy Family")
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_start = fields.Date(required=True, index=True)
    period_end = fields.Date(required=True)
    accrual_id = fields.Many2one("dms.rebate.accrual", compute="_compute_accrual_id", store=True, index=True)
    basis = fields.Float(digits="Product Price", readonly=True)
    tier_rate = fields.Float(string="Tier Rate (%)", digits=(16, 4), readonly=True)
    amount_earned = fields.Monetary(string="Earned", currency_field="currency_id", readonly=True)
    amount_prior = fields.Monetary(
        string="Settled Before",
        currency_field="currency_id",
        readonly=True,
        help="Already settled for this period by earlier runs or versions of the policy.",
    )
    amount = fields.Monetary(string="Amount Due", currency_field="currency_id", readonly=True, tracking=True)
    settlement_type = fields.Selection(
        [("settlement", "Settlement"), ("topup", "Top-up"), ("clawback", "Clawback")],
        string="Type",
        required=True,
        default="settlement",
        readonly=True,
        help="Top-up: the period was settled before and more is due (late invoices). "
        "Clawback: less is due than was settled (late refunds); the difference is recovered.",
    )
    amount_deducted = fields.Monetary(
        string="Clawbacks Deducted",
        currency_field="currency_id",
        readonly=True,
        help="Clawbacks of earlier periods recovered from this settlement.",
    )
    amount_net = fields.Monetary(
        string="Net Paid",
        currency_field="currency_id",
        compute="_compute_amount_net",
        store=True,
        help="Amount due less the clawbacks deducted: what the credit note or the wallet receives.",
    )
    amount_recovered = fields.Monetary(
        string="Recovered",
        currency_field="currency_id",
        readonly=True,
        help="Part of this clawback already recovered (from the wallet or from later settlements).",
    )
    method = fields.Selection(
        [("credit_note", "Credit Note"), ("wallet", "Rebate Wallet")], required=True, readonly=True
    )
    state = fields.Selection(
        [("draft", "To Approve"), ("done", "Settled"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    move_id = fields.Many2one("account.move", string="Credit Note / Entry", readonly=True, copy=False)
    wallet_line_ids = fields.One2many("dms.rebate.wallet.line", "settlement_id", string="Wallet Movements")
    amount_paid = fields.Monetary(
        string="Paid",
        currency_field="currency_id",
        compute="_compute_amount_paid",
        store=True,
        help="Credit note amount already reconciled, or amount credited to the wallet.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Date(readonly=True, copy=False)

    _sql_constraints = [
        (
            "clawback_sign",
            "CHECK((settlement_type = 'clawback' AND amount < 0) OR (settlement_type != 'clawback' AND amount > 0))",
            "A clawback is negative, a settlement or a top-up positive.",
        ),
    ]

    def init(self):
        res = super().init()
        # one settlement waiting for approval per policy family, dealer and period: two runs
        # closing the same period at once create it once
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS dms_rebate_settlement_open_uniq
                   ON dms_rebate_settlement (policy_root_id, partner_id, period_start) WHERE state = 'draft'"""
            )
        )
        return res

    @api.depends("amount", "amount_deducted")
    def _compute_amount_net(self):
        for settlement in self:
            settlement.amount_net = settlement.amount - settlement.amount_deducted

    @api.depends("policy_id", "partner_id", "period_start", "period_end")
    def _compute_name(self):
        for settlement in self:
            settlement.name = (
                f"{settlement.policy_id.display_name} - {settlement.partner_id.display_name} "
                f"({settlement.period_start} - {settlement.period_end})"
            )

    @api.depends("policy_root_id", "partner_id", "period_start")
    def _compute_accrual_id(self):
        Accrual = self.env["dms.rebate.accrual"].sudo()
        accruals = Accrual.search(
            [
                ("policy_root_id", "in", self.policy_root_id.ids),
                ("partner_id", "in", self.partner_id.ids),
                ("period_start", "in", list(set(self.mapped("period_start")))),
            ]
        )
        by_key = {(a.policy_root_id, a.partner_id, a.period_start): a for a in accruals}
        for settlement in self:
            settlement.accrual_id = by_key.get(
                (settlement.policy_root_id, settlement.partner_id, settlement.period_start), Accrual
            )

    @api.depends(
        "state",
        "amount",
        "amount_deducted",
        "amount_recovered",
        "settlement_type",
        "method",
        "move_id.amount_residual",
        "move_id.state",
    )
    def _compute_amount_paid(self):
        for settlement in self:
            if settlement.state != "done":
                settlement.amount_paid = 0.0
            elif settlement.settlement_type == "clawback":
                settlement.amount_paid = -settlement.amount_recovered
            elif settlement.method == "wallet" or not settlement.move_id.is_invoice():
                settlement.amount_paid = settlement.amount
            else:
                settlement.amount_paid = settlement.amount - settlement.move_id.amount_residual

    @api.model
    def _create_unique(self, vals):
        """Create a settlement unless a concurrent run already did (unique key)."""
        try:
            with self.env.cr.savepoint():
                settlement = self._workflow_create([vals])
                settlement.flush_recordset()
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
            _logger.info("Rebate settlement %s already created by another run", vals)
            return self.browse()
        if settlement:
            # whoever closed the period submitted the settlement: someone else approves it
            settlement._workflow_log(settlement._workflow_submit_transition(), "draft", False)
        return settlement

    def copy(self, default=None):  # pylint: disable=method-required-super  # never duplicated
        raise UserError(self.env._("Rebate settlements come from closing a period: they cannot be duplicated."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(s.state == "done" for s in self):
            raise UserError(self.env._("Settled rebates cannot be deleted."))

    # ---------------------------------------------------------------- workflow
    def _workflow_submit_transition(self):
        return workflow.Transition("submit", ("draft",), None, FINANCE, workflow.SUBMIT, label=_lt("Period closed"))

    def _workflow_transitions(self):
        # no move out of "done": a settled rebate is corrected by a top-up or a clawback settlement
        return [
            self._workflow_submit_transition(),
            workflow.Transition("recompute", ("draft",), None, FINANCE, workflow.SUBMIT, label=_lt("Recompute")),
            workflow.Transition(
                "approve", ("draft",), "done", FINANCE, workflow.APPROVE, label=_lt("Approve and Settle")
            ),
            workflow.Transition("cancel", ("draft",), "cancel", FINANCE, workflow.REJECT, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name == "approve":
            self._check_amount_current()
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "approve":
            self._settle()
        return super()._workflow_after(transition, old_state, reason)

    # ----------------------------------------------------------------- actions
    def action_cancel(self):
        return self._workflow_apply("cancel")

    def action_recompute(self):
        """Bring a settlement waiting for approval to the current amount due (late invoices, refunds)."""
        for settlement in self:
            settlement._workflow_apply("recompute", vals=settlement._prepare_recompute_vals())
        return True

    def action_approve(self):
        """Finance approval: check the amount is still due, then book the credit note, the wallet
        credit or the clawback recovery, once."""
        self._lock()
        return self._workflow_apply(
            "approve",
            vals={"approved_by_id": self.env.uid, "date_approved": fields.Date.context_today(self)},
        )

    def _lock(self):
        """Row lock with a write: a concurrent approval fails instead of booking twice."""
        if self.ids:
            self.env.cr.execute(
                SQL("UPDATE dms_rebate_settlement SET workflow_seq = workflow_seq WHERE id = ANY(%s)", self.ids)
            )
        self.invalidate_recordset(["state", "workflow_seq"])

    # ------------------------------------------------------------------- maths
    def _compute_due(self):
        """(rebate result, settled before, amount due) of this settlement's key, from the books now."""
        self.ensure_one()
        policy = self.policy_id.sudo()
        results = policy._compute_rebates(self.period_start, self.period_end, self.partner_id)
        result = results.get(self.partner_id) or {"basis": 0.0, "tier_rate": 0.0, "earned": 0.0}
        others = self.sudo().search(
            [
                ("policy_root_id", "=", self.policy_root_id.id),
                ("partner_id", "=", self.partner_id.id),
                ("period_start", "=", self.period_start),
                ("state", "!=", "cancel"),
                ("id", "!=", self.id),
            ]
        )
        prior = self.currency_id.round(sum(others.mapped("amount")))
        return result, prior, self.currency_id.round(result["earned"] - prior)

    def _prepare_recompute_vals(self):
        self.ensure_one()
        result, prior, due = self._compute_due()
        if self.currency_id.is_zero(due):
            raise UserError(
                self.env._(
                    "Nothing is due any more on %(name)s (earned %(earned)s, settled before %(prior)s): cancel it.",
                    name=self.name,
                    earned=result["earned"],
                    prior=prior,
                )
            )
        if due < 0:
            settlement_type = "clawback"
        else:
            settlement_type = "topup" if prior else "settlement"
        return {
            "basis": result["basis"],
            "tier_rate": result["tier_rate"],
            "amount_earned": result["earned"],
            "amount_prior": prior,
            "amount": due,
            "settlement_type": settlement_type,
        }

    def _check_amount_current(self):
        """Refuse to approve an amount computed before later invoices, refunds or settlements."""
        self.ensure_one()
        result, prior, due = self._compute_due()
        currency = self.currency_id
        if currency.compare_amounts(due, self.amount) or currency.compare_amounts(prior, self.amount_prior):
            raise UserError(
                self.env._(
                    "%(name)s was computed for %(amount)s but %(due)s is due now (earned %(earned)s, "
                    "settled before %(prior)s): invoices or refunds were posted since. "
                    "Recompute it, then have it approved.",
                    name=self.name,
                    amount=self.amount,
                    due=due,
                    earned=result["earned"],
                    prior=prior,
                )
            )

    # -------------------------------------------------------------- accounting
    def _settle(self):
        """Book the approved settlement (called by the engine right after the state is done)."""
        self.ensure_one()
        config = self.company_id._dms_rebate_get_config()
        if self.settlement_type == "clawback":
            self._recover_clawback(config)
        else:
            self._pay(config)
        self._reconcile_accrual(config)

    def _pay(self, config):
        """Credit note or wallet credit of the amount, less the open clawbacks of the dealer."""
        deductions = self._get_clawback_deductions()
        deducted = self.currency_id.round(sum(amount for _claw, amount in deductions))
        net = self.currency_id.round(self.amount - deducted)
        if self.method == "credit_note" and not self.currency_id.is_zero(net):
            vals = self._prepare_credit_note_vals(config, deductions)
        else:
            vals = self._prepare_wallet_move_vals(config, deductions)
        move = self.env["account.move"].sudo().create(vals)
        move.action_post()
        self._workflow_write({"move_id": move.id, "amount_deducted": deducted})
        for clawback, amount in deductions:
            clawback._workflow_write(
                {"amount_recovered": clawback.currency_id.round(clawback.amount_recovered + amount)}
            )
            clawback._reconcile_accrual(config)
        if self.method == "wallet" and not self.currency_id.is_zero(net):
            wallet = self.env["dms.rebate.wallet"].sudo()._get_or_create(self.partner_id, self.company_id)
            wallet._add_credit(self, net)

    def _get_open_clawbacks(self):
        """Approved clawbacks of the dealer in the company not recovered yet, oldest first (locked)."""
        self.ensure_one()
        clawbacks = (
            self.sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("settlement_type", "=", "clawback"),
                    ("state", "=", "done"),
                ],
                order="period_start, id",
            )
            .filtered(lambda c: c._get_open_clawback_amount() > 0)
        )
        clawbacks._lock()
        return clawbacks.filtered(lambda c: c._get_open_clawback_amount() > 0)

    def _get_open_clawback_amount(self):
        self.ensure_one()
        return self.currency_id.round(-self.amount - self.amount_recovered)

    def _get_clawback_deductions(self):
        """[(clawback, amount)] this settlement recovers: at most its own amount."""
        self.ensure_one()
        remaining = self.amount
        deductions = []
        for clawback in self._get_open_clawbacks():
            if self.currency_id.compare_amounts(remaining, 0.0) <= 0:
                break
            take = min(remaining, clawback._get_open_clawback_amount())
            deductions.append((clawback, take))
            remaining = self.currency_id.round(remaining - take)
        return deductions

    def _recover_clawback(self, config):
        """A clawback approved: recovered from the wallet if the company says so (up to its
        balance), the rest from the dealer's next settlements."""
        if self.company_id.dms_rebate_clawback_recovery != "wallet":
            return
        wallet = self.env["dms.rebate.wallet"].sudo()._get_or_create(self.partner_id, self.company_id)
        wallet._lock()
        available = wallet._get_balance()
        take = self.currency_id.round(min(available, -self.amount))
        if self.currency_id.compare_amounts(take, 0.0) <= 0:
            return
        move = self.env["account.move"].sudo().create(self._prepare_wallet_recovery_vals(config, take))
        move.action_post()
        wallet._claw_back(take, self, move)
        self._workflow_write({"move_id": move.id, "amount_recovered": take})

    def _prepare_wallet_recovery_vals(self, config, amount):
        """Rebate wallet liability Dr / accrued rebate liability Cr: the wallet pays the clawback back."""
        self.ensure_one()
        label = self.env._("Clawback %(label)s", label=self._get_label())
        common = {"partner_id": self.partner_id.id, "name": label}
        return {
            "move_type": "entry",
            "journal_id": config["journal"].id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "ref": label,
            "dms_rebate_settlement_id": self.id,
            "line_ids": [
                Command.create(dict(common, account_id=config["wallet"].id, debit=amount, credit=0.0)),
                Command.create(
                    dict(
                        common,
                        account_id=config["liability"].id,
                        debit=0.0,
                        credit=amount,
                        dms_rebate_accrual_id=self.accrual_id.id,
                    )
                ),
            ],
        }

    def _get_label(self):
        return self.env._(
            "Rebate %(policy)s %(start)s - %(end)s",
            policy=self.policy_id.display_name,
            start=self.period_start,
            end=self.period_end,
        )

    def _get_deduction_label(self, clawback):
        return self.env._("Clawback deducted: %(label)s", label=clawback._get_label())

    def _prepare_credit_note_vals(self, config, deductions=()):
        """Customer credit note debiting the accrued rebate liability, less the clawbacks recovered
        (credited back to the liability of their own periods)."""
        self.ensure_one()
        lines = [
            Command.create(
                {
                    "name": self._get_label(),
                    "account_id": config["liability"].id,
                    "quantity": 1.0,
                    "price_unit": self.amount,
                    "tax_ids": [Command.clear()],
                    "dms_rebate_accrual_id": self.accrual_id.id,
                }
            )
        ]
        for clawback, amount in deductions:
            lines.append(
                Command.create(
                    {
                        "name": self._get_deduction_label(clawback),
                        "account_id": config["liability"].id,
                        "quantity": 1.0,
                        "price_unit": -amount,
                        "tax_ids": [Command.clear()],
                        "dms_rebate_accrual_id": clawback.accrual_id.id,
                    }
                )
            )
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self._get_label(),
            "dms_rebate_settlement_id": self.id,
            "invoice_line_ids": lines,
        }

    def _prepare_wallet_move_vals(self, config, deductions=()):
        """Accrued rebate liability Dr / rebate wallet liability Cr (less the clawbacks recovered,
        credited back to the liability of their own periods)."""
        self.ensure_one()
        common = {"partner_id": self.partner_id.id, "name": self._get_label()}
        lines = [
            Command.create(
                dict(
                    common,
                    account_id=config["liability"].id,
                    debit=self.amount,
                    credit=0.0,
                    dms_rebate_accrual_id=self.accrual_id.id,
                )
            )
        ]
        net = self.amount
        for clawback, amount in deductions:
            net -= amount
            lines.append(
                Command.create(
                    dict(
                        common,
                        name=self._get_deduction_label(clawback),
                        account_id=config["liability"].id,
                        debit=0.0,
                        credit=amount,
                        dms_rebate_accrual_id=clawback.accrual_id.id,
                    )
                )
            )
        net = self.currency_id.round(net)
        if not self.currency_id.is_zero(net):
            lines.append(Command.create(dict(common, account_id=config["wallet"].id, debit=0.0, credit=net)))
        return {
            "move_type": "entry",
            "journal_id": config["journal"].id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "ref": self._get_label(),
            "dms_rebate_settlement_id": self.id,
            "line_ids": lines,
        }

    def _reconcile_accrual(self, config):
        """Match the accrual's liability items with the settlement so the period nets to zero."""
        self.ensure_one()
        if not config["liability"].reconcile or not self.accrual_id:
            return
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("dms_rebate_accrual_id", "=", self.accrual_id.id),
                    ("account_id", "=", config["liability"].id),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ]
            )
        )
        if lines.filtered(lambda line: line.debit) and lines.filtered(lambda line: line.credit):
            lines.reconcile()
