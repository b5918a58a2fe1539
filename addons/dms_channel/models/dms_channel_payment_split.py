# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import statement


class DmsChannelPayment(models.Model):
    """One payment split over chosen orders of the buyer (an amount each).

    The amounts named never exceed the payment (checked on write) nor, when the seller confirms
    it, what each order still owes; the confirmation locks the account first, so two payments
    confirmed at once for the same orders serialise (the second sees the first, or fails to
    serialise and is retried). What is not named pays the oldest due orders.
    """

    _inherit = "dms.channel.payment"
    # the base's frozen fields, and the split
    _workflow_frozen_fields = ("buyer_id", "amount", "date", "method", "proof", "note", "order_id", "allocation_ids")

    allocation_ids = fields.One2many(
        "dms.channel.payment.allocation", "payment_id", string="Split over Orders", copy=False
    )
    amount_allocated = fields.Monetary(
        string="Named for Orders", compute="_compute_amount_allocated", currency_field="currency_id"
    )

    @api.depends("allocation_ids.amount")
    def _compute_amount_allocated(self):
        for payment in self:
            payment.amount_allocated = sum(payment.allocation_ids.mapped("amount"))

    @api.constrains("amount", "order_id", "allocation_ids")
    def _check_split(self):
        for payment in self.sudo():
            if not payment.allocation_ids:
                continue
            if payment.order_id:
                raise ValidationError(self.env._("A payment names one order or splits over several, not both."))
            rounding = payment.currency_id.rounding or 0.01
            if sum(payment.allocation_ids.mapped("amount")) - payment.amount > rounding / 2:
                raise ValidationError(
                    self.env._(
                        "%(payment)s names %(named)s for orders, more than its amount %(amount)s.",
                        payment=payment.display_name,
                        named=sum(payment.allocation_ids.mapped("amount")),
                        amount=payment.amount,
                    )
                )

    def _channel_split(self):
        """``{order id: amount}`` this payment names."""
        self.ensure_one()
        return {allocation.order_id.id: allocation.amount for allocation in self.sudo().allocation_ids}

    def _channel_check_split(self):
        """Before confirming: each order named owes at least its amount (the account locked first)."""
        self.ensure_one()
        payment = self.sudo()
        account = payment.account_id
        # every confirmation of the account serialises here, split or not: what an order owes
        # depends on the payments confirmed before
        account._channel_credit_lock()
        split = payment._channel_split()
        if not split:
            return
        rows, _unallocated = account._channel_order_lines()
        open_amounts = {row["key"]: row["open"] for row in rows}
        problems = statement.split_problems(split, payment.amount, open_amounts, payment.currency_id.rounding)
        if not problems:
            return
        code, key = problems[0]
        order = self.env["dms.channel.order"].sudo().browse(key)
        if code == "open":
            raise UserError(
                self.env._(
                    "%(order)s owes %(open)s: the payment cannot name %(amount)s for it.",
                    order=order.name,
                    open=open_amounts.get(key, 0.0),
                    amount=split[key],
                )
            )
        if code == "order":
            raise UserError(
                self.env._("%(order)s has nothing shipped and open: a payment cannot name it.", order=order.name)
            )
        if code == "amount":
            raise UserError(self.env._("An amount paid to an order must be positive."))
        raise UserError(self.env._("The amounts named for orders exceed the payment."))

    def _workflow_check(self, transition, reason):
        result = super()._workflow_check(transition, reason)
        if transition.name == "confirm":
            self._channel_check_split()
        return result
