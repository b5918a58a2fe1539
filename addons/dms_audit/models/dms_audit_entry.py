# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .dms_audit_log import OPERATIONS, ORIGINS, compute_record_display


class DmsAuditEntry(models.Model):
    """One read-only list of both trails: field changes (``dms.audit.log``) and
    workflow transitions (``dms.workflow.log``), as a SQL view.

    A status written by the workflow engine is shown once, as the transition
    (which carries the reason), not again as a field change.
    """

    _name = "dms.audit.entry"
    _description = "Audit Trail"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "field_name"

    entry_type = fields.Selection(
        [("change", "Field Change"), ("transition", "Workflow Transition")], string="Type", readonly=True
    )
    date = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    model_id = fields.Many2one("ir.model", string="Model", readonly=True)
    res_model = fields.Char(string="Model Name", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True)
    record_name = fields.Char(string="Deleted Record", readonly=True)
    record_display = fields.Char(string="Record", compute="_compute_record_display")
    operation = fields.Selection([*OPERATIONS, ("transition", "Transition")], readonly=True)
    field_id = fields.Many2one("ir.model.fields", string="Field", readonly=True)
    field_name = fields.Char(readonly=True)
    field_type = fields.Char(readonly=True)
    old_value_raw = fields.Text(string="Old Value (stored)", readonly=True)
    new_value_raw = fields.Text(string="New Value (stored)", readonly=True)
    old_value = fields.Char(compute="_compute_values")
    new_value = fields.Char(compute="_compute_values")
    transition = fields.Char(readonly=True)
    reason = fields.Text(readonly=True)
    origin = fields.Selection(ORIGINS, readonly=True)
    audit_log_id = fields.Many2one("dms.audit.log", readonly=True)
    workflow_log_id = fields.Many2one("dms.workflow.log", readonly=True)

    def _workflow_fields(self):
        """(model, state field) of every model on the workflow engine, for the transitions' field."""
        return sorted(
            (name, self.env[name]._workflow_field)
            for name in self.env.registry.descendants(["dms.workflow.mixin"], "_inherit")
            if not self.env[name]._abstract
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        pairs = self._workflow_fields() or [("", "")]
        values = SQL(", ").join(SQL("(%s, %s)", model, field) for model, field in pairs)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW dms_audit_entry AS (
                SELECT a.id * 2 AS id, 'change' AS entry_type, a.date, a.user_id, a.model_id, a.res_model,
                       a.res_id, a.record_name, a.operation, a.field_id, a.field_name, a.field_type,
                       a.old_value_raw, a.new_value_raw, NULL AS transition, NULL AS reason, a.origin,
                       a.id AS audit_log_id, NULL::integer AS workflow_log_id
                  FROM dms_audit_log a
                 WHERE a.by_workflow IS NOT TRUE
                UNION ALL
                SELECT w.id * 2 + 1, 'transition', w.date, w.user_id, m.id, w.res_model,
                       w.res_id, NULL, 'transition', f.id, COALESCE(wf.field, 'state'), 'selection',
                       w.from_state, w.to_state, w.transition, w.reason, NULL,
                       NULL, w.id
                  FROM dms_workflow_log w
                  LEFT JOIN ir_model m ON m.model = w.res_model
                  LEFT JOIN (VALUES %s) AS wf(model, field) ON wf.model = w.res_model
                  LEFT JOIN ir_model_fields f ON f.model = w.res_model AND f.name = COALESCE(wf.field, 'state')
            )""",
                values,
            )
        )

    @api.depends("field_type", "old_value_raw", "new_value_raw")
    @api.depends_context("lang")
    def _compute_values(self):
        render = self.env["dms.audit.log"]._dms_audit_render
        for entry in self:
            entry.old_value = render(entry.res_model, entry.field_name, entry.field_type, entry.old_value_raw)
            entry.new_value = render(entry.res_model, entry.field_name, entry.field_type, entry.new_value_raw)

    @api.depends("res_model", "res_id", "record_name")
    def _compute_record_display(self):
        compute_record_display(self)

    def action_open_record(self):
        self.ensure_one()
        if self.res_model not in self.env or not self.env[self.res_model].browse(self.res_id).exists():
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model_create_multi
    def create(self, vals_list):
        raise AccessError(self.env._("The audit trail cannot be changed."))

    def write(self, vals):
        raise AccessError(self.env._("The audit trail cannot be changed."))

    def unlink(self):
        raise AccessError(self.env._("The audit trail cannot be deleted."))
