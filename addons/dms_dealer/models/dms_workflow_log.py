# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import workflow


class DmsWorkflowLog(models.Model):
    """Append-only trail of every transition the workflow engine made.

    States and transitions are stored as codes, so the trail reads in the
    reader's language; separation of duties is computed from it.
    """

    _name = "dms.workflow.log"
    _description = "Workflow Log"
    _order = "id desc"
    _rec_name = "transition"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, readonly=True)
    transition = fields.Char(required=True, readonly=True)
    kind = fields.Selection(
        [
            (workflow.SUBMIT, "Submit"),
            (workflow.APPROVE, "Approve"),
            (workflow.REJECT, "Reject"),
            (workflow.RESET, "Reset"),
            (workflow.OTHER, "Other"),
        ],
        required=True,
        readonly=True,
    )
    from_state = fields.Char(readonly=True)
    to_state = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True, ondelete="restrict")
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    reason = fields.Text(readonly=True)

    def init(self):
        res = super().init()
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS dms_workflow_log_res_idx ON dms_workflow_log (res_model, res_id, id)"
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("The workflow log is written by the workflow engine only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super  # append-only: never written
        raise AccessError(self.env._("The workflow log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("The workflow log cannot be deleted."))
