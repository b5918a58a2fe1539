# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class DmsRebateWalletLine(models.Model):
    _inherit = "dms.rebate.wallet.line"

    dms_mdf_claim_id = fields.Many2one(
        "dms.mdf.claim", string="Marketing Fund Claim", index="btree_not_null", ondelete="restrict"
    )

    def init(self):
        res = super().init()
        # one wallet credit per claim
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dms_rebate_wallet_line_dms_mdf_claim_uniq "
                "ON dms_rebate_wallet_line (dms_mdf_claim_id) "
                "WHERE dms_mdf_claim_id IS NOT NULL AND line_type = 'credit'"
            )
        )
        return res
