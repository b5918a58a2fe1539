# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.dms_dealer.models.dms_scorecard_template import VERSIONED_FIELDS


class DmsScorecardTemplate(models.Model):
    """A weight for the service KPI (0 by default: HQ decides whether service counts)."""

    _inherit = "dms.scorecard.template"

    weight_service = fields.Float(
        string="Service Weight",
        default=0.0,
        tracking=True,
        help="Weight of the service KPI: half SLA kept (100 - breach rate), half the dealer's "
        "satisfaction rating. It measures the service the dealer received, not what the dealer did.",
    )

    @api.depends("weight_service")
    def _compute_weight_total(self):
        res = super()._compute_weight_total()
        for template in self:
            template.weight_total += template.weight_service
        return res

    @api.constrains("weight_service")
    def _check_weight_service(self):
        self._check_weights()

    def _get_weights(self):
        weights = super()._get_weights()
        weights["service"] = self.weight_service
        return weights

    def _prepare_version_vals(self):
        vals = super()._prepare_version_vals()
        vals["weight_service"] = self.weight_service
        return vals

    def write(self, vals):
        res = super().write(vals)
        # the base write versions its own fields; the service weight is versioned the same way
        if "weight_service" in vals and not any(f in vals for f in VERSIONED_FIELDS) and not self._dms_skip_version():
            self._create_version()
        return res
