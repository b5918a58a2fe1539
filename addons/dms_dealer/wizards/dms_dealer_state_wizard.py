# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.res_partner import DEALER_STATES


class DmsDealerStateWizard(models.TransientModel):
    _name = "dms.dealer.state.wizard"
    _description = "Change Dealer Status"

    partner_ids = fields.Many2many("res.partner", string="Dealers", required=True)
    new_state = fields.Selection(DEALER_STATES, string="New Status", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.partner_ids._dealer_set_state(self.new_state, self.reason)
        return {"type": "ir.actions.act_window_close"}
