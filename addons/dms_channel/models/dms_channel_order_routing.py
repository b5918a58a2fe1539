# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

#: fields of a channel order only trusted server code writes (portal routing, ordering on behalf)
ROUTING_PROTECTED = ("portal_cart_ref", "placed_by_partner_id", "placed_by_user_id")
#: what the buyer (or the seller ordering for it) fills in while the order is a draft
ROUTING_FROZEN = ("delivery_partner_id", "requested_date", "client_order_ref")


class DmsChannelOrder(models.Model):
    """Channel orders coming from the portal cart, or placed by the seller for its customer (代客下单)."""

    _inherit = "dms.channel.order"

    delivery_partner_id = fields.Many2one(
        "res.partner", string="Delivery Address", help="Where the seller delivers (the buyer's address when empty)."
    )
    requested_date = fields.Datetime(string="Requested Delivery Date")
    client_order_ref = fields.Char(string="Buyer Reference", help="The buyer's purchase order number.")
    portal_cart_ref = fields.Integer(
        string="Portal Cart", readonly=True, copy=False, index="btree_not_null", help="The portal cart it replaced."
    )
    placed_by_partner_id = fields.Many2one(
        "res.partner",
        string="Placed by",
        readonly=True,
        copy=False,
        help="The dealer who placed the order for the buyer (the seller ordering on behalf of its customer).",
    )
    placed_by_user_id = fields.Many2one("res.users", string="Placed by User", readonly=True, copy=False)

    def _workflow_guarded_fields(self):
        return super()._workflow_guarded_fields() | set(ROUTING_PROTECTED)

    def write(self, vals):
        if ROUTING_FROZEN and set(ROUTING_FROZEN) & vals.keys() and not self._workflow_is_engine():
            locked = self.filtered(lambda order: order.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "%(order)s is %(state)s: its delivery details can no longer be changed.",
                        order=locked[0].display_name,
                        state=locked[0]._workflow_state_label(locked[0].state),
                    )
                )
        return super().write(vals)

    def _workflow_check(self, transition, reason):
        order = self.sudo()
        if (
            transition.name == "submit"
            and order.placed_by_partner_id
            and order.placed_by_partner_id == order.seller_id
            and "seller" in self._channel_side()
        ):
            # the seller placed this order for its customer (代客下单): it submits it too
            if not order.line_ids:
                raise UserError(self.env._("Add at least one line to %(order)s before submitting it.", order=self.name))
            return True
        return super()._workflow_check(transition, reason)

    # ------------------------------------------------------------------
    # Server-side creation
    # ------------------------------------------------------------------
    @api.model
    def _channel_create_placed(self, buyer, lines, user, extra=None):
        """Create and submit a channel order of ``buyer`` placed by ``user`` (trusted caller).

        :param lines: ``[(product, qty, uom or False)]``
        :param extra: more fields (delivery address, requested date, note, reference, portal cart)
        The submit step runs as ``user`` when it is a party (the buyer, or the seller who placed it),
        else as the system.
        """
        buyer = buyer.commercial_partner_id
        placer = user.partner_id.commercial_partner_id
        vals = dict(
            extra or {},
            buyer_id=buyer.id,
            placed_by_user_id=user.id,
            placed_by_partner_id=placer.id if placer != buyer else False,
            line_ids=[
                fields.Command.create(
                    {"product_id": product.id, "product_qty": qty, **({"product_uom_id": uom.id} if uom else {})}
                )
                for product, qty, uom in lines
            ],
        )
        order = self.sudo()._workflow_create([vals])
        # the step is the placer's when it is a party of the order, else the system's
        actor = order.with_user(user).sudo()
        if placer not in (buyer, order.seller_id):
            actor = order._workflow_as_system()
        actor.action_submit()
        return order

    # ------------------------------------------------------------------
    # Ordering for a customer (代客下单)
    # ------------------------------------------------------------------
    @api.model
    def _channel_seller_customers(self, seller):
        """Direct downstream customers ``seller`` sells to (served by it, not by the brand)."""
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [("dealer_parent_id", "=", seller.id), ("dms_served_by", "=", "dealer"), ("is_company", "=", True)],
                order="name, id",
            )
        )

    @api.model
    def _channel_seller_catalog(self, seller, customer):
        """Products ``seller`` offers ``customer``: those of its price policies, and those it holds in stock."""
        products = customer.sudo()._dms_portal_catalog_products()
        stock = self.env["dms.channel.stock"].sudo().search([("dealer_id", "=", seller.id), ("qty_on_hand", ">", 0)])
        return (products | stock.product_id).filtered("sale_ok")

    @api.model
    def _channel_create_for_customer(self, customer_id, quantities, accept=False, extra=None):
        """Create and submit (and, with ``accept``, accept) an order for a direct customer of the user's dealer.

        Called as the seller's portal user. :param quantities: ``{product_id: qty}``
        :param extra: ``note``, ``client_order_ref``, ``requested_date``, ``delivery_partner_id`` (checked)
        """
        user = self.env.user
        seller = user.partner_id.commercial_partner_id
        if not user.has_group("dms_dealer.group_dms_portal_user") and not self.env.su:
            raise AccessError(self.env._("Only a dealer's portal users order for their customers."))
        try:
            customer = self.env["res.partner"].sudo().browse(int(customer_id)).exists()
        except (TypeError, ValueError):
            customer = self.env["res.partner"]
        if not customer or customer not in self._channel_seller_customers(seller):
            raise AccessError(self.env._("You can only order for your own direct customers."))
        catalog = self._channel_seller_catalog(seller, customer)
        lines = []
        for product_id, qty in (quantities or {}).items():
            try:
                product, qty = self.env["product.product"].sudo().browse(int(product_id)).exists(), float(qty)
            except (TypeError, ValueError) as exc:
                raise UserError(self.env._("Quantities must be numbers.")) from exc
            if qty < 0:
                raise UserError(self.env._("A quantity cannot be negative."))
            if not qty:
                continue
            if not product or product not in catalog:
                raise UserError(
                    self.env._("%(product)s is not in your offer to this customer.", product=product.display_name)
                )
            lines.append((product, qty, False))
        if not lines:
            raise UserError(self.env._("Add at least one product before submitting."))
        extra = {key: value for key, value in (extra or {}).items() if key in ("note", "client_order_ref")}
        order = self._channel_create_placed(customer, lines, user, extra)
        if accept:
            order.with_user(user).action_accept()
        return order.with_env(self.env)
