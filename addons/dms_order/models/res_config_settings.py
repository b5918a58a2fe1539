# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_credit_grace_days = fields.Integer(related="company_id.dms_credit_grace_days", readonly=False)
    dms_cross_territory_mode = fields.Selection(related="company_id.dms_cross_territory_mode", readonly=False)
    dms_anomaly_jump_factor = fields.Float(related="company_id.dms_anomaly_jump_factor", readonly=False)
    dms_anomaly_drop_ratio = fields.Float(related="company_id.dms_anomaly_drop_ratio", readonly=False)
    dms_anomaly_trailing_months = fields.Integer(related="company_id.dms_anomaly_trailing_months", readonly=False)
    dms_anomaly_min_qty = fields.Float(related="company_id.dms_anomaly_min_qty", readonly=False)
    dms_assortment_categ_id = fields.Many2one(related="company_id.dms_assortment_categ_id", readonly=False)
