# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsDealerTargetLine(models.Model):
    _name = "dms.dealer.target.line"
    _description = "Dealer Target per Product Category"
    _order = "target_id, categ_id"

    target_id = fields.Many2one("dms.dealer.target", required=True, ondelete="cascade", index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", required=True)
    company_id = fields.Many2one(related="target_id.company_id", store=True)
    currency_id = fields.Many2one(related="target_id.currency_id")
    quantity_target = fields.Float(string="Target Quantity", digits="Product Unit of Measure")
    amount_target = fields.Monetary(string="Target Amount", currency_field="currency_id")
    actual_quantity = fields.Float(compute="_compute_actual", digits="Product Unit of Measure")
    actual_amount = fields.Monetary(compute="_compute_actual", currency_field="currency_id")
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_actual",
        digits=(16, 1),
        help="On the amount when an amount target is set, else on the quantity.",
    )

    _sql_constraints = [
        ("categ_unique", "unique(target_id, categ_id)", "A category appears once per target."),
        (
            "targets_positive",
            "CHECK(quantity_target >= 0 AND amount_target >= 0)",
            "Category targets cannot be negative.",
        ),
    ]

    @api.depends("categ_id", "quantity_target", "amount_target", "target_id.date_from", "target_id.basis")
    def _compute_actual(self):
        actuals = self.target_id._origin._dms_actuals_by_target()
        for line in self:
            categs = actuals.get(line.target_id._origin, {}).get("categ", {})
            # a category target counts its sub-categories too
            qty = amount = 0.0
            for categ, (categ_qty, categ_amount) in categs.items():
                if (
                    categ
                    and line.categ_id
                    and (
                        categ == line.categ_id._origin or categ.parent_path.startswith(line.categ_id.parent_path or "#")
                    )
                ):
                    qty += categ_qty
                    amount += categ_amount
            line.actual_quantity = qty
            line.actual_amount = amount
            if line.amount_target:
                line.attainment = amount / line.amount_target * 100.0
            elif line.quantity_target:
                line.attainment = qty / line.quantity_target * 100.0
            else:
                line.attainment = 0.0
