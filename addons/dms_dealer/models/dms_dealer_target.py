# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import date_utils

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
TARGET_BASES = [
    ("invoiced", "Invoiced (net of refunds)"),
    ("ordered", "Confirmed orders"),
]


def period_bounds(period_type, day):
    """First and last day of the month / quarter / year that contains ``day``."""
    return date_utils.start_of(day, period_type), date_utils.end_of(day, period_type)


def period_label(period_type, date_from):
    if period_type == "month":
        return date_from.strftime("%Y-%m")
    if period_type == "quarter":
        return f"{date_from.year}-Q{(date_from.month - 1) // 3 + 1}"
    return str(date_from.year)


class DmsDealerTarget(models.Model):
    """Sales target of one dealer for one month, quarter or year.

    The actual is measured on the dealer itself (its commercial entity), in
    company currency, on the chosen basis:

    * ``invoiced``: posted customer invoices minus posted credit notes, by
      accounting date, untaxed (journal item balance of product lines);
    * ``ordered``: confirmed sale orders (state ``sale``) by order date,
      untaxed, converted at the period's last day.
    """

    _name = "dms.dealer.target"
    _description = "Dealer Sales Target"
    _inherit = ["mail.thread"]
    _order = "date_from desc, partner_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
        domain=[("is_dealer", "=", True)],
    )
    territory_id = fields.Many2one(related="partner_id.territory_id", store=True, index=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True)
    period_type = fields.Selection(PERIOD_TYPES, required=True, default="quarter", tracking=True)
    period_date = fields.Date(
        string="Period",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the period: the target covers the whole month, quarter or year that contains it.",
    )
    date_from = fields.Date(compute="_compute_dates", store=True, index=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    basis = fields.Selection(
        TARGET_BASES,
        required=True,
        default="invoiced",
        tracking=True,
        help="Invoiced: posted invoices net of credit notes. Confirmed orders: sale orders in state Sales Order.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Target Amount", currency_field="currency_id", tracking=True)
    line_ids = fields.One2many("dms.dealer.target.line", "target_id", string="Category Targets", copy=True)
    actual_amount = fields.Monetary(string="Actual", currency_field="currency_id", compute="_compute_actual")
    attainment = fields.Float(string="Attainment (%)", compute="_compute_actual", digits=(16, 1))
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A target amount cannot be negative."),
    ]

    @api.depends("period_type", "period_date")
    def _compute_dates(self):
        for target in self:
            if target.period_type and target.period_date:
                target.date_from, target.date_to = period_bounds(target.period_type, target.period_date)
            else:
                target.date_from = target.date_to = False

    @api.depends("partner_id.name", "period_type", "date_from")
    def _compute_name(self):
        for target in self:
            if target.date_from:
                target.name = f"{target.partner_id.name or ''} {period_label(target.period_type, target.date_from)}"
            else:
                target.name = target.partner_id.name or ""

    @api.constrains("partner_id", "period_type", "period_date", "company_id", "active")
    def _check_no_overlap(self):
        others = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("period_type", "in", list(set(self.mapped("period_type")))),
                    ("id", "not in", self.ids),
                ],
                ["partner_id", "period_type", "date_from", "date_to", "company_id"],
            )
        )
        pool = others | self.filtered("active")
        by_key = pool.grouped(lambda t: (t.partner_id, t.period_type, t.company_id))
        for target in self.filtered("active"):
            for other in by_key.get((target.partner_id, target.period_type, target.company_id), []):
                if other != target and other.date_from <= target.date_to and target.date_from <= other.date_to:
                    raise ValidationError(
                        self.env._(
                            "%(dealer)s already has a %(period)s target overlapping %(name)s.",
                            dealer=target.partner_id.display_name,
                            period=dict(self._fields["period_type"]._description_selection(self.env))[
                                target.period_type
                            ].lower(),
                            name=target.name,
                        )
                    )

    @api.constrains("partner_id")
    def _check_partner_is_dealer(self):
        for target in self:
            if not target.partner_id.is_dealer:
                raise ValidationError(
                    self.env._("%(partner)s is not a dealer.", partner=target.partner_id.display_name)
                )

    # ------------------------------------------------------------------
    # Actuals
    # ------------------------------------------------------------------
    @api.model
    def _get_order_actual_domain(self, partners, date_from, date_to, company):
        return [
            ("state", "=", "sale"),
            ("display_type", "=", False),
            ("company_id", "=", company.id),
            ("order_id.dealer_id", "in", partners.ids),
            ("order_id.date_order", ">=", fields.Datetime.to_datetime(date_from)),
            ("order_id.date_order", "<", fields.Datetime.to_datetime(date_to + timedelta(days=1))),
        ]

    @api.model
    def _get_invoice_actual_domain(self, partners, date_from, date_to, company):
        return [
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("company_id", "=", company.id),
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ("partner_id", "in", partners.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]

    @api.model
    def _dms_get_actuals(self, partners, date_from, date_to, company, basis):
        """Sales of each dealer in company currency, in total and per product category.

        Two ``_read_group`` queries whatever the number of dealers.

        :return: ``{partner: {"amount": float, "categ": {categ: [qty, amount]}}}``
        """
        result = defaultdict(lambda: {"amount": 0.0, "categ": defaultdict(lambda: [0.0, 0.0])})
        if not partners:
            return result
        company_currency = company.currency_id
        if basis == "ordered":
            rows = (
                self.env["sale.order.line"]
                .sudo()
                ._read_group(
                    self._get_order_actual_domain(partners, date_from, date_to, company),
                    ["order_partner_id", "currency_id", "product_id"],
                    ["price_subtotal:sum", "product_uom_qty:sum"],
                )
            )
            for partner, currency, product, amount, qty in rows:
                if currency and currency != company_currency:
                    amount = currency._convert(amount, company_currency, company, date_to)
                entry = result[partner.commercial_partner_id]
                entry["amount"] += amount
                categ = entry["categ"][product.categ_id]
                categ[0] += qty
                categ[1] += amount
        else:
            domain = self._get_invoice_actual_domain(partners, date_from, date_to, company)
            AccountMoveLine = self.env["account.move.line"].sudo()
            for sign, move_type in ((1, "out_invoice"), (-1, "out_refund")):
                rows = AccountMoveLine._read_group(
                    domain + [("move_id.move_type", "=", move_type)],
                    ["partner_id", "product_id"],
                    ["balance:sum", "quantity:sum"],
                )
                for partner, product, balance, qty in rows:
                    entry = result[partner.commercial_partner_id]
                    entry["amount"] -= balance
                    categ = entry["categ"][product.categ_id]
                    categ[0] += sign * qty
                    categ[1] -= balance
        return result

    def _dms_actuals_by_target(self):
        """``{target: actuals of its dealer}``: one pair of queries per distinct period/basis."""
        result = {}
        for (date_from, date_to, company, basis), targets in self.grouped(
            lambda t: (t.date_from, t.date_to, t.company_id, t.basis)
        ).items():
            if not date_from:
                continue
            actuals = self._dms_get_actuals(targets.partner_id, date_from, date_to, company, basis)
            for target in targets:
                result[target] = actuals.get(target.partner_id) or {"amount": 0.0, "categ": {}}
        return result

    @api.depends("partner_id", "date_from", "date_to", "basis", "company_id", "amount")
    def _compute_actual(self):
        actuals = self._origin._dms_actuals_by_target()
        for target in self:
            actual = actuals.get(target._origin, {}).get("amount", 0.0)
            target.actual_amount = actual
            target.attainment = actual / target.amount * 100.0 if target.amount else 0.0

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------
    def action_view_documents(self):
        self.ensure_one()
        if self.basis == "ordered":
            action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
            action["domain"] = [
                ("state", "=", "sale"),
                ("company_id", "=", self.company_id.id),
                ("dealer_id", "=", self.partner_id.id),
                ("date_order", ">=", fields.Datetime.to_string(fields.Datetime.to_datetime(self.date_from))),
                (
                    "date_order",
                    "<",
                    fields.Datetime.to_string(fields.Datetime.to_datetime(self.date_to + timedelta(days=1))),
                ),
            ]
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
            action["domain"] = [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                ("company_id", "=", self.company_id.id),
                ("commercial_partner_id", "=", self.partner_id.id),
                ("date", ">=", fields.Date.to_string(self.date_from)),
                ("date", "<=", fields.Date.to_string(self.date_to)),
            ]
        action["context"] = {"create": False}
        action["name"] = self.env._("Sales of %(target)s", target=self.name)
        return action
