# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..tools import order_import

#: longest purchase-order reference and remarks accepted from the portal
MAX_REF_LENGTH = 64
MAX_NOTE_LENGTH = 2000


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
        # never a product outside the customer's assortment (经营范围), whatever the route
        products = self.env["product.product"].browse([pid for pid, qty in quantities.items() if qty > 0])
        message = self.env["dms.assortment"]._get_refusal_message(
            self.partner_id.commercial_partner_id,
            products.sudo().filtered(lambda p: p.type != "service"),
            self.company_id,
        )
        if message:
            raise UserError(message)
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

    def _dms_portal_checkout(self, shipping_id=None, commitment_date=None, client_order_ref=None, note=None):
        """Write the checkout choices of the portal on the cart (whitelisted fields, checked).

        The delivery address is one of the customer's delivery addresses, chosen explicitly
        (never silently the first one); the customer's own address only when it has none.
        """
        self.ensure_one()
        if not self.dms_portal_cart or self.state != "draft":
            raise UserError(self.env._("This order was already submitted."))
        customer = self.partner_id.commercial_partner_id
        addresses = customer._dms_portal_delivery_addresses()
        if addresses:
            shipping = addresses.filtered(lambda address: str(address.id) == str(shipping_id or ""))
            if not shipping:
                raise UserError(self.env._("Choose the delivery address of this order."))
        else:
            shipping = customer
        date = False
        if commitment_date:
            try:
                date = fields.Date.to_date(commitment_date)
            except ValueError:
                raise UserError(
                    self.env._("The requested delivery date %(date)s is not a date.", date=commitment_date)
                ) from None
            if date < fields.Date.context_today(self):
                raise UserError(self.env._("The requested delivery date cannot be in the past."))
        reference = (client_order_ref or "").strip()
        if len(reference) > MAX_REF_LENGTH:
            raise UserError(
                self.env._("The purchase-order reference is longer than %(size)s characters.", size=MAX_REF_LENGTH)
            )
        remarks = (note or "").strip()
        if len(remarks) > MAX_NOTE_LENGTH:
            raise UserError(self.env._("The remarks are longer than %(size)s characters.", size=MAX_NOTE_LENGTH))
        vals = {
            "partner_shipping_id": shipping.id,
            # noon UTC: the same calendar day in every time zone from UTC-11 to UTC+11
            "commitment_date": datetime.datetime.combine(date, datetime.time(12)) if date else False,
            "client_order_ref": reference or False,
        }
        if remarks:
            vals["note"] = plaintext2html(remarks)
        # sudo: the portal user writes only these checked values on its own cart
        self.sudo().write(vals)
        return True

    def _dms_portal_summary(self):
        """Order summary shown before submitting: every priced line (products, promotions,
        rebate wallet) and the totals; the line subtotals add up to the untaxed amount."""
        self.ensure_one()
        order = self.sudo()
        lines = []
        for line in order.order_line.filtered(lambda line: not line.display_type):
            if "is_dms_rebate" in line._fields and line.is_dms_rebate:
                kind = "wallet"
            elif "reward_id" in line._fields and line.reward_id:
                kind = "promotion"
            else:
                kind = "product"
            lines.append(
                {
                    "line": line,
                    "kind": kind,
                    "code": line.product_id.default_code or "",
                    "name": line.product_id.name if kind == "product" else line.name,
                    "qty": order_import.format_quantity(line.product_uom_qty),
                    "uom": line.product_uom.name,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "subtotal": line.price_subtotal,
                    "tax": line.price_tax,
                }
            )
        return {
            "lines": lines,
            "untaxed": order.amount_untaxed,
            "tax": order.amount_tax,
            "total": order.amount_total,
            "currency": order.currency_id,
        }

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
