# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class SaleOrder(models.Model):
    _inherit = "sale.order"

    rebate_wallet_line_ids = fields.One2many("dms.rebate.wallet.line", "sale_order_id", string="Wallet Movements")
    rebate_wallet_amount = fields.Monetary(
        string="Paid by Rebate Wallet", compute="_compute_rebate_wallet_amount", currency_field="currency_id"
    )

    @api.depends("order_line.price_subtotal", "order_line.is_dms_rebate")
    def _compute_rebate_wallet_amount(self):
        for order in self:
            order.rebate_wallet_amount = -sum(order.order_line.filtered("is_dms_rebate").mapped("price_subtotal"))

    def _dms_rebate_max_amount(self):
        """Wallet amount the order may still use: the company share of its other lines."""
        self.ensure_one()
        base = sum(self.order_line.filtered(lambda line: not line.is_dms_rebate).mapped("price_subtotal"))
        share = self.company_id.dms_rebate_wallet_max_share / 100.0
        return self.currency_id.round(max(base * share - self.rebate_wallet_amount, 0.0))

    def _dms_apply_rebate_wallet(self, amount=None):
        """Pay ``amount`` (default: as much as allowed) of the order from the dealer's wallet.

        Adds a discount line of the Rebate product and debits the wallet, atomically.
        """
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("The rebate wallet can only be used on quotations."))
        dealer = self.partner_id.commercial_partner_id
        if not dealer.is_dealer:
            raise UserError(self.env._("Only dealers have a rebate wallet."))
        if self.currency_id != self.company_id.currency_id:
            raise UserError(self.env._("The rebate wallet can only pay orders in the company currency."))
        wallet = self.env["dms.rebate.wallet"].sudo()._get_or_create(dealer, self.company_id)
        day = fields.Date.context_today(self, self.date_order) if self.date_order else fields.Date.context_today(self)
        max_amount = self._dms_rebate_max_amount()
        if amount is None:
            wallet._lock()
            available = sum(r for _l, r in wallet._get_available_credits(day))
            amount = min(max_amount, available)
        amount = self.currency_id.round(amount)
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            raise UserError(self.env._("There is no rebate wallet amount to use on this order."))
        if self.currency_id.compare_amounts(amount, max_amount) > 0:
            raise UserError(
                self.env._(
                    "The rebate wallet may pay at most %(share)s%% of the order, i.e. %(max)s more; "
                    "%(amount)s is too much.",
                    share=self.company_id.dms_rebate_wallet_max_share,
                    max=max_amount,
                    amount=amount,
                )
            )
        product = self.env.ref("dms_rebate.product_dms_rebate")
        line = self.env["sale.order.line"].create(self._prepare_rebate_line_vals(product, amount))
        wallet._use(amount, day, self, line)
        return line

    def _prepare_rebate_line_vals(self, product, amount):
        return {
            "order_id": self.id,
            "product_id": product.id,
            "name": self.env._("Rebate wallet"),
            "product_uom_qty": 1.0,
            "price_unit": -amount,
            "tax_id": [Command.clear()],
            "sequence": 9999,
        }

    def action_dms_apply_rebate_wallet(self):
        for order in self:
            order._dms_apply_rebate_wallet()
        return True

    def _action_cancel(self):
        res = super()._action_cancel()
        self._dms_rebate_give_back(self.sudo().rebate_wallet_line_ids)
        return res

    def _dms_rebate_give_back(self, wallet_lines):
        debits = wallet_lines.sudo().filtered(lambda line: line.line_type == "debit" and not line.reversal_line_ids)
        for wallet, lines in debits.grouped("wallet_id").items():
            wallet._reverse_lines(lines, self.env._("Given back from %(order)s", order=lines.sale_order_id[:1].name))
