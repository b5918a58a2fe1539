# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare

from ..tools import precedence
from .product_pricelist import PricelistRules


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dms_price_policy_line_id = fields.Many2one(
        "dms.price.policy.line",
        string="Price Policy Line",
        compute="_compute_dms_price",
        precompute=True,
        store=True,
        index="btree_not_null",
        copy=False,
        help="The policy line that priced this line (empty: pricelist or sales price).",
        groups="base.group_user",
    )
    dms_policy_price = fields.Float(
        string="Policy Price",
        compute="_compute_dms_price",
        store=True,
        precompute=True,
        digits="Product Price",
        copy=False,
    )
    dms_price_source = fields.Selection(
        [("policy", "Price Policy"), ("pricelist", "Pricelist"), ("list_price", "Sales Price")],
        string="Price Source",
        compute="_compute_dms_price",
        precompute=True,
        store=True,
        copy=False,
    )
    dms_price_explanation = fields.Char(
        string="Price Explanation", compute="_compute_dms_price", store=True, precompute=True, copy=False
    )
    dms_price_floor = fields.Monetary(
        string="Price Floor",
        compute="_compute_dms_price",
        store=True,
        precompute=True,
        currency_field="currency_id",
        copy=False,
        groups="base.group_user",
    )
    dms_below_floor = fields.Boolean(
        string="Below Floor",
        compute="_compute_dms_below_floor",
        store=True,
        index=True,
        copy=False,
        groups="base.group_user",
    )
    dms_price_change_reason = fields.Char(
        string="Price Change Reason",
        copy=False,
        help="Why the unit price differs from the computed one.",
        groups="base.group_user",
    )
    dms_price_deviation_ids = fields.One2many(
        "dms.price.deviation", "line_id", string="Price Changes", copy=False, groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Policy price: one engine call per order, whatever the number of lines
    # ------------------------------------------------------------------
    def _dms_skip_policy(self):
        self.ensure_one()
        return (
            not self.product_id
            or self.display_type
            or self.reward_id
            or self.combo_item_id
            or self.is_downpayment
            or not self.order_id.partner_id
        )

    @api.depends(
        "product_id",
        "product_uom",
        "product_uom_qty",
        "order_id.partner_id",
        "order_id.date_order",
        "order_id.currency_id",
        "order_id.pricelist_id",
        "order_id.company_id",
    )
    def _compute_dms_price(self):
        engine = self.env["dms.price.engine"]
        for order, lines in self.grouped("order_id").items():
            todo = lines.filtered(lambda line: not line._dms_skip_policy())
            for line in lines - todo:
                line.update(
                    {
                        "dms_price_policy_line_id": False,
                        "dms_policy_price": 0.0,
                        "dms_price_source": False,
                        "dms_price_explanation": False,
                        "dms_price_floor": 0.0,
                    }
                )
            if not todo:
                continue
            items = [
                (
                    line.product_id,
                    line.product_uom._compute_quantity(
                        line.product_uom_qty or 1.0, line.product_id.uom_id, raise_if_failure=False
                    )
                    if line.product_uom and line.product_uom != line.product_id.uom_id
                    else line.product_uom_qty or 1.0,
                )
                for line in todo
            ]
            results = engine.with_company(order.company_id)._resolve_policy_prices(
                order.partner_id,
                items,
                date=order.date_order,
                currency=order.currency_id or order.company_id.currency_id,
                company=order.company_id,
            )
            for line, res in zip(todo, results, strict=True):
                uom_from, uom_to = line.product_id.uom_id, line.product_uom or line.product_id.uom_id
                floor = res["floor"] and uom_from._compute_price(res["floor"], uom_to)
                if res["source"] == "policy":
                    line.update(
                        {
                            "dms_price_policy_line_id": res["policy_line_id"],
                            "dms_policy_price": uom_from._compute_price(res["price"], uom_to),
                            "dms_price_source": "policy",
                            "dms_price_explanation": res["explanation"],
                            "dms_price_floor": floor or 0.0,
                        }
                    )
                else:
                    pricelist = order.pricelist_id
                    line.update(
                        {
                            "dms_price_policy_line_id": False,
                            "dms_policy_price": 0.0,
                            "dms_price_source": "pricelist" if pricelist else "list_price",
                            "dms_price_explanation": self.env._(
                                "No price policy: pricelist %(pricelist)s", pricelist=pricelist.display_name
                            )
                            if pricelist
                            else self.env._("No price policy: sales price"),
                            "dms_price_floor": floor or 0.0,
                        }
                    )

    @api.depends("product_id", "product_uom", "product_uom_qty", "dms_price_source")
    def _compute_pricelist_item_id(self):
        """Policy-priced lines have no pricelist rule. For the others, core looks the rules up once per
        line: they are fetched here once per pricelist and date for all the products, and core's
        lookup (and any override of it) reads them from there."""
        policy_lines = self.filtered(lambda line: line.dms_price_source == "policy")
        policy_lines.pricelist_item_id = False
        others = self - policy_lines
        rules = PricelistRules()
        groups = defaultdict(lambda: self.env["product.product"])
        for line in others:
            if line.product_id and not line.display_type and line.order_id.pricelist_id:
                groups[(line.order_id.pricelist_id, line._get_order_date())] |= line.product_id
        for (pricelist, date), products in groups.items():
            rules[pricelist.id, date] = (set(products.ids), pricelist._get_applicable_rules(products, date))
        return super(SaleOrderLine, others.with_context(dms_pricelist_rules=rules))._compute_pricelist_item_id()

    @api.depends("dms_policy_price", "dms_price_source")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    def _get_display_price_ignore_combo(self):
        if self.dms_price_source == "policy":
            return self.dms_policy_price
        return super()._get_display_price_ignore_combo()

    def _dms_order_discount_ratio(self):
        """Share of the order taken off by promotion rewards (满减): it counts against floors."""
        self.ensure_one()
        lines = self.order_id.order_line
        rewards = sum(line.price_subtotal for line in lines if line.reward_id and line.price_subtotal < 0)
        goods = sum(line.price_subtotal for line in lines if not line.reward_id and line.price_subtotal > 0)
        if not rewards or not goods:
            return 0.0
        return min(1.0, -rewards / goods)

    @api.depends(
        "price_unit",
        "discount",
        "dms_price_floor",
        "order_id.order_line.reward_id",
        "order_id.order_line.price_subtotal",
    )
    def _compute_dms_below_floor(self):
        for line in self:
            if not line.dms_price_floor or line.display_type or line.reward_id:
                line.dms_below_floor = False
                continue
            line.dms_below_floor = precedence.is_below_floor(
                line.price_unit,
                line.dms_price_floor,
                discount=line.discount,
                order_discount_ratio=line._dms_order_discount_ratio(),
                precision=(line.currency_id.rounding or 0.01) / 2,
            )

    # ------------------------------------------------------------------
    # Manual price changes are logged as deviations
    # ------------------------------------------------------------------
    def _dms_get_computed_price_unit(self):
        """The unit price core would compute (policy or pricelist, taxes as core)."""
        self.ensure_one()
        line = self.with_company(self.company_id)
        return line.product_id._get_tax_included_unit_price_from_price(
            line._get_display_price(),
            product_taxes=line.product_id.taxes_id.filtered(lambda tax: tax.company_id == line.env.company),
            fiscal_position=line.order_id.fiscal_position_id,
        )

    def _prepare_dms_deviation_vals(self, price_from, price_to, expected, reason):
        self.ensure_one()
        return {
            "line_id": self.id,
            "user_id": self.env.uid,
            "price_from": price_from,
            "price_to": price_to,
            "expected_price": expected,
            "reason": reason or self.dms_price_change_reason or self.env.context.get("dms_price_change_reason"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if self.env.context.get("sale_write_from_compute"):
            return lines
        deviation_vals = []
        for line, vals in zip(lines, vals_list, strict=True):
            if "price_unit" not in vals or line._dms_skip_policy():
                continue
            expected = line._dms_get_computed_price_unit()
            if float_compare(expected, line.price_unit, precision_digits=6):
                line.with_context(sale_write_from_compute=True).technical_price_unit = expected
                deviation_vals.append(
                    line._prepare_dms_deviation_vals(
                        expected, line.price_unit, expected, vals.get("dms_price_change_reason")
                    )
                )
        if deviation_vals:
            self.env["dms.price.deviation"].sudo().create(deviation_vals)
        return lines

    def write(self, vals):
        if "price_unit" not in vals or self.env.context.get("sale_write_from_compute"):
            return super().write(vals)
        old = {line.id: line.price_unit for line in self}
        result = super().write(vals)
        deviation_vals = []
        lowered_orders = self.env["sale.order"]
        for line in self:
            if line._dms_skip_policy() or not float_compare(old[line.id], line.price_unit, precision_digits=6):
                continue
            deviation_vals.append(
                line._prepare_dms_deviation_vals(
                    old[line.id], line.price_unit, line.technical_price_unit, vals.get("dms_price_change_reason")
                )
            )
            if line.price_unit < old[line.id]:
                lowered_orders |= line.order_id
        if deviation_vals:
            self.env["dms.price.deviation"].sudo().create(deviation_vals)
        # A price lowered after a floor approval needs a new approval.
        approved = lowered_orders.filtered("dms_floor_approved")
        if approved:
            approved.sudo().write({"dms_floor_approved": False})
        return result
