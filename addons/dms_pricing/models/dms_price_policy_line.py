# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import precedence

_logger = logging.getLogger(__name__)

#: the scope of a line: one line per policy, product scope, target and tier (nullable columns coalesced)
SCOPE_INDEX = "dms_price_policy_line_scope_uniq"
SCOPE_COLUMNS = (
    "product_id",
    "product_tmpl_id",
    "categ_id",
    "partner_id",
    "dealer_level_id",
    "territory_id",
)


class DmsPricePolicyLine(models.Model):
    _name = "dms.price.policy.line"
    _description = "Price Policy Line"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one("dms.price.policy", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    policy_state = fields.Selection(related="policy_id.state", string="Policy Status")
    is_promotion = fields.Boolean(related="policy_id.is_promotion")
    # Product scope (exactly one)
    product_id = fields.Many2one("product.product", string="Product Variant", index=True, ondelete="cascade")
    product_tmpl_id = fields.Many2one("product.template", string="Product", index=True, ondelete="cascade")
    categ_id = fields.Many2one("product.category", string="Product Category", index=True, ondelete="cascade")
    # Target (none = everyone)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, ondelete="cascade", help="One customer (一客一价)."
    )
    dealer_level_id = fields.Many2one("dms.dealer.level", index=True, ondelete="cascade")
    territory_id = fields.Many2one(
        "dms.territory", index=True, ondelete="cascade", help="This territory and everything below."
    )
    min_qty = fields.Float(string="Min. Quantity", default=0.0, digits="Product Unit of Measure")
    compute_price = fields.Selection(
        [("fixed", "Fixed Price"), ("discount", "Discount")], default="fixed", required=True
    )
    fixed_price = fields.Monetary(currency_field="currency_id")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    base = fields.Selection(
        [("list_price", "Sales Price"), ("policy", "Other Policy")], default="list_price", required=True
    )
    base_policy_id = fields.Many2one("dms.price.policy", ondelete="restrict")
    rule_tip = fields.Char(compute="_compute_rule_tip")
    floor_price = fields.Monetary(compute="_compute_floor_check", currency_field="currency_id", string="Floor")
    needs_hq_approval = fields.Boolean(compute="_compute_floor_check")

    def init(self):
        """One line per scope of a policy, whoever writes it and however many times at once
        (a double click, two users importing the same sheet)."""
        res = super().init()
        coalesced = SQL(", ").join(SQL("COALESCE(%s, 0)", SQL.identifier(column)) for column in SCOPE_COLUMNS)
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (policy_id, %s, COALESCE(min_qty, 0))"
                        " WHERE policy_id IS NOT NULL",
                        SQL.identifier(SCOPE_INDEX),
                        SQL.identifier(self._table),
                        coalesced,
                    )
                )
        except psycopg2.errors.UniqueViolation:
            _logger.warning(
                "%s: some price policies have duplicate lines; remove them to enforce one line per scope.", SCOPE_INDEX
            )
        return res

    @api.constrains("policy_id", "product_id", "product_tmpl_id", "categ_id")
    def _check_scope(self):
        for line in self:
            if len([f for f in (line.product_id, line.product_tmpl_id, line.categ_id) if f]) != 1:
                raise ValidationError(
                    self.env._("A policy line prices exactly one of: a variant, a product or a category.")
                )

    @api.constrains("partner_id", "dealer_level_id", "territory_id")
    def _check_target(self):
        for line in self:
            if line.partner_id and (line.dealer_level_id or line.territory_id):
                raise ValidationError(self.env._("A customer price cannot also target a dealer level or a territory."))

    @api.constrains("compute_price", "fixed_price", "discount", "base", "base_policy_id", "min_qty")
    def _check_price(self):
        for line in self:
            if line.min_qty < 0:
                raise ValidationError(self.env._("The minimum quantity cannot be negative."))
            if line.compute_price == "fixed" and line.fixed_price < 0:
                raise ValidationError(self.env._("A fixed price cannot be negative."))
            if line.compute_price == "discount":
                if not (0 <= line.discount <= 100):
                    raise ValidationError(self.env._("A discount must be between 0 and 100%."))
                if line.base == "policy" and (not line.base_policy_id or line.base_policy_id == line.policy_id):
                    raise ValidationError(self.env._("Choose another policy as the base of the discount."))

    @api.depends(
        "compute_price",
        "fixed_price",
        "discount",
        "base",
        "base_policy_id",
        "min_qty",
        "product_id",
        "product_tmpl_id",
        "categ_id",
        "partner_id",
        "dealer_level_id",
        "territory_id",
    )
    def _compute_rule_tip(self):
        for line in self:
            if line.compute_price == "fixed":
                what = self.env._(
                    "%(price)s %(currency)s", price=line.fixed_price, currency=line.currency_id.name or ""
                )
            elif line.base == "policy":
                what = self.env._(
                    "%(discount)s%% off %(policy)s", discount=line.discount, policy=line.base_policy_id.display_name
                )
            else:
                what = self.env._("%(discount)s%% off the sales price", discount=line.discount)
            scope = (line.product_id or line.product_tmpl_id or line.categ_id).display_name or ""
            if line.partner_id:
                target = line.partner_id.display_name
            else:
                parts = [p for p in (line.dealer_level_id.name, line.territory_id.complete_name) if p]
                target = " / ".join(parts) if parts else self.env._("everyone")
            tip = self.env._("%(scope)s for %(target)s: %(what)s", scope=scope, target=target, what=what)
            if line.min_qty:
                tip += self.env._(", from %(qty)s units", qty=line.min_qty)
            line.rule_tip = tip

    def _get_base_list_price(self):
        """Sales price of the line's product in the policy currency (categories: none)."""
        self.ensure_one()
        product = self.product_id or self.product_tmpl_id
        if not product:
            return 0.0
        price = product.list_price + (self.product_id.price_extra if self.product_id else 0.0)
        return product.currency_id._convert(
            price, self.currency_id, self.company_id, self.policy_id.date_start or fields.Date.today()
        )

    @api.depends("compute_price", "fixed_price", "discount", "product_id", "product_tmpl_id", "categ_id")
    def _compute_floor_check(self):
        for line in self:
            threshold = line.company_id.dms_hq_discount_threshold
            product = line.product_id or line.product_tmpl_id
            floor = False
            if product:
                tmpl = product.product_tmpl_id if line.product_id else product
                margin = tmpl.categ_id._dms_get_min_margin()
                cost = (
                    product.sudo().standard_price
                    if line.product_id
                    else max(tmpl.sudo().product_variant_ids.mapped("standard_price") or [0.0])
                )
                floor = precedence.floor_price(
                    min_price=tmpl.dms_floor_price,
                    cost=cost,
                    margin=margin,
                    suggested_retail=tmpl.dms_suggested_retail_price,
                    end_customer=bool(line.policy_id.seller_id),
                )
                if floor:
                    floor = tmpl.currency_id._convert(
                        floor, line.currency_id, line.company_id, line.policy_id.date_start or fields.Date.today()
                    )
            base = line._get_base_list_price()
            if line.compute_price == "fixed":
                price = line.fixed_price
                line.needs_hq_approval = precedence.needs_hq_approval(price, base, floor, threshold)
            else:
                price = precedence.apply_rule("discount", base, discount=line.discount)
                line.needs_hq_approval = (line.discount > threshold + 1e-9) or bool(
                    product and floor and price < floor - 0.005
                )
            line.floor_price = floor or 0.0

    # ------------------------------------------------------------------
    # Approved versions are read-only
    # ------------------------------------------------------------------
    def _dms_engine_writes(self):
        return self.env["dms.price.policy"]._dms_engine_writes()

    def _check_policy_editable(self, policies):
        """Lines of a policy that is not a draft change only through the workflow engine; the lines
        of a revision still being copied do not change at all until the copy is done."""
        policies._check_lines_copied()
        if self._dms_engine_writes():
            return
        locked = policies.filtered(lambda p: p.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Lines of policy %(name)s cannot change: it is not a draft. Use Revise to make a new version.",
                    name=locked[0].display_name,
                )
            )

    # Fields whose changes are logged in the policy's chatter (who, what, when).
    _dms_tracked_fields = (
        "product_id",
        "product_tmpl_id",
        "categ_id",
        "partner_id",
        "dealer_level_id",
        "territory_id",
        "min_qty",
        "compute_price",
        "fixed_price",
        "discount",
        "base",
        "base_policy_id",
    )
    _dms_log_max_lines = 20

    @api.model_create_multi
    def create(self, vals_list):
        policies = self.env["dms.price.policy"].browse({v.get("policy_id") for v in vals_list if v.get("policy_id")})
        self._check_policy_editable(policies)
        lines = super().create(vals_list)
        if not self._dms_engine_writes():
            for policy, policy_lines in lines.grouped("policy_id").items():
                policy._message_log(body=self.env._("%(count)s line(s) added.", count=len(policy_lines)))
        return lines

    def _dms_format_value(self, fname):
        value = self[fname]
        if isinstance(value, models.BaseModel):
            return value.display_name or ""
        return str(value) if value not in (False, None) else ""

    def write(self, vals):
        self._check_policy_editable(self.policy_id)
        if "policy_id" in vals:
            self._check_policy_editable(self.env["dms.price.policy"].browse(vals["policy_id"]))
        tracked = [f for f in self._dms_tracked_fields if f in vals]
        before = {}
        if tracked and not self._dms_engine_writes():
            before = {
                line.id: {f: line._dms_format_value(f) for f in tracked} for line in self[: self._dms_log_max_lines]
            }
        result = super().write(vals)
        if before:
            changes = {}
            for line in self[: self._dms_log_max_lines]:
                diffs = [
                    f"{self._fields[f]._description_string(self.env)}: "
                    f"{before[line.id][f]} → {line._dms_format_value(f)}"
                    for f in tracked
                    if before[line.id][f] != line._dms_format_value(f)
                ]
                if diffs:
                    changes.setdefault(line.policy_id, []).append(f"{line.rule_tip or line.id}: {'; '.join(diffs)}")
            for policy, items in changes.items():
                more = len(self) - self._dms_log_max_lines
                changes_text = " | ".join(items)
                body = self.env._("Lines changed: %(changes)s", changes=changes_text)
                if more > 0:
                    body += self.env._(" (and %(count)s more lines)", count=more)
                policy._message_log(body=body)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self._check_policy_editable(self.policy_id)

    def unlink(self):
        counts = {policy: len(lines) for policy, lines in self.grouped("policy_id").items()}
        result = super().unlink()
        if not self._dms_engine_writes():
            for policy, count in counts.items():
                if policy.exists():
                    policy._message_log(body=self.env._("%(count)s line(s) removed.", count=count))
        return result
