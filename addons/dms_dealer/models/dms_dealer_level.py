# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsDealerLevel(models.Model):
    _name = "dms.dealer.level"
    _description = "Dealer Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in imports and reports.")
    sequence = fields.Integer(default=10, help="Lower comes first: the most important level on top.")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Default Pricelist",
        help="Pricelist given to a dealer when it is put at this level.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Default Payment Terms",
        help="Customer payment terms given to a dealer when it is put at this level.",
    )
    company_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, readonly=True
    )
    credit_limit = fields.Monetary(
        string="Default Credit Limit",
        currency_field="company_currency_id",
        help="Credit limit given to a dealer when it is put at this level (0 = none).",
    )
    dealer_count = fields.Integer(compute="_compute_dealer_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a dealer level must be unique."),
        ("credit_limit_positive", "CHECK(credit_limit >= 0)", "A default credit limit cannot be negative."),
    ]

    def _compute_dealer_count(self):
        counts = dict(
            self.env["res.partner"]._read_group([("dealer_level_id", "in", self.ids)], ["dealer_level_id"], ["__count"])
        )
        for level in self:
            level.dealer_count = counts.get(level, 0)

    @api.depends("name", "code")
    def _compute_display_name(self):
        for level in self:
            level.display_name = f"[{level.code}] {level.name}" if level.code else level.name

    def _prepare_dealer_defaults(self):
        """Values a dealer receives when it is put at this level."""
        self.ensure_one()
        vals = {}
        if self.pricelist_id:
            vals["property_product_pricelist"] = self.pricelist_id.id
        if self.payment_term_id:
            vals["property_payment_term_id"] = self.payment_term_id.id
        if self.credit_limit:
            vals["credit_limit"] = self.credit_limit
        return vals
