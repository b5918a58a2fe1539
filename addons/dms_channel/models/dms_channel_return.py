# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import allocation

_lt = LazyTranslate(__name__)

PORTAL = ("dms_dealer.group_dms_portal_user",)

#: which party acts on each step
RETURN_SIDES = {"request": "buyer", "accept": "seller", "refuse": "seller", "cancel": "buyer"}


class DmsChannelReturn(models.Model):
    """Goods a buyer sends back to its seller (退货) from a channel order it received.

    Requested by the buyer with a reason (and a photo) through
    ``dms.channel.order.action_request_return``; accepted or refused by the seller. Accepting takes
    the goods out of the buyer's channel stock and into the seller's, in the lots they were received
    in, credits the channel account and nets the seller's sell-through.
    """

    _name = "dms.channel.return"
    _description = "Channel Return"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "date desc, id desc"

    _workflow_protected_fields = (
        "name",
        "order_id",
        "reason",
        "photo",
        "line_ids",
        "refuse_reason",
        "date_accepted",
        "company_id",
        "date",
        "seller_id",
        "buyer_id",
        "amount_untaxed",
        "amount_total",
    )

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("accepted", "Accepted"),
            ("refused", "Refused"),
            ("cancel", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    order_id = fields.Many2one(
        "dms.channel.order", string="Channel Order", required=True, readonly=True, index=True, ondelete="restrict"
    )
    seller_id = fields.Many2one(related="order_id.seller_id", string="Seller", store=True, index=True)
    buyer_id = fields.Many2one(related="order_id.buyer_id", string="Buyer", store=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date = fields.Datetime(string="Requested On", required=True, readonly=True, default=fields.Datetime.now)
    date_accepted = fields.Datetime(string="Accepted On", readonly=True, copy=False, index=True)
    reason = fields.Text(required=True, readonly=True)
    photo = fields.Image(attachment=True, max_width=1920, max_height=1920, readonly=True)
    refuse_reason = fields.Char(string="Refusal Reason", readonly=True, copy=False)
    line_ids = fields.One2many("dms.channel.return.line", "return_id", string="Lines", readonly=True)
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True, currency_field="currency_id")

    @api.depends("line_ids.price_subtotal", "line_ids.price_total")
    def _compute_amounts(self):
        for ret in self:
            ret.amount_untaxed = sum(ret.line_ids.mapped("price_subtotal"))
            ret.amount_total = sum(ret.line_ids.mapped("price_total"))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Returns are requested from the channel order by its buyer."))
        returns = super().create(vals_list)
        sequence = self.env["ir.sequence"]
        for ret in returns:
            ret._workflow_write({"name": sequence.next_by_code("dms.channel.return") or "/"})
        return returns

    @api.ondelete(at_uninstall=False)
    def _unlink_except_always(self):
        if not self._workflow_engine_marked():
            raise UserError(self.env._("Returns cannot be deleted: the buyer cancels or the seller refuses them."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("request", ("draft",), "requested", PORTAL, workflow.SUBMIT, label=_lt("Request")),
            workflow.Transition("accept", ("requested",), "accepted", PORTAL, workflow.OTHER, label=_lt("Accept")),
            workflow.Transition(
                "refuse", ("requested",), "refused", PORTAL, workflow.REJECT, reason=True, label=_lt("Refuse")
            ),
            workflow.Transition("cancel", ("requested",), "cancel", PORTAL, workflow.RESET, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        if self.env.uid == SUPERUSER_ID:
            return True
        side = RETURN_SIDES.get(transition.name)
        if side not in self.order_id._channel_side():
            raise AccessError(
                self.env._(
                    "Only the %(side)s of %(ret)s can %(action)s it.",
                    side=self.env._("seller") if side == "seller" else self.env._("buyer"),
                    ret=self.display_name,
                    action=self._workflow_transition_label(transition),
                )
            )
        return True

    def _channel_portal_actions(self):
        self.ensure_one()
        if self.state != "requested":
            return set()
        sides = self.order_id._channel_side()
        return {name for name, side in RETURN_SIDES.items() if side in sides and name != "request"}

    def action_accept(self):
        """The seller takes the goods back: ledger on both sides, account credited, sell-through netted."""
        self.ensure_one()
        with self.env.cr.savepoint():
            self._workflow_apply("accept", vals={"date_accepted": fields.Datetime.now()})
            # the caller is the seller (checked above); stock and the order are read and posted as the system
            ret = self.sudo()
            ret.order_id._channel_lock()
            ret._channel_check_returnable()
            ret._channel_post_return()
        self.env["dms.rebate.accrual"].sudo()._recompute_for_channel(
            ret.seller_id, ret.date_accepted.date(), "sell_through", ret.company_id
        )
        return True

    def action_refuse(self, reason=None):
        return self._workflow_apply("refuse", reason=reason, vals={"refuse_reason": (reason or "").strip()})

    def action_cancel(self, reason=None):
        return self._workflow_apply("cancel", reason=reason)

    # ------------------------------------------------------------------
    # Server side
    # ------------------------------------------------------------------
    def _channel_check_returnable(self):
        """Accepted returns of each order line never exceed what the buyer received."""
        self.ensure_one()
        for line in self.line_ids:
            order_line = line.order_line_id
            accepted = sum(other.qty for other in order_line.return_line_ids if other.return_id.state == "accepted")
            if (
                float_compare(accepted, order_line.qty_received, precision_rounding=order_line.product_uom_id.rounding)
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s returned in all is more than the %(received)s received.",
                        product=order_line.product_id.display_name,
                        qty=accepted,
                        received=order_line.qty_received,
                    )
                )

    def _channel_return_lots(self, order_line, qty):
        """The lots ``qty`` (product unit) of ``order_line`` goes back in: ``[(lot, expiry, qty)]``.

        The lots the buyer received (or, for a buyer without channel stock, the seller shipped)
        for this line, net of what earlier returns already sent back, nearest expiry first.
        """
        Ledger = self.env["dms.channel.stock.move"]
        buyer = self.buyer_id.commercial_partner_id
        if buyer.dms_track_channel_stock:
            kinds, sign = ("sell_through_in",), 1
        else:
            kinds, sign = ("sell_through_out", "shipment_cancel"), -1
        moves = Ledger.search([("channel_order_line_id", "=", order_line.id), ("kind", "in", kinds)], order="id")
        returned_moves = Ledger.search(
            [("channel_order_line_id", "=", order_line.id), ("kind", "=", "channel_return_in")], order="id"
        )
        lots = {}
        expiry = {}
        for move in moves:
            key = move.lot_name or False
            lots[key] = lots.get(key, 0.0) + sign * move.qty
            expiry[key] = move.expiration_date or expiry.get(key) or False
        for move in returned_moves:
            key = move.lot_name or False
            lots[key] = lots.get(key, 0.0) - move.qty
        # nearest expiry first (FEFO, as goods left the seller), lots without a date last
        rows = sorted(
            lots.items(), key=lambda item: (not expiry.get(item[0]), expiry.get(item[0]) or "", item[0] or "")
        )
        takes, shortage = allocation.allocate(rows, qty)
        if shortage > 0:
            takes.append((False, shortage))  # goods received without a ledger trace (stock tracked later)
        return [(key, expiry.get(key, False), amount) for key, amount in takes]

    def _channel_post_return(self):
        """Post the return in the channel ledger: buyer − and seller +, in the same lots."""
        self.ensure_one()
        Ledger = self.env["dms.channel.stock.move"]
        buyer = self.buyer_id.commercial_partner_id
        seller = self.seller_id
        by_product = defaultdict(list)
        vals = {"channel_order_id": self.order_id.id, "channel_return_id": self.id, "company_id": self.company_id.id}
        seller_vals = []
        for line in self.line_ids:
            takes = self._channel_return_lots(line.order_line_id, line.product_qty)
            line_vals = dict(
                vals, channel_order_line_id=line.order_line_id.id, reference=f"{self.name} / {self.order_id.name}"
            )
            if buyer.dms_track_channel_stock:
                by_product[line.product_id].append((takes, line_vals))
            if seller.dms_track_channel_stock:
                seller_vals.extend(
                    dict(
                        line_vals,
                        dealer_id=seller.id,
                        product_id=line.product_id.id,
                        lot_name=lot or False,
                        expiration_date=expiry or False,
                        kind="channel_return_in",
                        qty=amount,
                    )
                    for lot, expiry, amount in takes
                )
        for product in sorted(by_product, key=lambda p: p.id):
            for takes, line_vals in by_product[product]:
                Ledger._post_out_lots(buyer, product, takes, "channel_return_out", line_vals)
        Ledger._post(seller_vals)
        return True
