# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

STATEMENT = "dms.dealer.statement"


class IrAttachment(models.Model):
    """The kept original of a confirmed statement (the PDF saved when it was first printed, and the
    signature) is never changed, replaced or deleted by a user: neither party, nor an upstream
    administrator who may write the statement's chatter. Only superuser code touches it."""

    _inherit = "ir.attachment"

    @api.model
    def _dms_kept_original_names(self, statement_ids):
        """``{statement id: PDF name}`` of the confirmed statements among ``statement_ids``."""
        statements = (
            self.env[STATEMENT].sudo().browse(statement_ids).exists().filtered(lambda s: s.state == "confirmed")
        )
        return {statement.id: f"{statement._get_report_base_filename()}.pdf" for statement in statements}

    def _dms_check_kept_original(self, vals=None):
        if self.env.su:
            return
        targets = []
        for attachment in self.sudo():
            if attachment.res_model == STATEMENT and attachment.res_id:
                targets.append((attachment.res_id, attachment.res_field, attachment.name))
        if vals is not None and vals.get("res_model", STATEMENT) == STATEMENT:
            # what the attachments become: moved onto a statement, renamed to its kept PDF
            for attachment in self.sudo():
                res_id = vals.get("res_id", attachment.res_id if attachment.res_model == STATEMENT else 0)
                if res_id:
                    targets.append(
                        (res_id, vals.get("res_field", attachment.res_field), vals.get("name", attachment.name))
                    )
        if not targets:
            return
        kept = self._dms_kept_original_names({res_id for res_id, _field, _name in targets})
        for res_id, res_field, name in targets:
            if res_id in kept and (res_field == "signature" or (not res_field and name == kept[res_id])):
                raise AccessError(self.env._("The signed original of a confirmed statement cannot be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            targets = [
                (vals["res_id"], vals.get("res_field"), vals.get("name"))
                for vals in vals_list
                if vals.get("res_model") == STATEMENT and vals.get("res_id")
            ]
            if targets:
                kept = self._dms_kept_original_names({res_id for res_id, _field, _name in targets})
                for res_id, res_field, name in targets:
                    if res_id in kept and (res_field == "signature" or (not res_field and name == kept[res_id])):
                        raise AccessError(self.env._("The signed original of a confirmed statement cannot be changed."))
        return super().create(vals_list)

    def write(self, vals):
        self._dms_check_kept_original(vals)
        return super().write(vals)

    def unlink(self):
        self._dms_check_kept_original()
        return super().unlink()
