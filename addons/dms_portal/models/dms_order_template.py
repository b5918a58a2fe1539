# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsOrderTemplate(models.Model):
    _name = "dms.order.template"
    _description = "Saved Portal Order Template"
    _order = "name, id"

    name = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        ondelete="cascade",
        help="Commercial entity that owns the template.",
    )
    user_id = fields.Many2one("res.users", string="Owner", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    line_ids = fields.One2many("dms.order.template.line", "template_id", string="Lines", copy=True)

    def _dms_quantities(self):
        self.ensure_one()
        quantities = {}
        for line in self.line_ids:
            quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) + line.product_uom_qty
        return quantities
