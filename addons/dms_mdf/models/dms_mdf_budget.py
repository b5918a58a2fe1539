# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

CLAIMED_STATES = ("approved", "paid")


class DmsMdfBudget(models.Model):
    """A marketing development fund (MDF, 市场费用) for one dealer or one region and a period.

    Approved activities commit it; approved claims consume it; paid claims were paid out.
    The row is also the lock every approval takes, so two approvals at once cannot go over it.
    """

    _name = "dms.mdf.budget"
    _description = "Marketing Fund Budget"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_dealer", "=", True)],
        help="The dealer this fund is for. Leave empty for a regional fund.",
    )
    territory_id = fields.Many2one(
        "dms.territory",
        string="Region",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The region (and its sub-territories) this fund is for, when it is not one dealer's.",
    )
    scope_territory_id = fields.Many2one(
        "dms.territory",
        string="Territory",
        compute="_compute_scope_territory_id",
        store=True,
        index=True,
        help="The region of a regional fund, the dealer's territory of a dealer fund (visibility, reports).",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    amount = fields.Monetary(currency_field="currency_id", required=True, tracking=True)
    amount_committed = fields.Monetary(
        string="Committed",
        currency_field="currency_id",
        compute="_compute_amounts",
        help="Approved amount of open activities, and what was claimed on closed ones.",
    )
    amount_claimed = fields.Monetary(
        string="Claimed", currency_field="currency_id", compute="_compute_amounts", help="Approved and paid claims."
    )
    amount_paid = fields.Monetary(string="Paid", currency_field="currency_id", compute="_compute_amounts")
    amount_remaining = fields.Monetary(
        string="Remaining",
        currency_field="currency_id",
        compute="_compute_amounts",
        help="Amount not committed to any activity yet.",
    )
    activity_ids = fields.One2many("dms.mdf.activity", "budget_id", string="Activities")
    activity_count = fields.Integer(compute="_compute_amounts")
    note = fields.Text()
    lock_counter = fields.Integer(readonly=True, copy=False)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A marketing fund cannot be negative."),
        ("dates_ordered", "CHECK(date_from <= date_to)", "A marketing fund ends after it starts."),
        (
            "scope_one",
            "CHECK((partner_id IS NULL) != (territory_id IS NULL))",
            "A marketing fund is for one dealer or for one region, not both.",
        ),
    ]

    @api.depends("territory_id", "partner_id.territory_id")
    def _compute_scope_territory_id(self):
        for budget in self:
            budget.scope_territory_id = budget.territory_id or budget.partner_id.territory_id

    @api.depends("amount")
    def _compute_amounts(self):
        """Two grouped queries for all budgets, whatever their number."""
        budgets = self.filtered("id")
        committed, counts, claimed, paid = {}, {}, {}, {}
        if budgets.ids:
            Activity = self.env["dms.mdf.activity"].sudo()
            for budget, amount, count in Activity._read_group(
                [("budget_id", "in", budgets.ids)], ["budget_id"], ["amount_committed:sum", "__count"]
            ):
                committed[budget.id] = amount
                counts[budget.id] = count
            Claim = self.env["dms.mdf.claim"].sudo()
            for budget, state, amount in Claim._read_group(
                [("budget_id", "in", budgets.ids), ("state", "in", CLAIMED_STATES)],
                ["budget_id", "state"],
                ["amount:sum"],
            ):
                claimed[budget.id] = claimed.get(budget.id, 0.0) + amount
                if state == "paid":
                    paid[budget.id] = amount
        for budget in self:
            key = budget._origin.id
            budget.amount_committed = committed.get(key, 0.0)
            budget.amount_claimed = claimed.get(key, 0.0)
            budget.amount_paid = paid.get(key, 0.0)
            budget.amount_remaining = budget.amount - budget.amount_committed
            budget.activity_count = counts.get(key, 0)

    @api.constrains("partner_id", "company_id")
    def _check_dealer(self):
        for budget in self:
            if budget.partner_id and not budget.partner_id.is_dealer:
                raise ValidationError(
                    self.env._("%(partner)s is not a dealer.", partner=budget.partner_id.display_name)
                )

    @api.constrains("amount")
    def _check_amount_covers_commitments(self):
        for budget in self:
            if budget.currency_id.compare_amounts(budget.amount, budget.amount_claimed) < 0:
                raise ValidationError(
                    self.env._(
                        "%(budget)s: %(claimed)s was already claimed; the fund cannot be cut below it.",
                        budget=budget.display_name,
                        claimed=budget.amount_claimed,
                    )
                )

    def _dms_lock(self):
        """Row lock with a write: a concurrent approval on the same fund fails with a serialization
        error (retried by Odoo on fresh data) instead of reading the fund before the other one."""
        if self.ids:
            self.env.execute_query(
                SQL(
                    "UPDATE dms_mdf_budget SET lock_counter = lock_counter + 1 WHERE id IN %s",
                    tuple(sorted(self.ids)),
                )
            )
            self.invalidate_recordset(["lock_counter"])

    def _dms_matches(self, dealer):
        """Whether this fund may pay activities of ``dealer`` (its own, or its region's)."""
        self.ensure_one()
        dealer = dealer.commercial_partner_id
        if self.partner_id:
            return self.partner_id == dealer
        territory = dealer.sudo().territory_id
        return bool(territory) and self.territory_id.sudo()._covers(territory)

    @api.model
    def _dms_find(self, dealer, company, date_from, date_to):
        """The fund an activity of ``dealer`` draws on: its own first, then the nearest region's."""
        if not (dealer and date_from and date_to):
            return self.browse()
        dealer = dealer.commercial_partner_id.sudo()
        territory_ids = [int(i) for i in (dealer.territory_id.parent_path or "").split("/") if i]
        # sudo: the dealer (portal) does not read regional funds; the domain is its own and its regions'
        candidates = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("date_from", "<=", date_from),
                ("date_to", ">=", date_to),
                "|",
                ("partner_id", "=", dealer.id),
                ("territory_id", "in", territory_ids),
            ]
        )
        depth = {tid: index for index, tid in enumerate(territory_ids)}
        return candidates.sorted(lambda b: (0 if b.partner_id else 1, -depth.get(b.territory_id.id, -1), b.id))[:1]

    def action_view_activities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_mdf.action_dms_mdf_activity")
        action["domain"] = [("budget_id", "=", self.id)]
        action["context"] = {"default_budget_id": self.id}
        return action
