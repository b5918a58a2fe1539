# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .dms_dealer_target import TARGET_BASES
from .dms_scorecard_template import WEIGHT_FIELDS


class DmsScorecardVersion(models.Model):
    """Frozen weights and thresholds of a scorecard template (never edited)."""

    _name = "dms.scorecard.version"
    _description = "Scorecard Template Version"
    _order = "template_id, version desc"

    name = fields.Char(compute="_compute_name", store=True)
    template_id = fields.Many2one("dms.scorecard.template", required=True, ondelete="cascade", index=True)
    version = fields.Integer(required=True, readonly=True)
    basis = fields.Selection(TARGET_BASES, required=True, readonly=True)
    weight_attainment = fields.Float(string="Target Attainment Weight", readonly=True)
    weight_growth = fields.Float(string="Growth Weight", readonly=True)
    weight_punctuality = fields.Float(string="Payment Punctuality Weight", readonly=True)
    weight_return = fields.Float(string="Return Rate Weight", readonly=True)
    return_tolerance = fields.Float(string="Return Tolerance (%)", readonly=True)
    thresholds = fields.Json(readonly=True, help="{level id: minimum score}")
    threshold_summary = fields.Char(compute="_compute_threshold_summary")

    _sql_constraints = [
        ("version_unique", "unique(template_id, version)", "Version numbers are unique per template."),
    ]

    @api.depends("template_id.name", "version")
    def _compute_name(self):
        for version in self:
            version.name = f"{version.template_id.name} v{version.version}"

    def _compute_threshold_summary(self):
        levels = (
            self.env["dms.dealer.level"]
            .browse({int(level_id) for version in self for level_id in (version.thresholds or {})})
            .with_context(active_test=False)
            .exists()
        )
        names = {level.id: level.display_name for level in levels}
        for version in self:
            pairs = sorted((version.thresholds or {}).items(), key=lambda kv: -kv[1])
            version.threshold_summary = ", ".join(
                f"{names.get(int(level_id), level_id)} \u2265 {score:g}" for level_id, score in pairs
            )

    def _get_weights(self):
        self.ensure_one()
        return {kpi: self[fname] for fname, kpi in WEIGHT_FIELDS.items()}

    def _get_thresholds(self):
        """``[(dms.dealer.level, min_score)]`` of this version."""
        self.ensure_one()
        data = self.thresholds or {}
        levels = self.env["dms.dealer.level"].with_context(active_test=False).browse([int(k) for k in data]).exists()
        return [(level, data[str(level.id)]) for level in levels]

    def write(self, vals):
        if set(vals) - {"name"}:
            raise UserError(self.env._("A scorecard version is frozen: change the template to make a new version."))
        return super().write(vals)
