# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_portal_cart = fields.Boolean(
        string="Portal Cart", copy=False, index=True, help="Draft being filled in the dealer portal."
    )
    dms_ordered_by_partner_id = fields.Many2one(
        "res.partner",
        string="Ordered by Dealer",
        index=True,
        copy=False,
        help="Upstream dealer that placed this order on behalf of the customer (代客下单).",
    )
    dms_ordered_by_user_id = fields.Many2one(
        "res.users",
        string="Ordered by",
        copy=False,
        groups="base.group_user",
        help="Portal user who placed the order (back office only: a dealer's staff is not shown upstream).",
    )

    # ------------------------------------------------------------------
    # Seeing is not acting
    # ------------------------------------------------------------------
    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and self.partner_id._dms_portal_can_act()

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and self.partner_id._dms_portal_can_act()

    # ------------------------------------------------------------------
    # Portal cart
    # ------------------------------------------------------------------
    def _dms_portal_prepare_cart_vals(self, customer, user):
        ordering_dealer = user.partner_id.commercial_partner_id
        partner = user.partner_id if customer == ordering_dealer else customer
        return {
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "dms_portal_cart": True,
            "dms_ordered_by_user_id": user.id,
            "dms_ordered_by_partner_id": ordering_dealer.id if customer != ordering_dealer else False,
            "user_id": customer.user_id.id or False,
        }

    def _dms_portal_get_cart(self, customer, create=False):
        """The current user's cart for ``customer`` (its own dealer or a checked downstream one)."""
        user = self.env.user
        # sudo: explicit domain on the user's own cart
        cart = self.sudo().search(
            [
                ("dms_portal_cart", "=", True),
                ("state", "=", "draft"),
                ("dms_ordered_by_user_id", "=", user.id),
                ("partner_id.commercial_partner_id", "=", customer.id),
            ],
            limit=1,
            order="id desc",
        )
        if not cart and create:
            cart = self.sudo().create(self._dms_portal_prepare_cart_vals(customer, user))
        return cart

    def _dms_portal_add_products(self, quantities):
        """Add ``{product_id: qty}`` to the cart, merging with existing lines (one write)."""
        self.ensure_one()
        if self.state != "draft" or not self.dms_portal_cart:
            raise UserError(self.env._("This order can no longer be changed."))
        existing = {line.product_id.id: line for line in self.order_line if not line.display_type}
        commands = []
        for product_id, qty in quantities.items():
            if qty <= 0:
                continue
            line = existing.get(product_id)
            if line:
                commands.append(Command.update(line.id, {"product_uom_qty": line.product_uom_qty + qty}))
            else:
                commands.append(Command.create({"product_id": product_id, "product_uom_qty": qty}))
        if commands:
            self.write({"order_line": commands})
        return True

    def _dms_portal_submit(self):
        """Leave the cart and enter order control (approvals, credit hold) when available."""
        self.ensure_one()
        if not self.dms_portal_cart or self.state != "draft":
            raise UserError(self.env._("This order was already submitted."))
        if not self.order_line.filtered(lambda line: not line.display_type):
            raise UserError(self.env._("Add at least one product before submitting."))
        self.dms_portal_cart = False
        self.action_dms_submit()
        return True

    def _dms_portal_timeline(self):
        """Timeline steps from submitted to signed (dms_order)."""
        self.ensure_one()
        return self._dms_get_timeline()

    def _dms_portal_reorder(self, cart):
        """Copy this order's product lines into ``cart``."""
        self.ensure_one()
        quantities = {}
        for line in self.order_line.filtered(lambda line: line.product_id and not line.display_type):
            quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) + line.product_uom_qty
        return cart._dms_portal_add_products(quantities)
