# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        help="The commercial entity (dealer) the order is for.",
    )
    dealer_territory_id = fields.Many2one(
        related="dealer_id.territory_id", string="Dealer Territory", store=True, index=True
    )

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message:
            return message
        if not self.partner_id._dealer_can_order():
            return self.env._(
                "%(dealer)s is not an active dealer (status: %(state)s); its orders cannot be confirmed.",
                dealer=self.partner_id.commercial_partner_id.display_name,
                state=dict(
                    self.partner_id.commercial_partner_id._fields["dealer_state"]._description_selection(self.env)
                ).get(self.partner_id.commercial_partner_id.dealer_state),
            )
        return False
