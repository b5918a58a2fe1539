# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsScorecardTemplateLine(models.Model):
    """Minimum total score for a dealer level."""

    _name = "dms.scorecard.template.line"
    _description = "Scorecard Level Threshold"
    _order = "min_score desc, id"

    template_id = fields.Many2one("dms.scorecard.template", required=True, ondelete="cascade", index=True)
    level_id = fields.Many2one("dms.dealer.level", string="Dealer Level", required=True, ondelete="restrict")
    min_score = fields.Float(
        string="Minimum Score", required=True, help="Total score (0-100) from which this level is proposed."
    )

    _sql_constraints = [
        ("level_unique", "unique(template_id, level_id)", "A level has one threshold per scorecard."),
        ("min_score_range", "CHECK(min_score >= 0 AND min_score <= 100)", "A minimum score lies between 0 and 100."),
    ]

    def _new_template_version(self, templates):
        if not self.env["dms.scorecard.template"]._dms_skip_version():
            templates._create_version()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self._new_template_version(lines.template_id)
        return lines

    def write(self, vals):
        res = super().write(vals)
        self._new_template_version(self.template_id)
        return res

    def unlink(self):
        templates = self.template_id
        res = super().unlink()
        self._new_template_version(templates.exists())
        return res
