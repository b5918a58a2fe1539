# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsScorecardVersion(models.Model):
    _inherit = "dms.scorecard.version"

    weight_service = fields.Float(string="Service Weight", readonly=True)

    def _get_weights(self):
        weights = super()._get_weights()
        weights["service"] = self.weight_service
        return weights
