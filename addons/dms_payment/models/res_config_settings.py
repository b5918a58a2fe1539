# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_prepayment_account_id = fields.Many2one(
        related="company_id.dms_prepayment_account_id", readonly=False, string="Dealer Prepayment Account"
    )
    dms_prepayment_journal_id = fields.Many2one(
        related="company_id.dms_prepayment_journal_id", readonly=False, string="Prepayment Bank Journal"
    )
    dms_payment_warning_threshold = fields.Float(
        related="company_id.dms_payment_warning_threshold", readonly=False, string="Credit Warning Threshold (%)"
    )
