# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class SaleOrder(models.Model):
    """Portal carts of customers served by their dealer become channel orders of that dealer."""

    _inherit = "sale.order"

    def _dms_channel_cart_lines(self):
        return self.order_line.filtered(
            lambda line: (
                line.product_id
                and not line.display_type
                and not getattr(line, "is_reward_line", False)
                and not getattr(line, "is_delivery", False)
            )
        )

    def _dms_portal_submit(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if not customer.sudo()._dms_channel_seller():
            return super()._dms_portal_submit()
        return self._dms_channel_submit_cart()

    # the brand's promotions and rebate wallet pay for the brand's own sales: a cart that will
    # become a channel order of the customer's dealer gets neither
    def _dms_channel_served_cart(self):
        self.ensure_one()
        return bool(self.partner_id.commercial_partner_id.sudo()._dms_channel_seller())

    def _dms_portal_auto_claimable(self, coupon, rewards):
        if self._dms_channel_served_cart():
            return False
        return super()._dms_portal_auto_claimable(coupon, rewards)

    def _dms_portal_claimable_choices(self):
        if self._dms_channel_served_cart():
            return []
        return super()._dms_portal_claimable_choices()

    def _dms_portal_wallet_info(self):
        info = super()._dms_portal_wallet_info()
        if self._dms_channel_served_cart():
            info["allowed"] = False
        return info

    def _dms_portal_set_wallet(self, amount):
        # who may spend the wallet at all is dms_portal's check (its own message first)
        if self._dms_channel_served_cart() and self.partner_id._dms_portal_can_act():
            raise UserError(self.env._("This order goes to your dealer: the brand's rebate wallet cannot pay for it."))
        return super()._dms_portal_set_wallet(amount)

    def _dms_channel_submit_cart(self):
        """Turn this draft portal cart into a submitted channel order and delete the cart.

        The cart was never confirmed: it has no delivery, invoice or receivable, and leaves none.
        """
        self.ensure_one()
        if not self.dms_portal_cart or self.state != "draft":
            raise UserError(self.env._("This order was already submitted."))
        cart = self.sudo()
        lines = cart._dms_channel_cart_lines()
        if not lines:
            raise UserError(self.env._("Add at least one product before submitting."))
        customer = cart.partner_id.commercial_partner_id
        extra = {
            "company_id": cart.company_id.id,
            "portal_cart_ref": cart.id,
            "note": _plain(cart.note),
            "client_order_ref": cart.client_order_ref or False,
            "requested_date": cart.commitment_date or False,
            "delivery_partner_id": cart.partner_shipping_id.id
            if cart.partner_shipping_id and cart.partner_shipping_id != cart.partner_id
            else False,
        }
        order = self.env["dms.channel.order"]._channel_create_placed(
            customer,
            [(line.product_id, line.product_uom_qty, line.product_uom) for line in lines],
            self.env.user,
            extra,
        )
        cart.unlink()
        return order


def _plain(html):
    text = html2plaintext(html or "").strip() if html else ""
    return text or False
