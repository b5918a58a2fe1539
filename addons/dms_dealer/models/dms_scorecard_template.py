# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import scoring
from .dms_dealer_target import PERIOD_TYPES, TARGET_BASES
from .dms_workflow_mixin import _EngineMark

#: template field -> KPI key of tools.scoring
WEIGHT_FIELDS = {
    "weight_attainment": "attainment",
    "weight_growth": "growth",
    "weight_punctuality": "punctuality",
    "weight_return": "return",
}
#: fields whose change makes a new version
VERSIONED_FIELDS = (*WEIGHT_FIELDS, "return_tolerance", "line_ids", "basis")


#: marks the template's own nested writes (no new version for each of them): a mark equal only to
#: itself, like the workflow engine's, so that no context a client sends can skip versioning
NO_VERSION = _EngineMark("dms_scorecard_no_version")


class DmsScorecardTemplate(models.Model):
    """Weighted KPIs that score dealers and propose their level.

    Every change of weights, tolerance, basis or thresholds freezes a new
    :class:`dms.scorecard.version`; a score keeps the version it used.
    """

    _name = "dms.scorecard.template"
    _description = "Dealer Scorecard Template"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    period_type = fields.Selection(
        PERIOD_TYPES, required=True, default="quarter", help="Scores are computed for each closed period of this type."
    )
    basis = fields.Selection(TARGET_BASES, required=True, default="invoiced", string="Sales Basis")
    weight_attainment = fields.Float(string="Target Attainment Weight", default=40.0, tracking=True)
    weight_growth = fields.Float(string="Growth Weight", default=20.0, tracking=True)
    weight_punctuality = fields.Float(string="Payment Punctuality Weight", default=25.0, tracking=True)
    weight_return = fields.Float(string="Return Rate Weight", default=15.0, tracking=True)
    weight_total = fields.Float(compute="_compute_weight_total")
    return_tolerance = fields.Float(
        string="Return Tolerance (%)",
        default=20.0,
        tracking=True,
        help="Return rate at which the return KPI scores 0 (no returns score 100).",
    )
    line_ids = fields.One2many("dms.scorecard.template.line", "template_id", string="Level Thresholds", copy=True)
    hq_level_ids = fields.Many2many(
        "dms.dealer.level",
        string="Levels Approved by HQ",
        default=lambda self: self.env.ref("dms_dealer.dealer_level_strategic", raise_if_not_found=False),
        help="A level change from or to these levels must be approved by an HQ manager; "
        "other changes by the regional manager of the dealer.",
    )
    version_ids = fields.One2many("dms.scorecard.version", "template_id", string="Versions")
    version_id = fields.Many2one("dms.scorecard.version", string="Current Version", readonly=True, copy=False)
    version_count = fields.Integer(compute="_compute_version_count")

    @api.depends(*WEIGHT_FIELDS)
    def _compute_weight_total(self):
        for template in self:
            template.weight_total = sum(template[f] for f in WEIGHT_FIELDS)

    def _compute_version_count(self):
        counts = dict(
            self.env["dms.scorecard.version"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.version_count = counts.get(template, 0)

    @api.constrains(*WEIGHT_FIELDS)
    def _check_weights(self):
        for template in self:
            try:
                scoring.check_weights(template._get_weights())
            except ValueError as exc:
                raise ValidationError(
                    self.env._(
                        "The KPI weights of %(template)s must be positive and sum to 100 (now %(total)s).",
                        template=template.name,
                        total=round(template.weight_total, 2),
                    )
                ) from exc

    @api.constrains("return_tolerance")
    def _check_return_tolerance(self):
        if any(t.return_tolerance <= 0 or t.return_tolerance > 100 for t in self):
            raise ValidationError(self.env._("The return tolerance must be between 0 and 100 %."))

    def _get_weights(self):
        self.ensure_one()
        return {kpi: self[fname] for fname, kpi in WEIGHT_FIELDS.items()}

    def _prepare_version_vals(self):
        self.ensure_one()
        return {
            "template_id": self.id,
            "version": (max(self.version_ids.mapped("version")) if self.version_ids else 0) + 1,
            "basis": self.basis,
            "return_tolerance": self.return_tolerance,
            "thresholds": {str(line.level_id.id): line.min_score for line in self.line_ids},
            **{fname: self[fname] for fname in WEIGHT_FIELDS},
        }

    @api.model
    def _dms_skip_version(self):
        """No new version for the template's own nested writes (the mark) nor for data files being
        installed (they create their versions themselves); a client's context never skips one."""
        flag = self.env.context.get("dms_scorecard_no_version")
        return flag is NO_VERSION or (bool(flag) and not self.pool.ready)

    def _create_version(self):
        if not self:
            return self.env["dms.scorecard.version"]
        versions = self.env["dms.scorecard.version"].sudo().create([t._prepare_version_vals() for t in self])
        for template, version in zip(self, versions, strict=True):
            template.with_context(dms_scorecard_no_version=NO_VERSION).sudo().version_id = version
        return versions

    @api.model_create_multi
    def create(self, vals_list):
        templates = super(DmsScorecardTemplate, self.with_context(dms_scorecard_no_version=NO_VERSION)).create(
            vals_list
        )
        if not self._dms_skip_version():
            templates._create_version()
        return templates.with_env(self.env)

    def write(self, vals):
        res = super(DmsScorecardTemplate, self.with_context(dms_scorecard_no_version=NO_VERSION)).write(vals)
        if not self._dms_skip_version() and any(f in vals for f in VERSIONED_FIELDS):
            self._create_version()
        return res

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dms.scorecard.version",
            "view_mode": "list,form",
            "domain": [("template_id", "=", self.id)],
            "name": self.env._("Versions of %(template)s", template=self.name),
        }

    def action_compute_last_period(self):
        """Score every active dealer for the last closed period (button and cron)."""
        scores = self.env["dms.dealer.score"]
        for template in self:
            scores |= scores._dms_compute_for_template(template)
        return scores

    @api.model
    def _cron_compute_scores(self):
        """Daily: score the last closed period of every template once (existing scores are kept).

        Every company's templates (superuser, explicit ``active`` domain), each in its own company.
        """
        for template in self.sudo().search([("active", "=", True)]):
            template.with_company(template.company_id).action_compute_last_period()
