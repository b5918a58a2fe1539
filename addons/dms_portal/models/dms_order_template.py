# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("partner_id", "user_id", "company_id")
    def _check_portal_owner(self):
        """A portal user's templates stay its own company's (record rules check only before a write)."""
        user = self.env.user
        if self.env.su or not user.share:
            return
        dealer = user.partner_id.commercial_partner_id
        for template in self:
            # sudo: who owns the target user, to refuse a user of another dealer
            owner = template.sudo().user_id.partner_id.commercial_partner_id
            if (
                template.partner_id != dealer
                or (template.user_id and owner != dealer)
                or template.company_id not in user.company_ids
            ):
                raise ValidationError(
                    self.env._("An order template belongs to your own company: %(dealer)s.", dealer=dealer.name)
                )

    def _dms_quantities(self):
        self.ensure_one()
        quantities = {}
        for line in self.line_ids:
            quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) + line.product_uom_qty
        return quantities
