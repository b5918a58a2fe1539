# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Line fields whose change invalidates an approval.
DMS_APPROVAL_LINE_FIELDS = {
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dms_dealer_id = fields.Many2one(
        related="order_id.dealer_id", string="Dealer", store=True, index=True, help="Dealer of the order."
    )
    dms_order_date = fields.Datetime(related="order_id.date_order", string="Order Date", store=True)

    def _dms_orders_to_reset(self):
        if self.env.su and self.env.context.get("dms_no_approval_reset"):
            return self.env["sale.order"]
        return self.order_id.filtered(lambda o: o.state in ("draft", "sent") and o.dms_state != "draft")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._dms_orders_to_reset()._dms_reset_approvals()
        return lines

    def _dms_value_changed(self, vals):
        """Whether ``vals`` really changes a watched field of this line."""
        self.ensure_one()
        for fname in DMS_APPROVAL_LINE_FIELDS & vals.keys():
            field = self._fields[fname]
            if field.type == "many2many":
                return True
            current = self[fname].id if field.type == "many2one" else self[fname]
            if current != vals[fname]:
                return True
        return False

    def write(self, vals):
        orders = self.env["sale.order"]
        if DMS_APPROVAL_LINE_FIELDS & vals.keys():
            orders = self.filtered(lambda line: line._dms_value_changed(vals))._dms_orders_to_reset()
        res = super().write(vals)
        if orders:
            orders._dms_reset_approvals()
        return res

    def unlink(self):
        orders = self._dms_orders_to_reset()
        res = super().unlink()
        if orders:
            orders.exists()._dms_reset_approvals()
        return res
