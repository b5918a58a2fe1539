# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_credit_grace_days = fields.Integer(
        string="Overdue Grace Days",
        default=0,
        help="Receivables overdue by more than this many days block new orders of the dealer on their own.",
    )
    dms_cross_territory_mode = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        string="Cross-territory Orders",
        default="warn",
        required=True,
        help="Warn: the order is confirmed and an alert is raised. "
        "Block: the order is not confirmed until the alert is authorised.",
    )
    dms_assortment_categ_id = fields.Many2one(
        "product.category",
        string="Assortment Root Category",
        help="Dealers buy only saleable goods of this category and its subcategories (the brand's products); "
        "empty: every saleable good. Assortment rules narrow it per level, territory, agreement or dealer.",
    )
    dms_anomaly_jump_factor = fields.Float(
        string="Run-rate Jump Factor",
        default=3.0,
        help="Alert when a dealer's monthly purchases of a product exceed this multiple of the trailing average.",
    )
    dms_anomaly_drop_ratio = fields.Float(
        string="Run-rate Drop Ratio",
        default=0.5,
        help="Alert when the last three months fall to this share (or less) of the three months before.",
    )
    dms_anomaly_trailing_months = fields.Integer(
        string="Trailing Months",
        default=3,
        help="Number of months averaged to detect a jump.",
    )
    dms_anomaly_min_qty = fields.Float(
        string="Minimum Base Quantity",
        default=1.0,
        help="Ignore products whose base quantity (trailing average or previous three months) is below this.",
    )

    @api.constrains(
        "dms_credit_grace_days", "dms_anomaly_jump_factor", "dms_anomaly_drop_ratio", "dms_anomaly_trailing_months"
    )
    def _check_dms_order_settings(self):
        for company in self:
            if company.dms_credit_grace_days < 0:
                raise ValidationError(self.env._("The overdue grace period cannot be negative."))
            if company.dms_anomaly_jump_factor <= 1:
                raise ValidationError(self.env._("The run-rate jump factor must be greater than 1."))
            if not 0 < company.dms_anomaly_drop_ratio < 1:
                raise ValidationError(self.env._("The run-rate drop ratio must be between 0 and 1."))
            if company.dms_anomaly_trailing_months < 1:
                raise ValidationError(self.env._("At least one trailing month is needed."))
