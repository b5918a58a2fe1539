# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .dms_lead_assignment import WORKING_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        # a brand order made from a lead a dealer works wins that lead (the system's step)
        rows = self.opportunity_id.sudo().dms_assignment_id.filtered(lambda row: row.state in WORKING_STATES)
        for row in rows._workflow_as_system():
            order = self.filtered(lambda o, lead=row.lead_id: o.opportunity_id == lead)[:1]
            row._workflow_write({"sale_order_id": order.id})
            row._workflow_apply("win")
        return result
