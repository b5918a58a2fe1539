# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dms_rebate_expense_account_id = fields.Many2one(related="company_id.dms_rebate_expense_account_id", readonly=False)
    dms_rebate_liability_account_id = fields.Many2one(
        related="company_id.dms_rebate_liability_account_id", readonly=False
    )
    dms_rebate_wallet_account_id = fields.Many2one(related="company_id.dms_rebate_wallet_account_id", readonly=False)
    dms_rebate_journal_id = fields.Many2one(related="company_id.dms_rebate_journal_id", readonly=False)
    dms_rebate_wallet_max_share = fields.Float(related="company_id.dms_rebate_wallet_max_share", readonly=False)
    dms_rebate_wallet_validity_days = fields.Integer(
        related="company_id.dms_rebate_wallet_validity_days", readonly=False
    )
    dms_rebate_clawback_recovery = fields.Selection(related="company_id.dms_rebate_clawback_recovery", readonly=False)
