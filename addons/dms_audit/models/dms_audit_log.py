# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import audit

ORIGINS = [
    ("rpc", "RPC / Web Client"),
    ("http", "Web Page"),
    ("cron", "Scheduled Job"),
    ("server", "Server"),
]
OPERATIONS = [("create", "Created"), ("write", "Changed"), ("unlink", "Deleted")]


def compute_record_display(rows):
    """``record_display`` of audit rows: the record's current name, or its name when deleted."""
    env = rows.env
    ids_by_model = {}
    for row in rows:
        if row.res_model in env and row.res_id:
            ids_by_model.setdefault(row.res_model, set()).add(row.res_id)
    names = {}
    for model_name, ids in ids_by_model.items():
        records = env[model_name].sudo().with_context(active_test=False).browse(ids).exists()
        names.update({(model_name, record.id): record.display_name for record in records})
    for row in rows:
        fallback = f"{row.res_model},{row.res_id}" if row.res_id else ""
        row.record_display = row.record_name or names.get((row.res_model, row.res_id)) or fallback


class DmsAuditLog(models.Model):
    """Append-only trail of changes to fields that move money or access.

    One row per record and field changed. Values are stored readable
    (display names of related records), except selections and booleans, which
    are stored as codes and rendered in the reader's language.
    Only ``dms.audit.mixin`` writes rows (superuser mode); nobody edits or deletes them.
    """

    _name = "dms.audit.log"
    _description = "Audit Log"
    _order = "id desc"
    _rec_name = "field_name"

    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True, index=True, ondelete="restrict")
    model_id = fields.Many2one("ir.model", string="Model", readonly=True, index=True, ondelete="set null")
    res_model = fields.Char(string="Model Name", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True, index=True)
    record_name = fields.Char(string="Deleted Record", readonly=True, help="Name of a deleted record.")
    record_display = fields.Char(string="Record", compute="_compute_record_display")
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    field_id = fields.Many2one("ir.model.fields", string="Field", readonly=True, index=True, ondelete="set null")
    field_name = fields.Char(string="Field Name", readonly=True)
    field_type = fields.Char(readonly=True)
    old_value_raw = fields.Text(string="Old Value (stored)", readonly=True)
    new_value_raw = fields.Text(string="New Value (stored)", readonly=True)
    old_value = fields.Char(compute="_compute_values", search="_search_old_value")
    new_value = fields.Char(compute="_compute_values", search="_search_new_value")
    by_workflow = fields.Boolean(
        string="Workflow Transition",
        readonly=True,
        help="The status field written by the workflow engine; the transition and its reason are in the Workflow Log.",
    )
    origin = fields.Selection(ORIGINS, readonly=True, index=True)
    request_path = fields.Char(readonly=True)
    remote_addr = fields.Char(string="IP Address", readonly=True)

    def init(self):
        super().init()
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS dms_audit_log_res_idx ON dms_audit_log (res_model, res_id, id)")

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    @api.model
    def _dms_audit_render(self, model_name, field_name, field_type, raw):
        """The stored value ``raw`` as the reader reads it (selection labels in the reader's language)."""
        if field_type not in audit.CODED_TYPES or raw in (False, None):
            return raw or ""
        if field_type == "boolean":
            return self.env._("Yes") if raw == "True" else self.env._("No")
        field = self.env[model_name]._fields.get(field_name) if model_name in self.env else None
        if field is None or field.type != "selection":
            return raw
        return dict(field._description_selection(self.env)).get(raw, raw)

    @api.depends("field_type", "old_value_raw", "new_value_raw")
    @api.depends_context("lang")
    def _compute_values(self):
        for log in self:
            log.old_value = self._dms_audit_render(log.res_model, log.field_name, log.field_type, log.old_value_raw)
            log.new_value = self._dms_audit_render(log.res_model, log.field_name, log.field_type, log.new_value_raw)

    def _search_old_value(self, operator, value):
        return [("old_value_raw", operator, value)]

    def _search_new_value(self, operator, value):
        return [("new_value_raw", operator, value)]

    @api.depends("res_model", "res_id", "record_name")
    def _compute_record_display(self):
        compute_record_display(self)

    # ------------------------------------------------------------------
    # Append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("The audit log is written by the audit trail only."))
        return super().create(vals_list)

    def write(self, vals):
        raise AccessError(self.env._("The audit log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("The audit log cannot be deleted."))

    def copy(self, default=None):
        raise AccessError(self.env._("The audit log cannot be changed."))
