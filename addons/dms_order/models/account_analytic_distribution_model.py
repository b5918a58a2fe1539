# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools


class AccountAnalyticDistributionModel(models.Model):
    _inherit = "account.analytic.distribution.model"

    @api.model
    @tools.ormcache("company_ids")
    def _dms_exists_for_companies(self, company_ids):
        """Whether any distribution model may apply to ``company_ids`` (a tuple); cached until one changes.

        sudo: it only decides whether the per-line lookup is needed; that lookup runs as the user.
        """
        return bool(self.sudo().search_count([("company_id", "in", [*company_ids, False])], limit=1))

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
