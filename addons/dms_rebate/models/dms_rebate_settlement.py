# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

_logger = logging.getLogger(__name__)


class DmsRebateSettlement(models.Model):
    _name = "dms.rebate.settlement"
    _description = "Rebate Settlement"
    _inherit = ["mail.thread"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    policy_id = fields.Many2one("dms.rebate.policy", string="Policy", required=True, index=True, ondelete="restrict")
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
            "policy_partner_period_uniq",
            "UNIQUE(policy_id, partner_id, period_start)",
            "This policy version already has a settlement for this dealer and period.",
        ),
    ]

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

    @api.depends("state", "amount", "method", "move_id.amount_residual", "move_id.state")
    def _compute_amount_paid(self):
        for settlement in self:
            if settlement.state != "done":
                settlement.amount_paid = 0.0
            elif settlement.method == "wallet":
                settlement.amount_paid = settlement.amount
            else:
                settlement.amount_paid = settlement.amount - settlement.move_id.amount_residual

    @api.model
    def _create_unique(self, vals):
        """Create a settlement unless a concurrent run already did (unique key)."""
        try:
            with self.env.cr.savepoint():
                settlement = self.create(vals)
                settlement.flush_recordset()
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
            _logger.info("Rebate settlement %s already created by another run", vals)
            return self.browse()
        return settlement

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(s.state == "done" for s in self):
            raise UserError(self.env._("Settled rebates cannot be deleted."))

    def _check_finance(self):
        if not self.env.su and not self.env.user.has_group("dms_dealer.group_dms_finance"):
            raise AccessError(self.env._("Only Finance can approve or cancel rebate settlements."))

    def action_cancel(self):
        self._check_finance()
        if any(s.state != "draft" for s in self):
            raise UserError(self.env._("Only settlements to approve can be cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_approve(self):
        """Finance approval: book the credit note or the wallet credit and release the accrual."""
        self._check_finance()
        for settlement in self:
            if settlement.state != "draft":
                raise UserError(self.env._("Settlement %(name)s is not waiting for approval.", name=settlement.name))
        for settlement in self:
            settlement._lock_and_settle()
        return True

    def _lock_and_settle(self):
        self.ensure_one()
        # row lock + write: a concurrent approval of the same settlement fails instead of paying twice
        self.env.cr.execute("UPDATE dms_rebate_settlement SET write_date = write_date WHERE id = %s", [self.id])
        self.invalidate_recordset(["state"])
        if self.state != "draft":
            raise UserError(self.env._("Settlement %(name)s is already settled.", name=self.name))
        config = self.company_id._dms_rebate_get_config()
        if self.method == "credit_note":
            move = self.env["account.move"].sudo().create(self._prepare_credit_note_vals(config))
        else:
            move = self.env["account.move"].sudo().create(self._prepare_wallet_move_vals(config))
        move.action_post()
        vals = {
            "state": "done",
            "move_id": move.id,
            "approved_by_id": self.env.user.id,
            "date_approved": fields.Date.context_today(self),
        }
        self.sudo().write(vals)
        if self.method == "wallet":
            wallet = self.env["dms.rebate.wallet"].sudo()._get_or_create(self.partner_id, self.company_id)
            wallet._add_credit(self)
        self._reconcile_accrual(config)

    def _get_label(self):
        return self.env._(
            "Rebate %(policy)s %(start)s - %(end)s",
            policy=self.policy_id.display_name,
            start=self.period_start,
            end=self.period_end,
        )

    def _prepare_credit_note_vals(self, config):
        """Customer credit note debiting the accrued rebate liability."""
        self.ensure_one()
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self._get_label(),
            "dms_rebate_settlement_id": self.id,
            "invoice_line_ids": [
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
            ],
        }

    def _prepare_wallet_move_vals(self, config):
        """Accrued rebate liability Dr / rebate wallet liability Cr."""
        self.ensure_one()
        common = {"partner_id": self.partner_id.id, "name": self._get_label()}
        return {
            "move_type": "entry",
            "journal_id": config["journal"].id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "ref": self._get_label(),
            "dms_rebate_settlement_id": self.id,
            "line_ids": [
                Command.create(
                    dict(
                        common,
                        account_id=config["liability"].id,
                        debit=self.amount,
                        credit=0.0,
                        dms_rebate_accrual_id=self.accrual_id.id,
                    )
                ),
                Command.create(dict(common, account_id=config["wallet"].id, debit=0.0, credit=self.amount)),
            ],
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
