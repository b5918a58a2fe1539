# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools import assortment


class DmsAssortment(models.Model):
    """Assortment rule (经营范围): products a group of dealers is authorised to buy.

    Which products a dealer may buy (:meth:`_get_authorised_domain`):

    1. the company's **saleable goods**: ``sale_ok``, not a service, and, when the company sets an
       *Assortment Root Category*, in that category's subtree (the brand's goods, not Odoo's
       furniture or expense products);
    2. when at least one active rule of the company **applies** to the dealer (every filled
       targeting field matches, see ``tools/assortment.py``), only the products and categories
       of those rules, among the goods of (1);
    3. a dealer to which no rule applies gets the goods of (1): with no rule at all in the
       company, existing flows keep working unchanged.
    """

    _name = "dms.assortment"
    _description = "Dealer Assortment Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, ondelete="cascade"
    )
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "dms_assortment_product_tmpl_rel",
        "assortment_id",
        "product_tmpl_id",
        string="Products",
        help="Products authorised by this rule (all their variants).",
    )
    categ_ids = fields.Many2many(
        "product.category",
        "dms_assortment_categ_rel",
        "assortment_id",
        "categ_id",
        string="Product Categories",
        help="Categories authorised by this rule, with their subcategories.",
    )
    dealer_level_id = fields.Many2one("dms.dealer.level", index=True, help="Applies only to dealers of this level.")
    territory_id = fields.Many2one(
        "dms.territory",
        index=True,
        help="Applies only to dealers whose territory lies in this territory or below.",
    )
    agreement_id = fields.Many2one(
        "dms.dealer.agreement",
        index=True,
        help="Applies only to the dealer of this agreement, while the agreement is active and in its dates.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        index=True,
        domain=[("is_dealer", "=", True)],
        help="Applies only to this dealer.",
    )
    note = fields.Text()

    @api.constrains("name", "product_tmpl_ids", "categ_ids")
    def _check_scope(self):
        for rule in self:
            if not rule.product_tmpl_ids and not rule.categ_ids:
                raise ValidationError(
                    self.env._("The assortment rule %(rule)s authorises no product or category.", rule=rule.name)
                )

    @api.constrains("agreement_id", "partner_id")
    def _check_agreement_partner(self):
        for rule in self:
            if rule.agreement_id and rule.partner_id and rule.agreement_id.partner_id != rule.partner_id:
                raise ValidationError(
                    self.env._(
                        "The agreement of the assortment rule %(rule)s belongs to another dealer.", rule=rule.name
                    )
                )

    # ------------------------------------------------------------------
    # Which products a dealer may buy
    # ------------------------------------------------------------------
    @api.model
    def _get_goods_domain(self, company=None):
        """product.product domain of the company's saleable goods (step 1)."""
        company = company or self.env.company
        domain = [("sale_ok", "=", True), ("type", "!=", "service")]
        root = company.sudo().dms_assortment_categ_id
        if root:
            domain.append(("categ_id", "child_of", root.id))
        return domain

    @api.model
    def _get_applicable_rules(self, dealer, company=None):
        """Active rules of the company that apply to ``dealer`` (its commercial entity)."""
        company = company or self.env.company
        dealer = dealer.commercial_partner_id.sudo()
        rules = self.sudo().search([("company_id", "=", company.id)])
        today = fields.Date.context_today(self)
        facts = {
            "id": dealer.id,
            "level_id": dealer.dealer_level_id.id,
            "territory_path": dealer.territory_id.parent_path or False,
        }
        return rules.filtered(
            lambda rule: assortment.rule_applies(
                {
                    "level_id": rule.dealer_level_id.id,
                    "territory_path": rule.territory_id.parent_path or False,
                    "agreement_partner_id": rule.agreement_id.partner_id.commercial_partner_id.id,
                    "agreement_active": rule.agreement_id.state == "active"
                    and rule.agreement_id.date_start <= today <= rule.agreement_id.date_end,
                    "partner_id": rule.partner_id.commercial_partner_id.id,
                },
                facts,
            )
        )

    @api.model
    def _get_authorised_domain(self, dealer, company=None):
        """product.product domain of what ``dealer`` may buy (steps 1 to 3)."""
        domain = self._get_goods_domain(company)
        rules = self._get_applicable_rules(dealer, company)
        if not rules:
            return domain
        scopes = []
        if rules.product_tmpl_ids:
            scopes.append([("product_tmpl_id", "in", rules.product_tmpl_ids.ids)])
        if rules.categ_ids:
            scopes.append([("categ_id", "child_of", rules.categ_ids.ids)])
        return expression.AND([domain, expression.OR(scopes)])

    @api.model
    def _filter_authorised(self, dealer, products, company=None):
        """The products of ``products`` that ``dealer`` may buy (same environment as ``products``)."""
        if not products:
            return products
        domain = expression.AND([[("id", "in", products.ids)], self._get_authorised_domain(dealer, company)])
        allowed = set(self.env["product.product"].sudo().with_context(active_test=False).search(domain).ids)
        return products.filtered(lambda product: product.id in allowed)

    @api.model
    def _get_refusal_message(self, dealer, products, company=None):
        """Why ``dealer`` may not buy some of ``products`` (naming them), or False."""
        refused = products - self._filter_authorised(dealer, products, company)
        if not refused:
            return False
        return self.env._(
            "%(products)s: not in the assortment (经营范围) authorised for %(dealer)s.",
            products=", ".join(refused.sudo().mapped("display_name")),
            dealer=dealer.commercial_partner_id.sudo().display_name,
        )
