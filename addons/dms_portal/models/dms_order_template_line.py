# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsOrderTemplateLine(models.Model):
    _name = "dms.order.template.line"
    _description = "Saved Portal Order Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("dms.order.template", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    product_uom_qty = fields.Float(string="Quantity", default=1.0, digits="Product Unit of Measure")

    _sql_constraints = [
        ("qty_positive", "CHECK(product_uom_qty > 0)", "Template quantities must be positive."),
    ]

    @api.constrains("template_id")
    def _check_portal_owner(self):
        """A portal user adds lines to its own company's templates only."""
        user = self.env.user
        if self.env.su or not user.share:
            return
        dealer = user.partner_id.commercial_partner_id
        # sudo: the owner of the target template, to refuse another dealer's
        if any(line.template_id.sudo().partner_id != dealer for line in self):
            raise ValidationError(
                self.env._("An order template belongs to your own company: %(dealer)s.", dealer=dealer.name)
            )
