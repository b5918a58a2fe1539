# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsInventoryThreshold(models.Model):
    """Cover and expiry thresholds per dealer level and product category (settings, not code).

    The most specific row applies: the deepest matching category, then a row for the dealer's level
    over one for every level.
    """

    _name = "dms.inventory.threshold"
    _description = "Channel Inventory Threshold"
    _order = "level_id, categ_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    level_id = fields.Many2one("dms.dealer.level", string="Dealer Level", help="Empty: every level.")
    categ_id = fields.Many2one("product.category", string="Product Category", help="Empty: every category.")
    safety_weeks = fields.Float(string="Safety Stock (weeks)", default=2.0, help="Below this cover: short.")
    target_weeks = fields.Float(string="Target Cover (weeks)", default=4.0, help="What proposals bring cover to.")
    overstock_weeks = fields.Float(
        string="Overstock (weeks)", default=12.0, help="Above this cover: overstock. 0: never overstocked."
    )
    slow_days = fields.Integer(string="Slow-moving after (days)", default=90, help="0: no slow-moving alert.")
    expiry_days = fields.Integer(string="Near Expiry within (days)", default=30, help="临期. 0: no expiry alert.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "level_categ_uniq",
            "unique(company_id, level_id, categ_id)",
            "One threshold per dealer level and product category.",
        ),
    ]

    @api.depends("level_id", "categ_id")
    def _compute_name(self):
        for row in self:
            row.name = " / ".join(
                [
                    row.level_id.name or self.env._("All levels"),
                    row.categ_id.complete_name or self.env._("All categories"),
                ]
            )

    @api.constrains("safety_weeks", "target_weeks", "overstock_weeks", "slow_days", "expiry_days")
    def _check_values(self):
        for row in self:
            if min(row.safety_weeks, row.target_weeks, row.overstock_weeks, row.slow_days, row.expiry_days) < 0:
                raise ValidationError(self.env._("Thresholds cannot be negative."))
            if row.target_weeks < row.safety_weeks:
                raise ValidationError(self.env._("The target cover cannot be below the safety stock."))
            if row.overstock_weeks and row.overstock_weeks < row.target_weeks:
                raise ValidationError(self.env._("The overstock threshold cannot be below the target cover."))

    @api.model
    def _rows(self, company):
        """Threshold rows of ``company`` as plain dicts for :func:`tools.cover.pick_threshold`."""
        rows = self.sudo().search_fetch(
            [("company_id", "=", company.id)],
            ["level_id", "categ_id", "safety_weeks", "target_weeks", "overstock_weeks", "slow_days", "expiry_days"],
        )
        return [
            {
                "id": row.id,
                "level_id": row.level_id.id or None,
                "categ_path": row.categ_id.parent_path if row.categ_id else None,
                "safety_weeks": row.safety_weeks,
                "target_weeks": row.target_weeks,
                "overstock_weeks": row.overstock_weeks,
                "slow_days": row.slow_days,
                "expiry_days": row.expiry_days,
            }
            for row in rows
        ]
