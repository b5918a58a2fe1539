# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class DmsChannelPaymentAllocation(models.Model):
    """The part of a channel payment the seller names for one of the buyer's orders (split payment).

    Written with its draft payment by the payment's seller only; frozen once the payment is
    confirmed. What each order may still take is checked when the payment is confirmed, under
    the account's lock (:meth:`dms.channel.payment._channel_check_split`).
    """

    _name = "dms.channel.payment.allocation"
    _description = "Channel Payment Allocation"
    _order = "payment_id, id"

    payment_id = fields.Many2one("dms.channel.payment", string="Payment", required=True, ondelete="cascade", index=True)
    order_id = fields.Many2one("dms.channel.order", string="Order", required=True, ondelete="restrict", index=True)
    currency_id = fields.Many2one(related="payment_id.currency_id", string="Currency")
    amount = fields.Monetary(string="Amount", required=True, currency_field="currency_id")
    payment_state = fields.Selection(related="payment_id.state", string="Payment Status")

    _sql_constraints = [
        ("payment_order_uniq", "unique(payment_id, order_id)", "A payment names each order once."),
    ]

    @api.constrains("amount")
    def _check_amount(self):
        if any(allocation.amount <= 0 for allocation in self):
            raise ValidationError(self.env._("An amount paid to an order must be positive."))
        self.payment_id._check_split()

    def _check_payments(self, payments):
        """Only the seller of a draft payment changes what it names (the engine: any draft payment)."""
        payments = payments.exists()
        if any(payment.state != "draft" for payment in payments.sudo()):
            raise UserError(self.env._("The orders of a confirmed or cancelled payment cannot be changed."))
        if not self.env.su:
            payments.check_access("write")

    def _check_orders(self):
        for allocation in self.sudo():
            payment, order = allocation.payment_id, allocation.order_id
            if order.seller_id != payment.seller_id or order.buyer_id.commercial_partner_id != payment.buyer_id:
                raise AccessError(self.env._("A payment pays orders of the same seller and buyer only."))

    @api.model_create_multi
    def create(self, vals_list):
        payments = self.env["dms.channel.payment"].browse({v["payment_id"] for v in vals_list if v.get("payment_id")})
        self._check_payments(payments)
        allocations = super().create(vals_list)
        allocations._check_orders()
        return allocations

    def write(self, vals):
        self._check_payments(self.payment_id)
        if vals.get("payment_id"):
            self._check_payments(self.env["dms.channel.payment"].browse(vals["payment_id"]))
        result = super().write(vals)
        self._check_orders()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        self._check_payments(self.payment_id)
