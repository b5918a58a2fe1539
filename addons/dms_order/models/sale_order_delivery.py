# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare


class SaleOrder(models.Model):
    """Delivery and signed receipt of a dealer order."""

    _inherit = "sale.order"

    dms_ship_date = fields.Datetime(string="Shipped On", copy=False, readonly=True)
    dms_signed_by_id = fields.Many2one("res.partner", string="Received By", copy=False, readonly=True)
    dms_signed_date = fields.Datetime(string="Received On", copy=False, readonly=True)
    dms_signature = fields.Image(
        string="Receipt Signature", copy=False, attachment=True, max_width=1024, max_height=1024
    )

    # ------------------------------------------------------------------
    # Delivery and receipt
    # ------------------------------------------------------------------
    def _dms_stock_lines(self):
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: (
                not line.display_type and line.qty_delivered_method == "stock_move" and line.product_uom_qty > 0
            )
        )

    def _dms_update_shipping_state(self):
        """Shipped when ``sale_stock``'s ``delivery_status`` is ``full`` (every delivery done) and no
        stocked line is short: a return, or a delivery closed without its backorder, undoes it."""
        for order in self.filtered(lambda o: o.state == "sale" and o.dms_state in ("confirmed", "shipped")):
            lines = order._dms_stock_lines()
            if not lines:
                continue
            delivered = order.delivery_status == "full" and all(
                float_compare(line.qty_delivered, line.product_uom_qty, precision_rounding=line.product_uom.rounding)
                >= 0
                for line in lines
            )
            if delivered and order.dms_state == "confirmed":
                order._dms_write({"dms_state": "shipped", "dms_ship_date": fields.Datetime.now()})
            elif not delivered and order.dms_state == "shipped":
                order._dms_write({"dms_state": "confirmed", "dms_ship_date": False})
                order.message_post(
                    body=self.env._("Not fully delivered any more (return or change): back to confirmed."),
                    subtype_xmlid="mail.mt_note",
                )

    def action_dms_confirm_receipt(self, signed_by, signature=None):
        """The dealer confirms receipt of a shipped order.

        :param signed_by: res.partner who signs; must belong to the order's dealer
        :param signature: optional base64 image
        """
        self.ensure_one()
        portal = not self.env.su and self.env.user.share
        self = self._dms_check_actor()
        if isinstance(signed_by, int):
            signed_by = self.env["res.partner"].browse(signed_by)
        if portal and signed_by != self.env.user.partner_id:
            raise AccessError(self.env._("You can only confirm a receipt in your own name."))
        if self.dms_state != "shipped":
            raise UserError(
                self.env._(
                    "%(order)s cannot be signed for: it is %(state)s, not shipped.",
                    order=self.name,
                    state=self._dms_state_label(),
                )
            )
        if not signed_by or signed_by.commercial_partner_id != self.dealer_id:
            raise AccessError(
                self.env._(
                    "Only a person of %(dealer)s may confirm receipt of %(order)s.",
                    dealer=self.dealer_id.display_name,
                    order=self.name,
                )
            )
        self._dms_write(
            {
                "dms_state": "signed",
                "dms_signed_by_id": signed_by.id,
                "dms_signed_date": fields.Datetime.now(),
                "dms_signature": signature or False,
            }
        )
        self.message_post(
            body=self.env._("Receipt confirmed by %(person)s.", person=signed_by.name), subtype_xmlid="mail.mt_note"
        )
        return True
