# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_is_zero

#: orders whose goods the buyer may send back (what it received)
RETURNABLE_STATES = ("shipped", "received", "received_with_discrepancy", "done")
#: largest photo accepted with a return request (bytes, before decoding)
PHOTO_MAX_BYTES = 8 * 1024 * 1024


class DmsChannelOrder(models.Model):
    """Returns between dealers (buyer → seller) of a received channel order."""

    _inherit = "dms.channel.order"

    return_ids = fields.One2many("dms.channel.return", "order_id", string="Returns", readonly=True)
    return_count = fields.Integer(compute="_compute_return_count")

    @api.depends("return_ids")
    def _compute_return_count(self):
        for order in self:
            order.return_count = len(order.return_ids)

    def _channel_lock(self):
        """Serialise the order's returns: a write, so a concurrent transaction fails to serialise."""
        if self:
            self.env.execute_query(
                SQL(
                    "UPDATE dms_channel_order SET write_date = (now() AT TIME ZONE 'UTC') WHERE id IN %s",
                    tuple(sorted(self.ids)),
                )
            )

    def action_request_return(self, quantities, reason, photo=None):
        """The buyer asks its seller to take goods back.

        :param quantities: ``{line_id: qty}`` in the line's unit, at most what was received and not
            returned yet (requested or accepted returns count)
        :param reason: why (required); :param photo: base64 image (optional, capped)
        :returns: the new ``dms.channel.return`` id
        """
        self.ensure_one()
        self.check_access("read")
        if self.env.uid != SUPERUSER_ID and (
            "buyer" not in self._channel_side() or not self.env.user.has_group("dms_dealer.group_dms_portal_user")
        ):
            raise AccessError(self.env._("Only the buyer of %(order)s can return its goods.", order=self.display_name))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the return."))
        if photo:
            if len(photo) > PHOTO_MAX_BYTES:
                raise UserError(self.env._("The photo is too large (8 MB at most)."))
            try:
                base64.b64decode(photo, validate=True)
            except (binascii.Error, ValueError, TypeError) as exc:
                raise UserError(self.env._("The photo is not a valid image.")) from exc
        # the caller is the buyer (checked above): the return and its lines are the system's records
        order = self.sudo()
        if order.state not in RETURNABLE_STATES:
            raise UserError(
                self.env._(
                    "%(order)s is %(state)s: nothing of it can be returned.",
                    order=order.name,
                    state=order._workflow_state_label(order.state),
                )
            )
        wanted = order._channel_quantities_arg(quantities)
        order._channel_lock()
        lines = []
        for line in order.line_ids:
            qty = wanted.get(line.id, 0.0)
            rounding = line.product_uom_id.rounding
            if float_is_zero(qty, precision_rounding=rounding):
                continue
            if float_compare(qty, line.qty_returnable, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s is more than the %(left)s received and not returned yet.",
                        product=line.product_id.display_name,
                        qty=qty,
                        left=line.qty_returnable,
                    )
                )
            lines.append(fields.Command.create({"order_line_id": line.id, "qty": qty}))
        if not lines:
            raise UserError(self.env._("Give the quantity to return of at least one line."))
        ret = (
            self.env["dms.channel.return"]
            .sudo()
            .create(
                {
                    "order_id": order.id,
                    "company_id": order.company_id.id,
                    "reason": reason,
                    "photo": photo or False,
                    "line_ids": lines,
                }
            )
        )
        # the engine logs who requested it, as the buyer (superuser mode only to write the system's record)
        ret._workflow_apply("request", reason=reason)
        return ret.id


class DmsChannelOrderLine(models.Model):
    _inherit = "dms.channel.order.line"

    return_line_ids = fields.One2many("dms.channel.return.line", "order_line_id", string="Returns", readonly=True)
    qty_returned = fields.Float(
        string="Returned", digits="Product Unit of Measure", compute="_compute_qty_returned", help="Accepted returns."
    )
    qty_returnable = fields.Float(
        string="Returnable",
        digits="Product Unit of Measure",
        compute="_compute_qty_returned",
        help="Received and not returned yet (returns waiting for the seller count).",
    )

    @api.depends("qty_received", "return_line_ids.qty", "return_line_ids.state")
    def _compute_qty_returned(self):
        for line in self:
            returns = line.sudo().return_line_ids
            line.qty_returned = sum(r.qty for r in returns if r.state == "accepted")
            pending = sum(r.qty for r in returns if r.state in ("requested", "accepted"))
            line.qty_returnable = max(line.qty_received - pending, 0.0)
