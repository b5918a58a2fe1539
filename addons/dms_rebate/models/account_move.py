# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_rebate_accrual_id = fields.Many2one(
        "dms.rebate.accrual", string="Rebate Accrual", readonly=True, copy=False, index="btree_not_null"
    )
    dms_rebate_settlement_id = fields.Many2one(
        "dms.rebate.settlement", string="Rebate Settlement", readonly=True, copy=False, index="btree_not_null"
    )

    def _dms_rebate_recompute(self):
        """Queue the accrual of these invoices: the triggered job books it, out of the poster's request."""
        # only trusted server code (sudo) may skip the accrual engine, never a client's context
        if self.env.su and self.env.context.get("dms_rebate_skip_accrual"):
            return
        self.env["dms.rebate.accrual.queue"].sudo()._enqueue(self)

    def init(self):
        res = super().init()
        # one journal entry per rebate settlement: a second approval can never book a second credit
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS account_move_dms_rebate_settlement_uniq
                   ON account_move (dms_rebate_settlement_id) WHERE dms_rebate_settlement_id IS NOT NULL"""
            )
        )
        return res

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._dms_rebate_recompute()
        return posted

    def _dms_rebate_check_settlement_moves(self):
        """A settled rebate's credit note or wallet entry stays posted: the settlement is paid."""
        settled = self.filtered(lambda move: move.dms_rebate_settlement_id.state == "done")
        if settled:
            raise UserError(
                self.env._(
                    "%(moves)s settle rebates; they cannot be reset or cancelled. "
                    "Reverse them with a new entry if a correction is needed.",
                    moves=", ".join(settled.mapped("display_name")),
                )
            )

    def button_draft(self):
        self._dms_rebate_check_settlement_moves()
        was_posted = self.filtered(lambda m: m.state == "posted")
        res = super().button_draft()
        was_posted._dms_rebate_recompute()
        return res

    def button_cancel(self):
        self._dms_rebate_check_settlement_moves()
        was_posted = self.filtered(lambda m: m.state == "posted")
        res = super().button_cancel()
        was_posted._dms_rebate_recompute()
        return res
