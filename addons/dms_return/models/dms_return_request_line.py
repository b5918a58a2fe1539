# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import returns

#: requests whose quantities no longer count against what was delivered
CLOSED_STATES = ("refused", "cancel")


class DmsReturnRequestLine(models.Model):
    _name = "dms.return.request.line"
    _description = "Return Request Line"
    _order = "request_id, id"

    request_id = fields.Many2one("dms.return.request", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", required=True, index=True, ondelete="restrict"
    )
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True, string="Product")
    product_uom = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    currency_id = fields.Many2one(related="request_id.currency_id")
    qty = fields.Float(string="Quantity", required=True, digits="Product Unit of Measure")
    discrepancy = fields.Selection(
        [("shortage", "Shortage (短少)"), ("damage", "Damage (破损)")],
        help="Set when the line comes from a receipt signed with a discrepancy.",
    )
    price_unit = fields.Monetary(
        related="sale_line_id.price_reduce_taxexcl", currency_field="currency_id", string="Unit Price"
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", currency_field="currency_id", string="Value")
    qty_received = fields.Float(
        compute="_compute_qty_received",
        digits="Product Unit of Measure",
        string="Received",
        help="Quantity back in the warehouse (the requested quantity when nothing is shipped back).",
    )

    @api.depends("qty", "price_unit")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.qty * line.price_unit

    @api.depends("request_id.state", "request_id.picking_ids.state", "qty")
    def _compute_qty_received(self):
        for line in self:
            request = line.request_id.sudo()
            if request.state not in ("received", "done"):
                line.qty_received = 0.0
            elif not request.reason_id.needs_return or not request.picking_ids:
                line.qty_received = line.qty
            else:
                moves = request.picking_ids.move_ids.filtered(
                    lambda m, sl=line.sale_line_id: m.state == "done" and m.sale_line_id == sl
                )
                received = sum(m.product_uom._compute_quantity(m.quantity, line.product_uom) for m in moves)
                # two lines of one request on the same order line share what came back
                siblings = request.line_ids.filtered(lambda rl, sl=line.sale_line_id: rl.sale_line_id == sl)
                before = sum(rl.qty for rl in siblings if rl.id < line.id)
                line.qty_received = max(min(line.qty, received - before), 0.0)

    # ------------------------------------------------------------------
    # Quantities
    # ------------------------------------------------------------------
    def _dms_delivered_moves(self):
        """Done moves that took these order lines to the customer."""
        return self.sudo().sale_line_id.move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer" and not m.origin_returned_move_id
        )

    def _dms_delivery_date(self):
        """Date of the last delivery of the line (in the user's time zone), or False."""
        self.ensure_one()
        moves = self._dms_delivered_moves()
        if not moves:
            return False
        return fields.Date.context_today(self, max(moves.mapped("date")))

    def _dms_returnable(self):
        """``{sale line: quantity that may still be asked for}`` for the lines' order lines, excluding these lines."""
        return self._dms_returnable_of(self.sudo().sale_line_id, exclude=self)

    @api.model
    def _dms_returnable_of(self, sale_lines, exclude=None):
        """``{sale line: delivered - returned outside requests - asked on open requests (but ``exclude``)}``."""
        sale_lines = sale_lines.sudo()
        domain = [("sale_line_id", "in", sale_lines.ids), ("request_id.state", "not in", CLOSED_STATES)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        # counts every open request of these order lines, whoever may read them
        others = self.sudo().search_fetch(domain, ["sale_line_id", "qty"])
        asked = {}
        for other in others:
            asked[other.sale_line_id] = asked.get(other.sale_line_id, 0.0) + other.qty
        result = {}
        for sale_line in sale_lines:
            delivered_moves = sale_line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "customer" and not m.origin_returned_move_id
            )
            delivered = sum(m.product_uom._compute_quantity(m.quantity, sale_line.product_uom) for m in delivered_moves)
            # returns that came back outside any request (a return made by hand in the warehouse)
            outside = sale_line.move_ids.filtered(
                lambda m: (
                    m.state == "done"
                    and m.origin_returned_move_id
                    and m.location_id.usage == "customer"
                    and not m.picking_id.dms_return_request_id
                )
            )
            returned_outside = sum(m.product_uom._compute_quantity(m.quantity, sale_line.product_uom) for m in outside)
            result[sale_line] = returns.returnable_quantity(delivered, returned_outside, asked.get(sale_line, 0.0))
            self.env.cr.cache.setdefault("dms_return_breakdown", {})[sale_line.id] = (
                delivered,
                returned_outside + asked.get(sale_line, 0.0),
            )
        return result

    def _dms_check_quantities(self):
        """Each line asks for a positive quantity, at most what was delivered and not yet returned or asked for."""
        if not self:
            return
        self = self.sudo()
        returnable = self._dms_returnable()
        asked = {}
        for line in self:
            asked[line.sale_line_id] = asked.get(line.sale_line_id, 0.0) + line.qty
        for line in self:
            rounding = line.product_uom.rounding or 0.01
            # the other lines of these requests on the same order line count too
            left = returns.returnable_quantity(returnable[line.sale_line_id], 0.0, asked[line.sale_line_id] - line.qty)
            code = returns.check_quantity(line.qty, left, rounding)
            if code == returns.NOT_POSITIVE:
                raise ValidationError(
                    self.env._(
                        "The quantity to return of %(product)s must be positive.", product=line.product_id.display_name
                    )
                )
            if code == returns.OVER_RETURNABLE:
                raise ValidationError(
                    self.env._(
                        "%(product)s: at most %(max)s can still be returned from %(order)s "
                        "(%(delivered)s delivered, %(taken)s already returned or requested); %(qty)s asked.",
                        product=line.product_id.display_name,
                        max=returnable[line.sale_line_id],
                        delivered=self.env.cr.cache.get("dms_return_breakdown", {}).get(line.sale_line_id.id, (0, 0))[
                            0
                        ],
                        taken=self.env.cr.cache.get("dms_return_breakdown", {}).get(line.sale_line_id.id, (0, 0))[1],
                        order=line.request_id.order_id.name,
                        qty=asked[line.sale_line_id],
                    )
                )

    @api.constrains("sale_line_id", "request_id", "qty")
    def _check_sale_line(self):
        # checks what the lines point at, whoever created them (portal users do not read products)
        self = self.sudo()
        for line in self:
            if line.sale_line_id.order_id != line.request_id.order_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a line of %(order)s.",
                        product=line.sale_line_id.display_name,
                        order=line.request_id.order_id.name,
                    )
                )
            if line.sale_line_id.display_type or line.sale_line_id.product_id.type == "service":
                raise ValidationError(self.env._("Only delivered goods can be returned."))
        active = self.filtered(lambda rl: rl.request_id.state not in CLOSED_STATES)
        if active:
            self.env["dms.return.request"]._dms_lock_orders(active.request_id.order_id)
            active.request_id.line_ids._dms_check_quantities()
