# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    dms_rebate_accrual_id = fields.Many2one(
        "dms.rebate.accrual", string="Rebate Accrual", copy=False, index="btree_not_null"
    )
