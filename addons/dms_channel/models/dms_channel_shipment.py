# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from .dms_channel_stock_move import LEDGER, LEDGER_KEY

_lt = LazyTranslate(__name__)

PORTAL = ("dms_dealer.group_dms_portal_user",)


class DmsChannelShipment(models.Model):
    """One shipment of a channel order by its seller (partial shipments allowed).

    The seller may cancel a shipment until the buyer confirms receipt: its goods go back into the
    seller's stock (the same lots), exactly once.
    """

    _name = "dms.channel.shipment"
    _description = "Channel Shipment"
    _inherit = ["dms.workflow.mixin"]
    _order = "date desc, id desc"

    _workflow_protected_fields = ("cancel_date", "cancel_reason")

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    state = fields.Selection(
        [("done", "Shipped"), ("cancel", "Cancelled")],
        string="Status",
        default="done",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    order_id = fields.Many2one(
        "dms.channel.order", string="Channel Order", required=True, readonly=True, ondelete="restrict", index=True
    )
    seller_id = fields.Many2one(related="order_id.seller_id", store=True, index=True)
    buyer_id = fields.Many2one(related="order_id.buyer_id", store=True, index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    date = fields.Datetime(string="Shipped On", required=True, readonly=True, default=fields.Datetime.now)
    carrier = fields.Char(string="Carrier", readonly=True)
    tracking_ref = fields.Char(string="Tracking Number", readonly=True)
    line_ids = fields.One2many("dms.channel.shipment.line", "shipment_id", string="Lines", readonly=True)
    cancel_date = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    cancel_reason = fields.Char(string="Cancellation Reason", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Shipments are recorded by the seller's Ship action only."))
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            vals["name"] = sequence.next_by_code("dms.channel.shipment") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self._workflow_engine_marked():
            raise AccessError(self.env._("Shipments cannot be changed."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Workflow: the seller cancels a shipment the buyer has not confirmed yet
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "cancel", ("done",), "cancel", PORTAL, workflow.OTHER, reason=True, label=_lt("Cancel the shipment")
            ),
        ]

    def _workflow_check(self, transition, reason):
        order = self.sudo().order_id
        if order.state != "shipped":
            raise UserError(
                self.env._(
                    "%(shipment)s can no longer be cancelled: %(order)s is %(state)s.",
                    shipment=self.display_name,
                    order=order.display_name,
                    state=order._workflow_state_label(order.state),
                )
            )
        if self.env.uid != SUPERUSER_ID and "seller" not in order._channel_side():
            raise AccessError(
                self.env._("Only the seller of %(order)s can cancel its shipments.", order=order.display_name)
            )
        return True

    def action_cancel(self, reason=None):
        """Cancel this shipment: the seller's stock gets its goods back, the order what is left to ship."""
        self.ensure_one()
        self.check_access("read")
        with self.env.cr.savepoint():
            # shipments are system records (portal users only read them): the engine runs in superuser
            # mode but as the caller, whose side (the seller) _workflow_check verifies
            self.sudo()._workflow_apply(
                "cancel", reason=reason, vals={"cancel_date": fields.Datetime.now(), "cancel_reason": reason}
            )
            self.sudo()._channel_reverse()
        return True

    def _channel_reverse(self):
        """Put the shipment's goods back (once: the ledger refuses a second reversal of a move)."""
        self.ensure_one()
        Ledger = self.env["dms.channel.stock.move"]
        moves = Ledger.search([("shipment_id", "=", self.id), ("kind", "=", "sell_through_out")], order="id")
        Ledger._post(
            [
                {
                    "dealer_id": move.dealer_id.id,
                    "product_id": move.product_id.id,
                    "lot_name": move.lot_name or False,
                    "expiration_date": move.expiration_date or False,
                    "kind": "shipment_cancel",
                    "qty": -move.qty,
                    "channel_order_id": move.channel_order_id.id,
                    "channel_order_line_id": move.channel_order_line_id.id,
                    "shipment_id": self.id,
                    "reversal_of_id": move.id,
                    "reference": self.env._("%(shipment)s cancelled", shipment=move.reference),
                    "company_id": move.company_id.id,
                }
                for move in moves
            ]
        )
        for line in self.line_ids:
            order_line = line.order_line_id.with_context(**{LEDGER_KEY: LEDGER})
            order_line.qty_shipped = max(order_line.qty_shipped - line.qty, 0.0)
        order = self.order_id
        if not order.shipment_ids.filtered(lambda s: s.state == "done"):
            order._workflow_as_system()._workflow_apply("unship", reason=self.cancel_reason)
        return True
