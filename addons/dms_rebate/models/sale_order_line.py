# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_dms_rebate = fields.Boolean(string="Rebate Wallet Line", compute="_compute_is_dms_rebate", store=True)

    @api.depends("product_id")
    def _compute_is_dms_rebate(self):
        product = self.env.ref("dms_rebate.product_dms_rebate", raise_if_not_found=False)
        for line in self:
            line.is_dms_rebate = bool(product) and line.product_id == product

    # the wallet line keeps the amount and label it was created with (as loyalty reward lines)
    def _compute_price_unit(self):
        super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_price_unit()

    def _compute_tax_id(self):
        super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_tax_id()

    def _compute_name(self):
        super(SaleOrderLine, self - self.filtered("is_dms_rebate"))._compute_name()

    @api.ondelete(at_uninstall=False)
    def _unlink_give_back_rebate(self):
        rebate_lines = self.filtered("is_dms_rebate")
        if rebate_lines:
            wallet_lines = self.env["dms.rebate.wallet.line"].sudo().search([("sale_line_id", "in", rebate_lines.ids)])
            rebate_lines.order_id._dms_rebate_give_back(wallet_lines)
