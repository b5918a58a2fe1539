# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tools import workflow

from ..tools import periods as period_tools
from ..tools import tiers as tier_tools

_lt = LazyTranslate(__name__)
HQ = ("dms_dealer.group_dms_hq_manager",)

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class DmsRebatePolicy(models.Model):
    _name = "dms.rebate.policy"
    _description = "Rebate Policy"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin", "dms.targeting.mixin"]
    _order = "date_start desc, name, version desc, id desc"
    _check_company_auto = True
    _workflow_protected_fields = ("version", "previous_version_id")
    #: the terms that make the money: fixed once the policy leaves draft (revise it instead)
    _workflow_frozen_fields = (
        "company_id",
        "date_start",
        "date_end",
        "level_ids",
        "territory_ids",
        "partner_ids",
        "product_ids",
        "categ_ids",
        "basis",
        "tier_mode",
        "tier_ids",
        "cap_amount",
        "period_type",
        "settlement_method",
        "wallet_validity_days",
    )
    _workflow_editable_states = ("draft",)

    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(copy=False, tracking=True, help="Reference shared by all versions of the policy.")
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_version_id = fields.Many2one("dms.rebate.policy", readonly=True, copy=False, index=True)
    root_id = fields.Many2one(
        "dms.rebate.policy",
        string="First Version",
        compute="_compute_root_id",
        store=True,
        index=True,
        recursive=True,
        help="All versions of a policy share it; settlements are netted over it.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("active", "Active"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_start = fields.Date(string="Valid From", required=True, tracking=True)
    date_end = fields.Date(string="Valid To", tracking=True)
    level_ids = fields.Many2many(
        "dms.dealer.level", "dms_rebate_policy_level_rel", "policy_id", "level_id", string="Dealer Levels"
    )
    territory_ids = fields.Many2many(
        "dms.territory",
        "dms_rebate_policy_territory_rel",
        "policy_id",
        "territory_id",
        string="Territories",
        help="Dealers of these territories and of all their sub-territories are eligible.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "dms_rebate_policy_partner_rel",
        "policy_id",
        "partner_id",
        string="Dealers",
        domain=[("is_dealer", "=", True)],
    )
    product_ids = fields.Many2many(
        "product.product", "dms_rebate_policy_product_rel", "policy_id", "product_id", string="Products"
    )
    categ_ids = fields.Many2many(
        "product.category", "dms_rebate_policy_categ_rel", "policy_id", "categ_id", string="Product Categories"
    )
    basis = fields.Selection(
        [
            ("amount", "Invoiced Amount (net of refunds)"),
            ("quantity", "Invoiced Quantity"),
            ("growth", "Growth vs Same Period Last Year"),
        ],
        required=True,
        default="amount",
        tracking=True,
    )
    tier_mode = fields.Selection(
        [("retroactive", "Retroactive"), ("progressive", "Progressive")],
        required=True,
        default="retroactive",
        tracking=True,
        help="Retroactive: the rate of the tier reached applies to the whole basis. "
        "Progressive: each band is paid at its own rate.",
    )
    tier_ids = fields.One2many("dms.rebate.policy.tier", "policy_id", string="Tiers", copy=True)
    cap_amount = fields.Monetary(string="Cap per Dealer and Period", currency_field="currency_id", tracking=True)
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Settlement Period",
        required=True,
        default="quarter",
        tracking=True,
    )
    settlement_method = fields.Selection(
        [("credit_note", "Credit Note"), ("wallet", "Rebate Wallet")],
        required=True,
        default="credit_note",
        tracking=True,
    )
    wallet_validity_days = fields.Integer(
        string="Wallet Credit Validity (days)",
        help="Days a wallet credit can be used; empty uses the company setting.",
    )
    accrual_ids = fields.One2many("dms.rebate.accrual", "policy_id", string="Accruals")
    settlement_ids = fields.One2many("dms.rebate.settlement", "policy_id", string="Settlements")
    settlement_count = fields.Integer(compute="_compute_settlement_count")
    note = fields.Html()

    _sql_constraints = [
        ("version_positive", "CHECK(version > 0)", "The version must be positive."),
    ]

    @api.depends("previous_version_id.root_id")
    def _compute_root_id(self):
        for policy in self:
            policy.root_id = policy.previous_version_id.root_id or policy.previous_version_id or policy

    def _compute_settlement_count(self):
        counts = dict(
            self.env["dms.rebate.settlement"]._read_group([("policy_id", "in", self.ids)], ["policy_id"], ["__count"])
        )
        for policy in self:
            policy.settlement_count = counts.get(policy, 0)

    @api.depends("name", "version")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = (
                f"{policy.name} (v{policy.version})" if policy.version and policy.version > 1 else policy.name
            )

    # ------------------------------------------------------------------ checks
    @api.constrains("tier_ids")
    def _check_tiers(self):
        for policy in self:
            try:
                tier_tools.validate_tiers(policy._get_tier_table())
            except tier_tools.TierError as error:
                messages = {
                    "negative_threshold": self.env._("Tier thresholds cannot be negative."),
                    "negative_rate": self.env._("Tier rates cannot be negative."),
                    "overlapping": self.env._("Two tiers have the same threshold."),
                    "unordered": self.env._("Tiers must be ordered by increasing threshold."),
                }
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s, tier %(index)s: %(message)s",
                        policy=policy.display_name,
                        index=error.index + 1,
                        message=messages[error.code],
                    )
                ) from error

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for policy in self:
            if policy.date_end and policy.date_end < policy.date_start:
                raise ValidationError(self.env._("The end date of a rebate policy must follow its start date."))

    @api.constrains("cap_amount", "wallet_validity_days")
    def _check_amounts(self):
        for policy in self:
            if policy.cap_amount < 0 or policy.wallet_validity_days < 0:
                raise ValidationError(self.env._("Caps and validity days cannot be negative."))

    def _check_eligibility(self):
        for policy in self:
            if not (policy.level_ids or policy.territory_ids or policy.partner_ids):
                raise UserError(
                    self.env._(
                        "Policy %(policy)s has no eligible dealers: choose dealer levels, territories or dealers.",
                        policy=policy.display_name,
                    )
                )
            if not policy.tier_ids:
                raise UserError(self.env._("Policy %(policy)s has no tiers.", policy=policy.display_name))

    def _check_tiers_editable(self):
        """Tiers are money terms: they change with the policy's draft only (the engine may always)."""
        if self._workflow_is_engine():
            return
        locked = self.filtered(lambda p: p.state not in self._workflow_editable_states)
        if locked:
            raise UserError(
                self.env._(
                    "Policy %(policy)s is %(state)s: its tiers can no longer be changed; revise it.",
                    policy=locked[0].display_name,
                    state=locked[0]._workflow_state_label(locked[0].state),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(policy.state != "draft" for policy in self):
            raise UserError(self.env._("Only draft rebate policies can be deleted; close the others."))

    # ---------------------------------------------------------------- workflow
    def _workflow_transitions(self):
        return [
            workflow.Transition("submit", ("draft",), "to_approve", HQ, workflow.SUBMIT, label=_lt("Submit")),
            # from draft only for the system (module data, fixtures): users submit first
            workflow.Transition(
                "approve", ("draft", "to_approve"), "approved", HQ, workflow.APPROVE, label=_lt("Approve")
            ),
            workflow.Transition("activate", ("approved",), "active", HQ, label=_lt("Activate")),
            workflow.Transition(
                "reset", ("to_approve", "approved"), "draft", HQ, workflow.RESET, label=_lt("Back to Draft")
            ),
            workflow.Transition("close", ("approved", "active"), "closed", HQ, label=_lt("Close")),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name in ("submit", "approve"):
            self._check_eligibility()
        if transition.name == "approve" and self.state == "draft" and self.env.uid != SUPERUSER_ID:
            raise UserError(self.env._("Submit policy %(policy)s for approval first.", policy=self.display_name))
        if transition.name == "activate" and self.date_start > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "Policy %(policy)s starts on %(date)s: it cannot be active before.",
                    policy=self.display_name,
                    date=self.date_start,
                )
            )
        return super()._workflow_check(transition, reason)

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "approve":
            previous = self.previous_version_id
            if previous and previous.state in ("approved", "active"):
                previous._workflow_as_system()._workflow_apply(
                    "close",
                    reason=self.env._("Superseded by version %(version)s.", version=self.version),
                )
            if self.date_start <= fields.Date.context_today(self):
                self._workflow_as_system()._workflow_apply("activate")
        return super()._workflow_after(transition, old_state, reason)

    # ----------------------------------------------------------------- actions
    def action_submit(self):
        return self._workflow_apply("submit")

    def action_approve(self):
        return self._workflow_apply("approve")

    def action_activate(self):
        return self._workflow_apply("activate")

    def action_close(self):
        return self.filtered(lambda p: p.state in ("approved", "active"))._workflow_apply("close")

    def action_reset_to_draft(self):
        return self._workflow_apply("reset")

    def action_revise(self):
        """Create the next version as a draft copy; approving it supersedes this one."""
        self.ensure_one()
        if self.state in ("draft", "to_approve"):
            raise UserError(self.env._("Revise an approved policy; edit a draft directly."))
        self.check_access("write")
        last = self.search([("root_id", "=", self.root_id.id)], order="version desc", limit=1)
        # the engine writes the version link; the copy starts as a draft
        new_policy = (
            self.with_context(**{WORKFLOW_KEY: ENGINE})
            .copy(
                {
                    "version": last.version + 1,
                    "previous_version_id": last.id,
                    "code": self.code,
                    "name": self.name,
                    "state": "draft",
                    "workflow_seq": 0,
                }
            )
            .with_context(**{WORKFLOW_KEY: False})
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new_policy.id,
            "view_mode": "form",
        }

    def action_open_simulation(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        date_from, date_to = period_tools.period_bounds(today, self.period_type)
        last_start, last_end = period_tools.same_period_last_year(date_from, date_to)
        wizard = self.env["dms.rebate.simulation"].create(
            {"policy_id": self.id, "date_from": last_start, "date_to": last_end}
        )
        wizard.action_compute()
        return wizard._action_open()

    def action_view_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_rebate.action_dms_rebate_settlement")
        action["domain"] = [("policy_id", "=", self.id)]
        return action

    @api.model
    def _cron_activate(self):
        today = fields.Date.context_today(self)
        starting = self.search([("state", "=", "approved"), ("date_start", "<=", today)])
        starting._workflow_as_system()._workflow_apply("activate")
        ending = self.search([("state", "=", "active"), ("date_end", "<", today)])
        ending._workflow_as_system()._workflow_apply("close", reason=self.env._("Validity ended."))

    # ------------------------------------------------------------------- maths
    def _get_tier_table(self):
        self.ensure_one()
        return [(tier.threshold, tier.rate) for tier in self.tier_ids.sorted(lambda t: (t.sequence, t.id))]

    def _get_period(self, day):
        self.ensure_one()
        return period_tools.period_bounds(day, self.period_type)

    def _get_eligible_partner_domain(self):
        """Dealers the policy applies to (commercial entities): every criterion filled matches
        (``dms.targeting.mixin``); a policy without any criterion applies to nobody."""
        self.ensure_one()
        if not self._targeting_is_set():
            return expression.FALSE_DOMAIN
        return expression.AND([[("is_dealer", "=", True), ("parent_id", "=", False)], self._targeting_partner_domain()])

    def _get_eligible_partners(self, partners=None):
        self.ensure_one()
        domain = self._get_eligible_partner_domain()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        if partners is not None:
            return partners.sudo().filtered_domain(domain)
        return Partner.search(domain)

    def _get_invoice_line_domain(self, date_from, date_to, partners=None):
        """Invoice lines that count for the basis (company currency ``balance``)."""
        self.ensure_one()
        date_from = max(date_from, self.date_start)
        if self.date_end:
            date_to = min(date_to, self.date_end)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", CUSTOMER_MOVE_TYPES),
            ("move_id.dms_rebate_settlement_id", "=", False),
            ("display_type", "=", "product"),
            ("product_id", "!=", False),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        rebate_product = self.env.ref("dms_rebate.product_dms_rebate", raise_if_not_found=False)
        if rebate_product:
            domain.append(("product_id", "!=", rebate_product.id))
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        if self.product_ids or self.categ_ids:
            product_branches = []
            if self.product_ids:
                product_branches.append([("product_id", "in", self.product_ids.ids)])
            if self.categ_ids:
                product_branches.append([("product_id.categ_id", "child_of", self.categ_ids.ids)])
            domain = expression.AND([domain, expression.OR(product_branches)])
        return domain

    def _read_basis(self, date_from, date_to, partners=None):
        """{partner: basis} of invoiced amount or quantity between two dates."""
        self.ensure_one()
        if date_from > date_to:
            return {}
        Line = self.env["account.move.line"].sudo()
        domain = self._get_invoice_line_domain(date_from, date_to, partners)
        result = defaultdict(float)
        if self.basis == "quantity":
            for move_type, sign in (("out_invoice", 1), ("out_refund", -1)):
                move_domain = expression.AND([domain, [("move_id.move_type", "=", move_type)]])
                for partner, quantity in Line._read_group(move_domain, ["partner_id"], ["quantity:sum"]):
                    result[partner] += sign * quantity
        else:
            for partner, balance in Line._read_group(domain, ["partner_id"], ["balance:sum"]):
                result[partner] -= balance
        return result

    def _compute_basis(self, date_from, date_to, partners=None):
        """{partner: basis} for the policy between two dates, restricted to eligible dealers."""
        self.ensure_one()
        if partners is None:
            partners = self._get_eligible_partners()
        basis = self._read_basis(date_from, date_to, partners)
        if self.basis == "growth":
            last_from, last_to = period_tools.same_period_last_year(date_from, date_to)
            for partner, amount in self._read_basis(last_from, last_to, partners).items():
                basis[partner] = basis.get(partner, 0.0) - amount
        return basis

    def _compute_rebates(self, date_from, date_to, partners=None):
        """{partner: tier result dict (see tools.tiers.compute_rebate)} with amounts rounded."""
        self.ensure_one()
        if partners is not None:
            partners = self._get_eligible_partners(partners)
        tiers = self._get_tier_table()
        currency = self.currency_id
        results = {}
        basis_by_partner = self._compute_basis(date_from, date_to, partners)
        for partner in partners if partners is not None else basis_by_partner:
            result = tier_tools.compute_rebate(
                basis_by_partner.get(partner, 0.0), tiers, self.tier_mode, self.cap_amount or 0.0
            )
            result["earned"] = currency.round(result["earned"])
            results[partner] = result
        return results

    def _get_responsible_version(self, date_from, date_to):
        """Latest non-draft version of the family whose validity overlaps the period."""
        self.ensure_one()
        domain = [
            ("root_id", "=", self.root_id.id),
            ("state", "not in", ("draft", "to_approve")),
            ("date_start", "<=", date_to),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", date_from),
        ]
        return self.with_context(active_test=False).search(domain, order="version desc", limit=1)

    # -------------------------------------------------------------- settlement
    def _action_settle_period(self, day):
        """Close the period containing ``day``: one settlement per dealer whose amount due
        (earned − settled before by any version) is not zero.

        Closing a settled period again pays the difference only: a top-up after late invoices,
        a clawback after late refunds. Raises if the period has not ended. Safe to run twice or
        concurrently: one settlement waits for approval per policy family, dealer and period.
        """
        Settlement = self.env["dms.rebate.settlement"]
        today = fields.Date.context_today(self)
        created = Settlement
        for policy in self:
            if policy.state in ("draft", "to_approve"):
                raise UserError(self.env._("Approve policy %(policy)s before settling it.", policy=policy.display_name))
            date_from, date_to = policy._get_period(day)
            if date_to >= today:
                raise UserError(
                    self.env._(
                        "The period %(start)s - %(end)s of policy %(policy)s has not ended yet: "
                        "it can be settled from %(next)s.",
                        start=date_from,
                        end=date_to,
                        policy=policy.display_name,
                        next=fields.Date.add(date_to, days=1),
                    )
                )
            responsible = policy._get_responsible_version(date_from, date_to) or policy
            partners = policy._get_active_partners(date_from, date_to)
            self.env["dms.rebate.accrual"]._recompute(responsible, partners, date_from, date_to)
            if responsible != policy:
                # a later version owns the period: it settles the difference
                continue
            results = policy._compute_rebates(date_from, date_to, partners)
            prior = policy._get_prior_settled(partners, date_from)
            pending = (
                Settlement.sudo()
                .search(
                    [
                        ("policy_root_id", "=", policy.root_id.id),
                        ("period_start", "=", date_from),
                        ("state", "=", "draft"),
                    ]
                )
                .partner_id
            )
            currency = policy.currency_id
            for partner, result in results.items():
                if partner in pending:
                    continue
                due = currency.round(result["earned"] - prior.get(partner, 0.0))
                if currency.is_zero(due):
                    continue
                vals = policy._prepare_settlement_vals(partner, date_from, date_to, result, prior.get(partner, 0.0))
                created |= Settlement._create_unique(vals)
        return created

    def _get_active_partners(self, date_from, date_to):
        """Eligible dealers with a basis in the period or an accrual already booked for it."""
        self.ensure_one()
        eligible = self._get_eligible_partners()
        partners = self.env["res.partner"].union(*self._compute_basis(date_from, date_to, eligible).keys())
        partners |= (
            self.env["dms.rebate.accrual"]
            .sudo()
            .search([("policy_root_id", "=", self.root_id.id), ("period_start", "=", date_from)])
            .partner_id
        )
        return partners.sudo()

    def _get_prior_settled(self, partners, period_start):
        """{partner: amount} already settled (not cancelled) by any version of the policy."""
        self.ensure_one()
        groups = (
            self.env["dms.rebate.settlement"]
            .sudo()
            ._read_group(
                [
                    ("policy_root_id", "=", self.root_id.id),
                    ("partner_id", "in", partners.ids),
                    ("period_start", "=", period_start),
                    ("state", "!=", "cancel"),
                ],
                ["partner_id"],
                ["amount:sum"],
            )
        )
        return dict(groups)

    def _prepare_settlement_vals(self, partner, date_from, date_to, result, prior):
        self.ensure_one()
        due = self.currency_id.round(result["earned"] - prior)
        if due < 0:
            settlement_type = "clawback"
        else:
            settlement_type = "topup" if prior else "settlement"
        return {
            "settlement_type": settlement_type,
            "policy_id": self.id,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "period_start": date_from,
            "period_end": date_to,
            "basis": result["basis"],
            "tier_rate": result["tier_rate"],
            "amount_earned": result["earned"],
            "amount_prior": prior,
            "amount": due,
            "method": self.settlement_method,
        }

    def _prepare_progress(self, partner, day):
        """Progress dict of ``partner`` over the period containing ``day`` (portal API)."""
        self.ensure_one()
        date_from, date_to = self._get_period(day)
        result = self._compute_rebates(date_from, date_to, partner)
        result = result.get(partner) or tier_tools.compute_rebate(0.0, self._get_tier_table(), self.tier_mode)
        return {
            "policy": self,
            "period_start": date_from,
            "period_end": date_to,
            "basis": result["basis"],
            "tier_rate": result["tier_rate"],
            "earned": self.currency_id.round(result["earned"]),
            "next_threshold": result["next_threshold"] if result["next_threshold"] is not None else False,
            "missing_to_next": result["missing_to_next"] if result["missing_to_next"] is not None else False,
            "currency_id": self.currency_id,
        }
