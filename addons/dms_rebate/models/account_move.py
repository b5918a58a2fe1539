# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_rebate_accrual_id = fields.Many2one(
        "dms.rebate.accrual", string="Rebate Accrual", readonly=True, copy=False, index="btree_not_null"
    )
    dms_rebate_settlement_id = fields.Many2one(
        "dms.rebate.settlement", string="Rebate Settlement", readonly=True, copy=False, index="btree_not_null"
    )

    def _dms_rebate_recompute(self):
        if self.env.context.get("dms_rebate_skip_accrual"):
            return
        self.env["dms.rebate.accrual"]._recompute_for_moves(self)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._dms_rebate_recompute()
        return posted

    def button_draft(self):
        was_posted = self.filtered(lambda m: m.state == "posted")
        res = super().button_draft()
        was_posted._dms_rebate_recompute()
        return res

    def button_cancel(self):
        was_posted = self.filtered(lambda m: m.state == "posted")
        res = super().button_cancel()
        was_posted._dms_rebate_recompute()
        return res
