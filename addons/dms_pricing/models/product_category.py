# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    dms_min_margin = fields.Float(
        string="Minimum Margin (%)",
        help="Prices under cost plus this margin are below the floor. Empty on every level: no cost floor. "
        "Sub-categories inherit it unless they set their own.",
        groups="base.group_user",
    )
    dms_has_min_margin = fields.Boolean(
        string="Enforce Minimum Margin",
        help="Check to make the minimum margin a price floor for this category.",
        groups="base.group_user",
    )

    def _dms_get_min_margin(self):
        """Minimum margin of the nearest category (self first) that enforces one, else None."""
        self.ensure_one()
        categ = self
        while categ:
            if categ.dms_has_min_margin:
                return categ.dms_min_margin
            categ = categ.parent_id
        return None
