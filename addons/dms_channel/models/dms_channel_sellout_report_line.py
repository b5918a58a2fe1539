# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DmsChannelSelloutReportLine(models.Model):
    _name = "dms.channel.sellout.report.line"
    _description = "Sell-out Report Line"
    _order = "report_id, id"

    report_id = fields.Many2one(
        "dms.channel.sellout.report", string="Report", required=True, ondelete="cascade", index=True
    )
    dealer_id = fields.Many2one(related="report_id.dealer_id", store=True, index=True)
    product_id = fields.Many2one("product.product", string="Product", required=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True)
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", compute="_compute_product_uom_id", store=True, readonly=False, precompute=True
    )
    date = fields.Date(string="Sale Date")
    store_address = fields.Char(string="Store Address")

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                line.product_uom_id = line.product_id.uom_id

    @api.constrains("qty", "product_uom_id")
    def _check_qty(self):
        for line in self.sudo():
            if line.qty <= 0:
                raise ValidationError(self.env._("Sell-out quantities must be positive."))
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s cannot be counted in %(uom)s.",
                        product=line.product_id.display_name,
                        uom=line.product_uom_id.name,
                    )
                )

    def _check_report_draft(self, reports):
        if self.env["dms.workflow.mixin"]._workflow_is_engine():
            return
        if reports.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("A posted sell-out report cannot be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_report_draft(
            self.env["dms.channel.sellout.report"].browse({v["report_id"] for v in vals_list if v.get("report_id")})
        )
        return super().create(vals_list)

    def write(self, vals):
        self._check_report_draft(self.report_id)
        if vals.get("report_id"):
            self._check_report_draft(self.env["dms.channel.sellout.report"].browse(vals["report_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        self._check_report_draft(self.report_id)
