# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsOrderApprovalRule(models.Model):
    """Conditions on an order that call for a chain of approvers.

    Every condition that is set must hold (AND); an unset condition matches
    anything.  When several rules match, their steps are chained in rule
    order and a step already asked by an earlier rule is not asked twice.
    """

    _name = "dms.order.approval.rule"
    _description = "Order Approval Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", help="Company currency the minimum amount is in."
    )
    min_amount = fields.Monetary(
        string="Order Total From",
        currency_field="currency_id",
        tracking=True,
        help="Applies when the order total (in company currency) reaches this amount. 0: any amount.",
    )
    min_discount = fields.Float(
        string="Line Discount From (%)",
        tracking=True,
        help="Applies when a line has at least this discount. 0: any discount.",
    )
    dealer_level_ids = fields.Many2many(
        "dms.dealer.level", string="Dealer Levels", help="Applies to dealers of these levels. Empty: any level."
    )
    territory_ids = fields.Many2many(
        "dms.territory",
        string="Territories",
        help="Applies to dealers in these territories or below them. Empty: anywhere.",
    )
    price_floor_breach = fields.Boolean(
        string="Price Below Floor",
        tracking=True,
        help="Applies only when a line is priced below its floor price (from DMS pricing).",
    )
    step_ids = fields.One2many("dms.order.approval.rule.step", "rule_id", string="Approval Chain", copy=True)
    note = fields.Text()

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    @api.constrains("min_amount", "min_discount")
    def _check_thresholds(self):
        for rule in self:
            if rule.min_amount < 0 or rule.min_discount < 0 or rule.min_discount > 100:
                raise ValidationError(
                    self.env._("Approval thresholds cannot be negative and a discount cannot exceed 100%.")
                )

    def _prepare_match_conditions(self):
        """Conditions of the rule as the plain dict ``tools.approval`` reads."""
        self.ensure_one()
        return {
            "min_amount": self.min_amount,
            "min_discount": self.min_discount,
            "level_ids": self.dealer_level_ids.ids,
            "territory_paths": [t.parent_path for t in self.territory_ids],
            "price_floor": self.price_floor_breach,
            "steps": [step._get_step_key() for step in self.step_ids],
        }

    @api.model
    def _get_applicable_rules_domain(self, company):
        return [("company_id", "in", [company.id, False]), ("step_ids", "!=", False)]
