# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo, force_create=True):
        """A company that gets a chart of accounts gets its rebate accounts too.

        The install hook covers companies that had a chart before dms_rebate; this covers
        the ones whose chart is loaded later (new companies, or a fresh database where the
        chart is loaded after our hook ran).
        """
        res = super()._load(template_code, company, install_demo, force_create=force_create)
        self.env["res.company"].browse(company.id)._dms_rebate_ensure_setup()
        return res
