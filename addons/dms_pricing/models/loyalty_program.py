# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class LoyaltyProgram(models.Model):
    """Targets Odoo's own promotion programs (满减, 赠品 buy N get M) at dealers (``dms.targeting.mixin``)."""

    _name = "loyalty.program"
    _inherit = ["loyalty.program", "dms.targeting.mixin"]
    _targeting_level_field = "dms_dealer_level_ids"
    _targeting_territory_field = "dms_territory_ids"
    _targeting_partner_field = "dms_partner_ids"

    dms_dealer_level_ids = fields.Many2many(
        "dms.dealer.level", string="Dealer Levels", help="Only dealers of these levels. Empty: any level."
    )
    dms_territory_ids = fields.Many2many(
        "dms.territory", string="Territories", help="Only customers in these territories or below. Empty: anywhere."
    )
    dms_partner_ids = fields.Many2many(
        "res.partner",
        "dms_loyalty_program_partner_rel",
        "program_id",
        "partner_id",
        string="Customers",
        help="Only these customers. Empty: any customer.",
    )

    def _dms_get_target_domain(self, partner, prefix=""):
        """Programs whose dealer targeting lets ``partner`` in (see ``dms.targeting.mixin``)."""
        return self._targeting_domain(partner, prefix=prefix)
