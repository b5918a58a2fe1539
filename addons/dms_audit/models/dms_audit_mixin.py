# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One mechanism for the audit trail of every sensitive model.

A model adds ``dms.audit.mixin`` to its ``_inherit`` and lists its sensitive
fields in ``_dms_audit_fields``. Its ``create``, ``write`` and ``unlink`` then
record who changed which field of which record, from what to what, in
``dms.audit.log``: one batched ``create`` per call, whatever the number of
records and fields. The hook is in the ORM, so a change made through JSON-RPC
(``write``, ``web_save``) is recorded exactly like one made by a button.
"""

from odoo import api, models
from odoo.http import request

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY

from ..tools import audit


class DmsAuditMixin(models.AbstractModel):
    _name = "dms.audit.mixin"
    _description = "Audit Trail of Sensitive Fields"

    #: fields whose changes are recorded
    _dms_audit_fields = ()
    #: on create, one row per audited field set (True) or one row per record with its name (False,
    #: for models created by the thousand, such as imported price lines)
    _dms_audit_create_detail = True

    # ------------------------------------------------------------------
    # What a model may override
    # ------------------------------------------------------------------
    def _dms_audit_touched(self, vals):
        """The audited fields a ``write``/``create`` of ``vals`` may change."""
        return [name for name in self._dms_audit_fields if name in vals]

    def _dms_audit_records(self):
        """The records whose changes are recorded (default: all of them)."""
        return self

    def _dms_audit_created(self):
        """The created records worth a row (default: all of them)."""
        return self

    def _dms_audit_deleted(self):
        """The deleted records worth a row (default: all of them)."""
        return self

    # ------------------------------------------------------------------
    # Recording
    # ------------------------------------------------------------------
    def _dms_audit_read(self, names):
        """{record id: {field: value}} of ``names``, read as superuser (archived related records included)."""
        records = self.sudo().with_context(active_test=False)
        return {record.id: {name: record[name] for name in names} for record in records}

    @api.model
    def _dms_audit_text(self, field, value):
        if field.type == "many2one":
            return value.display_name or ""
        if field.type in ("one2many", "many2many"):
            return audit.render_names(value.mapped("display_name"))
        return audit.render_scalar(field.type, value)

    @api.model
    def _dms_audit_same(self, field, old, new):
        if field.relational:
            return set(old.ids) == set(new.ids)
        if field.type in ("float", "monetary"):
            return abs((old or 0.0) - (new or 0.0)) < 1e-9
        return old == new

    @api.model
    def _dms_audit_context(self):
        """The values shared by every row of one call: who, when, from where."""
        path = remote = None
        try:
            if request and request.httprequest:
                path = request.httprequest.path
                remote = request.httprequest.remote_addr
        except RuntimeError:  # no request bound to this thread
            path = None
        in_cron = bool(self.env.context.get("ir_cron_progress_id")) and not path
        return {
            "user_id": self.env.uid,
            "origin": audit.classify_origin(path, in_cron=in_cron),
            "request_path": (path or "")[:200] or False,
            "remote_addr": remote or False,
        }

    def _dms_audit_log(self, operation, changes):
        """Create the rows of ``changes`` = [(record, field name, old value, new value)] at once."""
        if not changes:
            return
        common = self._dms_audit_context()
        common.update(
            res_model=self._name,
            model_id=self.env["ir.model"]._get_id(self._name),
            operation=operation,
        )
        field_ids = self.env["ir.model.fields"]._get_ids(self._name)
        workflow_field = getattr(self, "_workflow_field", None)
        by_engine = self.env.context.get(WORKFLOW_KEY) is ENGINE
        related = {}
        for _record_id, name, old, new, _record_name in changes:
            if name and self._fields[name].relational:
                for value in (old, new):
                    if value:
                        related.setdefault(value._name, set()).update(value._ids)
        for comodel, ids in related.items():
            self.env[comodel].sudo().with_context(active_test=False).browse(ids).mapped("display_name")
        vals_list = []
        for record_id, name, old, new, record_name in changes:
            vals = dict(common, res_id=record_id, record_name=record_name or False)
            if name:
                field = self._fields[name]
                vals.update(
                    field_id=field_ids.get(name),
                    field_name=name,
                    field_type=field.type,
                    old_value_raw=self._dms_audit_text(field, old) if old is not None else False,
                    new_value_raw=self._dms_audit_text(field, new) if new is not None else False,
                    by_workflow=operation == "write" and by_engine and name == workflow_field,
                )
            vals_list.append(vals)
        self.env["dms.audit.log"].sudo().create(vals_list)

    # ------------------------------------------------------------------
    # ORM hooks
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        created = records._dms_audit_created()
        if not created:
            return records
        if not self._dms_audit_create_detail:
            changes = [(record.id, None, None, None, record.display_name) for record in created.sudo()]
            records._dms_audit_log("create", changes)
            return records
        names = list(self._dms_audit_fields)
        values = created._dms_audit_read(names)
        changes = []
        for record in created:
            row_count = len(changes)
            for name in names:
                new = values[record.id][name]
                if new or self._fields[name].type == "boolean":
                    changes.append((record.id, name, None, new, None))
            if len(changes) == row_count:
                changes.append((record.id, None, None, None, None))
        records._dms_audit_log("create", changes)
        return records

    def write(self, vals):
        return self._dms_audit_write(vals, super().write)

    def _dms_audit_write(self, vals, write):
        """Call ``write(vals)`` and record the changes of the audited fields.

        A model whose own ``write`` overrides split one change into several writes
        (res.users adds implied groups in a second write) calls this from its topmost
        override: the writes nested in it record nothing, the outer call records the whole
        change once.
        """
        names = self._dms_audit_touched(vals)
        audited = self._dms_audit_records() if names and self else self.browse()
        if not audited:
            return write(vals)
        writing = self.env.cr.cache.setdefault("dms_audit_writing", set())
        keys = {(self._name, record_id, name) for record_id in audited._ids for name in names}
        if keys <= writing:
            return write(vals)
        before = audited._dms_audit_read(names)
        writing |= keys
        try:
            result = write(vals)
        finally:
            writing -= keys
        after = audited._dms_audit_read(names)
        changes = [
            (record_id, name, old[name], after[record_id][name], None)
            for record_id, old in before.items()
            for name in names
            if not self._dms_audit_same(self._fields[name], old[name], after[record_id][name])
        ]
        self._dms_audit_log("write", changes)
        return result

    def unlink(self):
        deleted = self._dms_audit_deleted()
        changes = [(record.id, None, None, None, record.display_name) for record in deleted.sudo()]
        result = super().unlink()
        self._dms_audit_log("unlink", changes)
        return result
