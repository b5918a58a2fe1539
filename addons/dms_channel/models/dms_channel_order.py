# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import allocation
from .dms_channel_stock_move import LEDGER, LEDGER_KEY

_lt = LazyTranslate(__name__)

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("shipped", "Shipped"),
    ("received", "Received"),
    ("received_with_discrepancy", "Received with Discrepancy"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]

#: which party acts on each transition ("seller" / "buyer")
SIDES = {
    "submit": ("buyer",),
    "accept": ("seller",),
    "reject": ("seller",),
    "ship": ("seller",),
    "receive": ("buyer",),
    "receive_with_discrepancy": ("buyer",),
    "resolve": ("seller",),
    "cancel": ("buyer", "seller"),
}

PORTAL = ("dms_dealer.group_dms_portal_user",)


class DmsChannelOrder(models.Model):
    """An order of a downstream customer to its upstream dealer (订单归属).

    The dealer is the seller: it accepts, ships from its own channel stock and is paid.
    Nothing of it becomes the brand's sales order, delivery, invoice or receivable.
    """

    _name = "dms.channel.order"
    _description = "Channel Order"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "date desc, id desc"

    _workflow_protected_fields = (
        "name",
        "seller_id",
        "date_submitted",
        "date_accepted",
        "reject_reason",
        "discrepancy_note",
        "resolution_note",
    )
    _workflow_frozen_fields = ("buyer_id", "date", "company_id", "line_ids", "note")
    _workflow_editable_states = ("draft",)

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", index="trigram")
    state = fields.Selection(STATES, string="Status", default="draft", required=True, readonly=True, copy=False)
    buyer_id = fields.Many2one(
        "res.partner",
        string="Buyer",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id.commercial_partner_id,
        domain="[('is_company', '=', True)]",
        help="The downstream customer who orders.",
    )
    seller_id = fields.Many2one(
        "res.partner",
        string="Seller",
        compute="_compute_seller_id",
        store=True,
        readonly=True,
        index=True,
        help="The upstream dealer who sells: the buyer's dealer when the buyer is served by its dealer.",
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", store=True)
    date = fields.Datetime(string="Order Date", required=True, default=fields.Datetime.now)
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    date_accepted = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    line_ids = fields.One2many("dms.channel.order.line", "order_id", string="Lines", copy=True)
    shipment_ids = fields.One2many("dms.channel.shipment", "order_id", string="Shipments", readonly=True)
    note = fields.Text(string="Note")
    reject_reason = fields.Char(string="Rejection Reason", readonly=True, copy=False)
    discrepancy_note = fields.Text(string="Discrepancy", readonly=True, copy=False)
    resolution_note = fields.Text(string="Resolution", readonly=True, copy=False)
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_amounts", store=True, currency_field="currency_id")
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True, currency_field="currency_id")
    ship_status = fields.Selection(
        [("none", "Nothing Shipped"), ("partial", "Partially Shipped"), ("full", "Fully Shipped")],
        string="Shipping",
        compute="_compute_ship_status",
        store=True,
    )
    seller_territory_id = fields.Many2one(related="seller_id.territory_id", string="Seller Territory")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("buyer_id", "buyer_id.dms_served_by", "buyer_id.dealer_parent_id")
    def _compute_seller_id(self):
        for order in self:
            if order.state != "draft" and order.seller_id:
                order.seller_id = order.seller_id  # the seller of a submitted order never changes
                continue
            order.seller_id = order.buyer_id.sudo()._dms_channel_seller().id if order.buyer_id else False

    @api.depends("line_ids.price_subtotal", "line_ids.price_tax", "line_ids.price_total")
    def _compute_amounts(self):
        for order in self:
            order.amount_untaxed = sum(order.line_ids.mapped("price_subtotal"))
            order.amount_tax = sum(order.line_ids.mapped("price_tax"))
            order.amount_total = sum(order.line_ids.mapped("price_total"))

    @api.depends("line_ids.qty_shipped", "line_ids.product_qty")
    def _compute_ship_status(self):
        for order in self:
            lines = order.line_ids
            if not any(lines.mapped("qty_shipped")):
                order.ship_status = "none"
            elif all(
                float_compare(line.qty_shipped, line.product_qty, precision_rounding=line.product_uom_id.rounding) >= 0
                for line in lines
            ):
                order.ship_status = "full"
            else:
                order.ship_status = "partial"

    @api.constrains("buyer_id", "seller_id")
    def _check_parties(self):
        for order in self:
            if not order.seller_id:
                raise ValidationError(
                    self.env._(
                        "%(buyer)s is served by the brand: its orders are the brand's sales orders, "
                        "not channel orders.",
                        buyer=order.buyer_id.display_name,
                    )
                )
            if order.seller_id == order.buyer_id.commercial_partner_id:
                raise ValidationError(self.env._("A dealer cannot order from itself."))

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        sequence = self.env["ir.sequence"].sudo()
        for order in orders:
            order._workflow_write({"name": sequence.next_by_code("dms.channel.order") or "/"})
        return orders

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("submit", ("draft",), "submitted", PORTAL, workflow.SUBMIT, label=_lt("Submit")),
            workflow.Transition("accept", ("submitted",), "accepted", PORTAL, workflow.OTHER, label=_lt("Accept")),
            workflow.Transition(
                "reject", ("submitted",), "rejected", PORTAL, workflow.REJECT, reason=True, label=_lt("Reject")
            ),
            workflow.Transition("ship", ("accepted", "shipped"), "shipped", PORTAL, workflow.OTHER, label=_lt("Ship")),
            workflow.Transition("receive", ("shipped",), "received", PORTAL, workflow.OTHER, label=_lt("Receive")),
            workflow.Transition(
                "receive_with_discrepancy",
                ("shipped",),
                "received_with_discrepancy",
                PORTAL,
                workflow.OTHER,
                reason=True,
                label=_lt("Receive with discrepancy"),
            ),
            workflow.Transition(
                "resolve",
                ("received_with_discrepancy",),
                "done",
                PORTAL,
                workflow.OTHER,
                reason=True,
                label=_lt("Resolve the discrepancy"),
            ),
            workflow.Transition(
                "cancel", ("draft", "submitted", "accepted"), "cancel", PORTAL, workflow.RESET, label=_lt("Cancel")
            ),
            # the system's step when the seller cancelled its last shipment (dms.channel.shipment.action_cancel)
            workflow.Transition(
                "unship", ("shipped",), "accepted", (), workflow.OTHER, label=_lt("Shipments cancelled")
            ),
        ]

    def _channel_side(self, user=None):
        """Sides ("seller", "buyer") the user's company holds on this order."""
        self.ensure_one()
        partner = (user or self.env.user).sudo().partner_id.commercial_partner_id
        order = self.sudo()  # parties read as the system: a seller may not read its customer's card
        sides = set()
        if partner == order.seller_id:
            sides.add("seller")
        if partner == order.buyer_id.commercial_partner_id:
            sides.add("buyer")
        return sides

    def _workflow_check(self, transition, reason):
        if self.env.uid == SUPERUSER_ID:
            return True
        allowed = set(SIDES.get(transition.name, ()))
        if transition.name == "cancel" and self.state != "accepted":
            allowed = {"buyer"}  # the seller rejects what it has not accepted
        if not allowed & self._channel_side():
            raise AccessError(
                self.env._(
                    "Only the %(side)s of %(order)s can %(action)s it.",
                    side=self.env._("seller") if "seller" in allowed else self.env._("buyer"),
                    order=self.display_name,
                    action=self._workflow_transition_label(transition),
                )
            )
        if transition.name == "submit" and not self.line_ids:
            raise UserError(self.env._("Add at least one line to %(order)s before submitting it.", order=self.name))
        return True

    def _channel_portal_actions(self):
        """Names of the steps the current user may take on this order now (for the portal buttons)."""
        self.ensure_one()
        sides = self._channel_side()
        actions = set()
        for transition in self._workflow_transitions():
            if self.state not in transition.sources:
                continue
            allowed = set(SIDES.get(transition.name, ()))
            if transition.name == "cancel" and self.state != "accepted":
                allowed = {"buyer"}
            if allowed & sides:
                actions.add("receive" if transition.name == "receive_with_discrepancy" else transition.name)
        if self.state == "shipped" and not any(line.qty_to_ship for line in self.sudo().line_ids):
            actions.discard("ship")
        return actions

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_submit(self):
        self.check_access("read")
        for order in self.sudo():
            for line in order.line_ids:
                if float_compare(line.product_qty, 0.0, precision_rounding=line.product_uom_id.rounding) <= 0:
                    raise UserError(self.env._("Every line of %(order)s needs a positive quantity.", order=order.name))
        return self._workflow_apply("submit", vals={"date_submitted": fields.Datetime.now()})

    def action_accept(self):
        return self._workflow_apply("accept", vals={"date_accepted": fields.Datetime.now()})

    def action_reject(self, reason=None):
        return self._workflow_apply("reject", reason=reason, vals={"reject_reason": (reason or "").strip()})

    def action_cancel(self, reason=None):
        return self._workflow_apply("cancel", reason=reason)

    def action_ship(self, quantities=None, carrier=None, tracking_ref=None):
        """Ship (part of) the order from the seller's channel stock.

        :param quantities: ``{line_id: qty}`` (default: everything not shipped yet)
        :param carrier: name of the carrier; :param tracking_ref: its tracking number
        """
        self.ensure_one()
        with self.env.cr.savepoint():
            self._workflow_apply("ship")
            # the caller is the seller (checked above): units and stock are read as the system
            order = self.sudo()
            todo = order._channel_ship_quantities(quantities)
            order._channel_ship(todo, carrier, tracking_ref)
        return True

    def action_receive(self, quantities=None, note=None):
        """The buyer confirms receipt of what was shipped.

        :param quantities: ``{line_id: qty received}`` (default: what was shipped)
        :param note: required when a quantity differs (shortage, damage)
        """
        self.ensure_one()
        self.check_access("read")
        order = self.sudo()
        shipped = {line.id: line.qty_shipped for line in order.line_ids}
        received = order._channel_receive_quantities(quantities, shipped)
        note = (note or "").strip()
        name = "receive_with_discrepancy" if allocation.discrepancy(shipped, received) or note else "receive"
        if name == "receive_with_discrepancy" and not note:
            raise UserError(self.env._("Describe the shortage or damage of %(order)s.", order=self.name))
        with self.env.cr.savepoint():
            self._workflow_apply(name, reason=note or None, vals={"discrepancy_note": note or False})
            order._channel_receive(received)
        return True

    def action_resolve(self, resolution=None):
        return self._workflow_apply(
            "resolve", reason=resolution, vals={"resolution_note": (resolution or "").strip() or False}
        )

    # ------------------------------------------------------------------
    # Shipping and receiving (server side)
    # ------------------------------------------------------------------
    def _channel_quantities_arg(self, quantities):
        result = {}
        line_ids = set(self.line_ids.ids)
        for key, qty in (quantities or {}).items():
            try:
                line_id, qty = int(key), float(qty)
            except (TypeError, ValueError) as exc:
                raise UserError(self.env._("Quantities must be numbers per order line.")) from exc
            if line_id not in line_ids:
                raise UserError(self.env._("Line %(line)s is not a line of %(order)s.", line=key, order=self.name))
            if qty < 0:
                raise UserError(self.env._("A quantity cannot be negative."))
            result[line_id] = qty
        return result

    def _channel_ship_quantities(self, quantities):
        lines = self.line_ids
        if quantities is None:
            todo = {line.id: line.qty_to_ship for line in lines}
        else:
            todo = self._channel_quantities_arg(quantities)
        for line in lines:
            qty = todo.get(line.id, 0.0)
            if float_compare(qty, line.qty_to_ship, precision_rounding=line.product_uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s is more than the %(left)s left to ship.",
                        product=line.product_id.display_name,
                        qty=qty,
                        left=line.qty_to_ship,
                    )
                )
        todo = {
            line_id: qty
            for line_id, qty in todo.items()
            if not float_is_zero(qty, precision_rounding=lines.browse(line_id).product_uom_id.rounding)
        }
        if not todo:
            raise UserError(self.env._("Nothing to ship on %(order)s.", order=self.name))
        return todo

    def _channel_ship(self, todo, carrier, tracking_ref):
        """Create the shipment and take its goods out of the seller's stock (one transaction)."""
        Ledger = self.env["dms.channel.stock.move"]
        lines = self.line_ids.browse(list(todo))
        shipment = (
            self.env["dms.channel.shipment"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "carrier": (carrier or "").strip() or False,
                    "tracking_ref": (tracking_ref or "").strip() or False,
                    "line_ids": [
                        fields.Command.create({"order_line_id": line.id, "qty": todo[line.id]}) for line in lines
                    ],
                }
            )
        )
        for line in lines:
            product_qty = line.product_uom_id._compute_quantity(todo[line.id], line.product_id.uom_id)
            if self.seller_id.dms_track_channel_stock:
                Ledger._post_out(
                    self.seller_id,
                    line.product_id,
                    product_qty,
                    "sell_through_out",
                    {
                        "channel_order_id": self.id,
                        "channel_order_line_id": line.id,
                        "shipment_id": shipment.id,
                        "reference": f"{self.name} / {shipment.name}",
                        "company_id": self.company_id.id,
                    },
                )
            line.with_context(**{LEDGER_KEY: LEDGER}).qty_shipped = line.qty_shipped + todo[line.id]
        return shipment

    def _channel_receive_quantities(self, quantities, shipped):
        if quantities is None:
            return dict(shipped)
        received = self._channel_quantities_arg(quantities)
        for line in self.line_ids:
            if (
                float_compare(
                    received.get(line.id, 0.0), line.qty_shipped, precision_rounding=line.product_uom_id.rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: more received than shipped (%(shipped)s).",
                        product=line.product_id.display_name,
                        shipped=line.qty_shipped,
                    )
                )
        return received

    def _channel_receive(self, received):
        """Record received quantities; the buyer's stock gets them, in the lots they were shipped in."""
        Ledger = self.env["dms.channel.stock.move"]
        buyer = self.buyer_id.commercial_partner_id
        out_moves = Ledger.sudo().search(
            [
                ("channel_order_id", "=", self.id),
                ("kind", "=", "sell_through_out"),
                ("shipment_id.state", "!=", "cancel"),
            ],
            order="id",
        )
        by_line = defaultdict(dict)  # line id: {(lot, expiry): qty shipped}, in shipping order
        for move in out_moves:
            lots = by_line[move.channel_order_line_id.id]
            key = (move.lot_name or False, move.expiration_date or False)
            lots[key] = lots.get(key, 0.0) - move.qty
        vals_list = []
        for line in self.line_ids:
            qty = received.get(line.id, 0.0)
            line.with_context(**{LEDGER_KEY: LEDGER}).qty_received = qty
            if not buyer.dms_track_channel_stock or float_is_zero(qty, precision_rounding=line.product_uom_id.rounding):
                continue
            product_qty = line.product_uom_id._compute_quantity(qty, line.product_id.uom_id)
            shipped = list(by_line[line.id].items()) if line.id in by_line else [((False, False), product_qty)]
            for (lot, expiry), amount in allocation.split_received(shipped, product_qty):
                vals_list.append(
                    {
                        "dealer_id": buyer.id,
                        "product_id": line.product_id.id,
                        "lot_name": lot or False,
                        "expiration_date": expiry or False,
                        "kind": "sell_through_in",
                        "qty": amount,
                        "channel_order_id": self.id,
                        "channel_order_line_id": line.id,
                        "reference": self.name,
                        "company_id": self.company_id.id,
                    }
                )
        return Ledger._post(vals_list)
