# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_mdf_claim_id = fields.Many2one(
        "dms.mdf.claim", string="Marketing Fund Claim", readonly=True, copy=False, index="btree_not_null"
    )

    def init(self):
        res = super().init()
        # one payout per claim, whatever the code path: the database refuses a second move
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS account_move_dms_mdf_claim_uniq "
                "ON account_move (dms_mdf_claim_id) WHERE dms_mdf_claim_id IS NOT NULL"
            )
        )
        return res
