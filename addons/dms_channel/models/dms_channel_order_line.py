# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .dms_channel_stock_move import LEDGER, LEDGER_KEY

#: what the buyer may set on a line of its draft order; the rest is computed or written by the system
CLIENT_FIELDS = {"order_id", "sequence", "product_id", "product_qty", "product_uom_id"}


class DmsChannelOrderLine(models.Model):
    _name = "dms.channel.order.line"
    _description = "Channel Order Line"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("dms.channel.order", string="Order", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(related="order_id.state", string="Status")
    seller_id = fields.Many2one(related="order_id.seller_id", store=True, index=True)
    buyer_id = fields.Many2one(related="order_id.buyer_id", store=True, index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    product_id = fields.Many2one(
        "product.product", string="Product", required=True, domain="[('sale_ok', '=', True)]", index=True
    )
    product_qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True, default=1.0)
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price",
        store=True,
        precompute=True,
        help="The seller's price for this buyer, from the seller's price policies.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount", default=0.0, readonly=True, copy=False)
    dms_price_policy_line_id = fields.Many2one(
        "dms.price.policy.line", string="Price Policy Line", compute="_compute_price", store=True, precompute=True
    )
    dms_price_source = fields.Selection(
        [("policy", "Price Policy"), ("pricelist", "Pricelist"), ("list_price", "Sales Price")],
        string="Price Source",
        compute="_compute_price",
        store=True,
        precompute=True,
    )
    dms_price_explanation = fields.Char(
        string="Price Explanation", compute="_compute_price", store=True, precompute=True
    )
    tax_ids = fields.Many2many("account.tax", string="Taxes", compute="_compute_tax_ids", store=True, readonly=True)
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    price_tax = fields.Monetary(string="Tax", compute="_compute_amounts", store=True, currency_field="currency_id")
    price_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True, currency_field="currency_id")
    qty_shipped = fields.Float(string="Shipped", digits="Product Unit of Measure", readonly=True, copy=False)
    qty_received = fields.Float(string="Received", digits="Product Unit of Measure", readonly=True, copy=False)
    qty_to_ship = fields.Float(string="To Ship", digits="Product Unit of Measure", compute="_compute_qty_to_ship")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id", "product_qty", "product_uom_id", "order_id.buyer_id", "order_id.date")
    def _compute_price(self):
        engine = self.env["dms.price.engine"]
        for order, lines in self.grouped("order_id").items():
            todo = lines.filtered("product_id") if order.buyer_id else lines.browse()
            for line in lines - todo:
                line.update(
                    {
                        "price_unit": 0.0,
                        "dms_price_policy_line_id": False,
                        "dms_price_source": False,
                        "dms_price_explanation": False,
                    }
                )
            if not todo:
                continue
            items = [
                (
                    line.product_id,
                    line.product_uom_id._compute_quantity(line.product_qty or 1.0, line.product_id.uom_id)
                    if line.product_uom_id and line.product_uom_id != line.product_id.uom_id
                    else line.product_qty or 1.0,
                )
                for line in todo
            ]
            company = order.company_id or self.env.company
            # the buyer's seller (its upstream dealer) prices it with its own policies
            results = engine.with_company(company)._get_prices(
                order.buyer_id, items, date=order.date, currency=order.currency_id or company.currency_id
            )
            for line, res in zip(todo, results, strict=True):
                uom = line.product_uom_id or line.product_id.uom_id
                line.update(
                    {
                        "price_unit": line.product_id.uom_id._compute_price(res["price"], uom),
                        "dms_price_policy_line_id": res.get("policy_line_id") or False,
                        "dms_price_source": res.get("source") or False,
                        "dms_price_explanation": res.get("explanation") or False,
                    }
                )

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.company_id or self.env.company
            line.tax_ids = line.product_id.sudo().taxes_id.filtered(
                lambda tax, company=company: tax.company_id in company.parent_ids
            )

    @api.depends("product_qty", "price_unit", "discount", "tax_ids", "currency_id")
    def _compute_amounts(self):
        for line in self:
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            currency = line.currency_id or self.env.company.currency_id
            taxes = line.tax_ids.sudo().compute_all(
                price, currency, line.product_qty, product=line.product_id, partner=line.order_id.buyer_id
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]
            line.price_tax = taxes["total_included"] - taxes["total_excluded"]

    @api.depends("product_qty", "qty_shipped")
    def _compute_qty_to_ship(self):
        for line in self:
            line.qty_to_ship = max(line.product_qty - line.qty_shipped, 0.0)

    @api.constrains("product_id", "product_uom_id")
    def _check_uom(self):
        for line in self.sudo():
            if line.product_uom_id and line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s cannot be ordered in %(uom)s.",
                        product=line.product_id.display_name,
                        uom=line.product_uom_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Guards: lines change only while the order is a draft, prices and quantities done only by the system
    # ------------------------------------------------------------------
    def _is_system(self):
        return self.env.context.get(LEDGER_KEY) is LEDGER or self.env["dms.workflow.mixin"]._workflow_is_engine()

    def _check_client_change(self, field_names, orders):
        if self._is_system():
            return
        extra = set(field_names) - CLIENT_FIELDS
        if extra:
            raise AccessError(
                self.env._(
                    "Channel order lines: %(fields)s are set by the system only.", fields=", ".join(sorted(extra))
                )
            )
        locked = orders.filtered(lambda order: order.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "%(order)s is %(state)s: its lines can no longer be changed.",
                    order=locked[0].display_name,
                    state=locked[0]._workflow_state_label(locked[0].state),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["dms.channel.order"].browse(
            {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        )
        for vals in vals_list:
            self._check_client_change(vals.keys(), orders.filtered(lambda o, v=vals: o.id == v.get("order_id")))
        return super().create(vals_list)

    def write(self, vals):
        self._check_client_change(vals.keys(), self.order_id)
        if "order_id" in vals and not self._is_system():
            self._check_client_change((), self.env["dms.channel.order"].browse(vals["order_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if self._is_system():
            return
        self._check_client_change((), self.order_id)
