# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DmsFapiaoRequestLine(models.Model):
    _name = "dms.fapiao.request.line"
    _description = "VAT Invoice Request Line"

    request_id = fields.Many2one("dms.fapiao.request", required=True, index=True, ondelete="cascade")
    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, index=True, ondelete="restrict")
    currency_id = fields.Many2one(related="request_id.currency_id")
    amount = fields.Monetary(currency_field="currency_id", required=True, help="Amount (tax included) invoiced.")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A requested amount must be positive."),
        ("order_uniq", "UNIQUE(request_id, sale_order_id)", "An order appears once in a request."),
    ]

    @api.constrains("sale_order_id", "request_id")
    def _check_sale_order_id(self):
        for line in self:
            if line.sale_order_id.sudo().dealer_id != line.request_id.partner_id:
                raise ValidationError(self.env._("A VAT invoice request covers orders of its own dealer only."))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.request_id._dms_check_editable()
        return lines

    def write(self, vals):
        self.request_id._dms_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_requested(self):
        if any(line.request_id.state != "draft" for line in self):
            raise UserError(self.env._("Lines of a sent request cannot be removed."))
