# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import prepayment


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_prepayment_line_ids = fields.One2many(
        "dms.prepayment.line", "sale_order_id", string="Prepayment Movements", copy=False
    )
    dms_prepayment_move_ids = fields.One2many(
        "account.move", "dms_prepayment_order_id", string="Prepayment Applications", copy=False
    )
    dms_prepaid_amount = fields.Monetary(
        string="Paid from Prepayment",
        compute="_compute_dms_prepaid_amount",
        store=True,
        currency_field="dms_company_currency_id",
        help="Taken from the dealer's prepayment balance for this order (net of what was given back).",
    )
    dms_prepaid_applied = fields.Monetary(
        string="Prepayment Applied to Invoices",
        compute="_compute_dms_prepaid_amount",
        store=True,
        currency_field="dms_company_currency_id",
    )

    @api.depends(
        "dms_prepayment_line_ids.amount",
        "dms_prepayment_move_ids.state",
        "dms_prepayment_move_ids.dms_prepayment_amount",
    )
    def _compute_dms_prepaid_amount(self):
        for order in self:
            order.dms_prepaid_amount = -sum(order.dms_prepayment_line_ids.mapped("amount"))
            order.dms_prepaid_applied = sum(
                order.dms_prepayment_move_ids.filtered(lambda m: m.state == "posted").mapped("dms_prepayment_amount")
            )

    @api.depends(
        "state",
        "currency_rate",
        "order_line.price_total",
        "order_line.product_uom_qty",
        "order_line.qty_invoiced",
        "dms_prepaid_amount",
        "dms_prepaid_applied",
    )
    def _compute_dms_credit_amount(self):
        """What is prepaid and not yet invoiced is no credit exposure."""
        res = super()._compute_dms_credit_amount()
        for order in self:
            if order.state == "sale":
                unapplied = max(order.dms_prepaid_amount - order.dms_prepaid_applied, 0.0)
                order.dms_credit_amount = max(order.dms_credit_amount - unapplied, 0.0)
        return res

    def _dms_amount_company(self):
        """The credit check at confirmation counts only what is not prepaid."""
        amount = super()._dms_amount_company()
        return max(amount - self.dms_prepaid_amount, 0.0)

    # ------------------------------------------------------------------ paying from the balance
    def _dms_prepayment_due(self):
        """What the order still owes that the prepayment balance may pay (company currency)."""
        self.ensure_one()
        return self.company_id.currency_id.round(self.amount_total - self.dms_prepaid_amount)

    def _dms_prepayment_check_caller(self):
        """The order's own dealer (portal) or a back-office user who may change the order."""
        self.ensure_one()
        user = self.env.user
        if self.env.su:
            return
        self.check_access("read")
        if user.share:
            if not self.dealer_id or user.partner_id.commercial_partner_id != self.dealer_id:
                raise AccessError(self.env._("Only the dealer of %(order)s can pay it.", order=self.name))
            return
        self.check_access("write")

    def action_dms_pay_prepayment(self, amount=None):
        """Pay ``amount`` (default: all that is due, up to the balance) of this order from the dealer's
        prepayment balance. Refused beyond the balance or beyond what the order owes."""
        self.ensure_one()
        self._dms_prepayment_check_caller()
        order = self.sudo()  # the ledger is written by this method only, after the checks above
        if not order.dealer_id or order.state == "cancel" or order.dms_state == "cancel":
            raise UserError(self.env._("%(order)s cannot be paid from the prepayment balance.", order=self.name))
        if order.currency_id != order.company_id.currency_id:
            raise UserError(
                self.env._(
                    "The prepayment balance pays orders in %(currency)s only.",
                    currency=order.company_id.currency_id.name,
                )
            )
        if amount is None:
            order.dealer_id._dms_prepayment_lock()
            amount = min(order._dms_prepayment_due(), order.dealer_id._dms_prepayment_balance(order.company_id))
        return order._dms_prepayment_use(amount)

    def _dms_prepayment_use(self, amount):
        """Take ``amount`` from the balance for this order, under the dealer lock."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        try:
            amount = currency.round(float(amount))
        except (TypeError, ValueError):
            raise UserError(self.env._("The amount to pay is not a number.")) from None
        self.dealer_id._dms_prepayment_lock()
        self.invalidate_recordset(["dms_prepaid_amount", "dms_prepaid_applied"])
        balance = self.dealer_id._dms_prepayment_balance(company)
        due = self._dms_prepayment_due()
        problem = prepayment.check_use(amount, balance, due, currency.rounding)
        if problem == prepayment.NOT_POSITIVE:
            raise UserError(self.env._("Nothing to pay: the amount must be positive."))
        if problem == prepayment.OVER_BALANCE:
            raise UserError(
                self.env._(
                    "The prepayment balance of %(dealer)s is %(balance)s: %(amount)s cannot be paid from it.",
                    dealer=self.dealer_id.display_name,
                    balance=currency.format(balance),
                    amount=currency.format(amount),
                )
            )
        if problem == prepayment.OVER_DUE:
            raise UserError(
                self.env._(
                    "%(order)s owes %(due)s: %(amount)s is more than that.",
                    order=self.name,
                    due=currency.format(due),
                    amount=currency.format(amount),
                )
            )
        line = self.env["dms.prepayment.line"].create(
            {
                "partner_id": self.dealer_id.id,
                "company_id": company.id,
                "line_type": "order",
                "amount": -amount,
                "sale_order_id": self.id,
                "name": self.env._("Paid %(order)s", order=self.name),
            }
        )
        self.message_post(
            body=self.env._("%(amount)s paid from the prepayment balance.", amount=currency.format(amount)),
            subtype_xmlid="mail.mt_note",
        )
        # invoices already posted take their share at once
        invoices = self.invoice_ids.filtered(lambda m: m.state == "posted" and m.move_type == "out_invoice")
        invoices._dms_prepayment_apply()
        return line

    def _dms_prepayment_unapplied(self):
        self.ensure_one()
        return self.company_id.currency_id.round(self.dms_prepaid_amount - self.dms_prepaid_applied)

    def _action_cancel(self):
        res = super()._action_cancel()
        self.sudo()._dms_prepayment_release(self.env._("Order cancelled"))
        return res

    def _dms_prepayment_release(self, reason):
        """Give back to the balance what these orders reserved and no invoice used."""
        Line = self.env["dms.prepayment.line"]
        for order in self.filtered("dms_prepayment_line_ids"):
            unapplied = order._dms_prepayment_unapplied()
            if order.company_id.currency_id.compare_amounts(unapplied, 0.0) <= 0:
                continue
            order.dealer_id._dms_prepayment_lock()
            Line.create(
                {
                    "partner_id": order.dealer_id.id,
                    "company_id": order.company_id.id,
                    "line_type": "release",
                    "amount": unapplied,
                    "sale_order_id": order.id,
                    "name": reason,
                }
            )
        return True
