# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .sale_order_line import WALLET_KEY, WALLET_MARK


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
        line = (
            self.env["sale.order.line"]
            .with_context(**{WALLET_KEY: WALLET_MARK})
            .create(self._prepare_rebate_line_vals(product, amount))
            .with_context(**{WALLET_KEY: False})
        )
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

    def _get_copiable_order_lines(self):
        # a copy never carries the wallet line: its debit belongs to the original order
        return super()._get_copiable_order_lines().filtered(lambda line: not line.is_dms_rebate)

    def _get_update_prices_lines(self):
        # the wallet line keeps the amount debited from the wallet
        return super()._get_update_prices_lines().filtered(lambda line: not line.is_dms_rebate)

    def action_confirm(self):
        self._dms_rebate_check_wallet_lines()
        return super().action_confirm()

    def _dms_rebate_check_wallet_lines(self):
        """At confirmation, each wallet line is still backed by its own wallet debit, within the
        company's share of the order, and the wallets are not overdrawn; else refuse clearly."""
        WalletLine = self.env["dms.rebate.wallet.line"].sudo()
        for order in self:
            lines = order.order_line.filtered("is_dms_rebate")
            if not lines:
                continue
            currency = order.currency_id
            debits = WalletLine.search([("sale_line_id", "in", lines.ids), ("line_type", "=", "debit")]).filtered(
                lambda debit: not debit.reversal_line_ids
            )
            for line in lines:
                debited = -sum(debits.filtered(lambda debit, line=line: debit.sale_line_id == line).mapped("amount"))
                if (
                    currency.compare_amounts(line.price_unit, 0.0) >= 0
                    or line.product_uom_qty != 1.0
                    or line.discount
                    or line.tax_id
                    or currency.compare_amounts(-line.price_subtotal, debited)
                ):
                    raise UserError(
                        self.env._(
                            "%(order)s: the rebate wallet line of %(amount)s does not match its wallet debit "
                            "of %(debited)s. Remove the line and use the rebate wallet again.",
                            order=order.display_name,
                            amount=-line.price_subtotal,
                            debited=debited,
                        )
                    )
            for wallet in debits.wallet_id:
                balance = sum(WalletLine.search([("wallet_id", "=", wallet.id)]).mapped("amount"))
                if currency.compare_amounts(balance, 0.0) < 0:
                    raise UserError(
                        self.env._(
                            "The rebate wallet of %(dealer)s is overdrawn (%(balance)s): %(order)s cannot be "
                            "confirmed with its rebate wallet line.",
                            dealer=wallet.partner_id.display_name,
                            balance=balance,
                            order=order.display_name,
                        )
                    )
            base = sum(order.order_line.filtered(lambda line: not line.is_dms_rebate).mapped("price_subtotal"))
            share = order.company_id.dms_rebate_wallet_max_share
            cap = currency.round(max(base, 0.0) * share / 100.0)
            if currency.compare_amounts(order.rebate_wallet_amount, cap) > 0:
                raise UserError(
                    self.env._(
                        "The rebate wallet pays %(amount)s of %(order)s but at most %(share)s%% of its other "
                        "lines, i.e. %(max)s, is allowed. Remove the rebate wallet line and use the wallet again.",
                        amount=order.rebate_wallet_amount,
                        order=order.display_name,
                        share=share,
                        max=cap,
                    )
                )
            if currency.compare_amounts(order.amount_total, 0.0) < 0:
                raise UserError(
                    self.env._(
                        "%(order)s totals %(amount)s: an order paid by the rebate wallet cannot be negative.",
                        order=order.display_name,
                        amount=order.amount_total,
                    )
                )

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
