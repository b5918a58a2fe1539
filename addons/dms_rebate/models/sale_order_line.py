# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError

#: context key under which ``sale.order._dms_apply_rebate_wallet`` marks the wallet line it creates
WALLET_KEY = "dms_rebate_wallet_line"


class _WalletMark(str):
    """A string subclass: a client sending the same text sends a plain string, never this object."""

    __slots__ = ()


#: the one object that lets a rebate wallet line be created (compared with ``is``)
WALLET_MARK = _WalletMark("dms_rebate_wallet_line")

#: what makes the amount of a wallet line: fixed when the wallet is debited
WALLET_LINE_FIELDS = frozenset(
    {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id", "order_id"}
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_dms_rebate = fields.Boolean(
        string="Rebate Wallet Line", compute="_compute_is_dms_rebate", store=True, copy=False
    )

    @api.depends("product_id")
    def _compute_is_dms_rebate(self):
        product = self._dms_rebate_product()
        for line in self:
            line.is_dms_rebate = bool(product) and line.product_id == product

    def _dms_rebate_product(self):
        return self.env.ref("dms_rebate.product_dms_rebate", raise_if_not_found=False)

    def _dms_rebate_is_trusted(self):
        """Only the wallet itself (and module data, the superuser) makes or changes a wallet line."""
        return self.env.context.get(WALLET_KEY) is WALLET_MARK or not self.pool.ready or self.env.uid == SUPERUSER_ID

    # the wallet line keeps the amount and label it was created with (as loyalty reward lines)
    def _compute_price_unit(self):
        return super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_price_unit()

    def _compute_discount(self):
        return super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_discount()

    def _compute_tax_id(self):
        return super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_tax_id()

    def _compute_name(self):
        return super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_name()

    @api.model_create_multi
    def create(self, vals_list):
        product = self._dms_rebate_product()
        if product and not self._dms_rebate_is_trusted():
            if any(vals.get("product_id") == product.id for vals in vals_list):
                raise UserError(
                    self.env._("A rebate wallet line is added with Use Rebate Wallet only: it debits the wallet.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self._dms_rebate_is_trusted():
            product = self._dms_rebate_product()
            if product and vals.get("product_id") == product.id:
                raise UserError(
                    self.env._("A rebate wallet line is added with Use Rebate Wallet only: it debits the wallet.")
                )
            changed = WALLET_LINE_FIELDS & vals.keys()
            if changed and self.filtered("is_dms_rebate"):
                raise UserError(
                    self.env._(
                        "The rebate wallet line's amount is the wallet debit: %(fields)s cannot be changed. "
                        "Remove the line (the wallet is given back) and use the wallet again.",
                        fields=", ".join(sorted(self._fields[name].string for name in changed)),
                    )
                )
        return super().write(vals)

    @api.constrains("product_uom_qty", "price_unit", "discount", "order_id")
    def _check_dms_rebate_order_total(self):
        """A wallet line never brings its order below zero."""
        for order in self.order_id.filtered(lambda o: o.state in ("draft", "sent")):
            if (
                order.order_line.filtered("is_dms_rebate")
                and order.currency_id.compare_amounts(order.amount_untaxed, 0.0) < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(order)s would total %(amount)s: the rebate wallet cannot pay more than the order. "
                        "Remove the rebate wallet line first.",
                        order=order.display_name,
                        amount=order.amount_untaxed,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_give_back_rebate(self):
        rebate_lines = self.filtered("is_dms_rebate")
        if rebate_lines:
            wallet_lines = self.env["dms.rebate.wallet.line"].sudo().search([("sale_line_id", "in", rebate_lines.ids)])
            rebate_lines.order_id._dms_rebate_give_back(wallet_lines)
