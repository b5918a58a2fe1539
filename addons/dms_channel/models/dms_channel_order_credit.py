# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError

from odoo.addons.dms_order.tools import credit


class DmsChannelOrder(models.Model):
    """Accepting an order checks the buyer's credit with its seller (dms_order's credit decision)."""

    _inherit = "dms.channel.order"

    def _workflow_check(self, transition, reason):
        result = super()._workflow_check(transition, reason)
        if transition.name == "accept":
            self._channel_check_credit()
        return result

    def _channel_check_credit(self):
        self.ensure_one()
        order = self.sudo()
        account = (
            self.env["dms.channel.account"]
            .sudo()
            .search(
                [
                    ("seller_id", "=", order.seller_id.id),
                    ("buyer_id", "=", order.buyer_id.id),
                    ("company_id", "=", order.company_id.id),
                    ("credit_limit", ">", 0),
                ],
                limit=1,
            )
        )
        if not account:
            return True  # no limit set by the seller: nothing to check
        # serialise with any other acceptance for this buyer: a concurrent one fails to serialise and is retried
        account._channel_credit_lock()
        reason = account._channel_credit_decision(order.amount_total, exclude_order=order)
        if reason == credit.OVERDUE:
            raise UserError(
                self.env._(
                    "%(buyer)s has overdue payments to %(seller)s: %(order)s cannot be accepted.",
                    buyer=order.buyer_id.display_name,
                    seller=order.seller_id.display_name,
                    order=order.name,
                )
            )
        if reason:
            raise UserError(
                self.env._(
                    "Accepting %(order)s would take %(buyer)s over the credit limit %(seller)s gave it.",
                    order=order.name,
                    buyer=order.buyer_id.display_name,
                    seller=order.seller_id.display_name,
                )
            )
        return True
