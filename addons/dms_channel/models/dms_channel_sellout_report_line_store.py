# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsChannelSelloutReportLine(models.Model):
    _inherit = "dms.channel.sellout.report.line"

    store_name = fields.Char(string="Store Name")
