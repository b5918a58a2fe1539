# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsChannelSelloutReport(models.Model):
    """Posted sell-out counts for the dealer's sell-out rebates."""

    _inherit = "dms.channel.sellout.report"

    def action_post(self):
        result = super().action_post()
        Accrual = self.env["dms.rebate.accrual"].sudo()
        for report in self.sudo():
            for day in set(report.line_ids.mapped("sale_date")):
                Accrual._recompute_for_channel(report.dealer_id, day, "sell_out", report.company_id)
        return result
