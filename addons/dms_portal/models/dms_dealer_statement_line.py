# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

KINDS = [
    ("opening", "Opening Balance"),
    ("invoice", "Invoice"),
    ("payment", "Payment"),
    ("refund", "Refund"),
    ("rebate", "Rebate"),
    ("other", "Other"),
    ("closing", "Closing Balance"),
]
RESOLUTIONS = [
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]
#: what the dealer said and what finance decided: written by the statement's workflow only
DISPUTE_FIELDS = (
    "disputed",
    "dispute_comment",
    "dispute_date",
    "resolution",
    "resolution_note",
    "resolved_by_id",
    "resolved_date",
    "adjustment_amount",
    "adjustment_move_id",
)


class DmsDealerStatementLine(models.Model):
    _name = "dms.dealer.statement.line"
    _description = "Dealer Statement Line"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one("dms.dealer.statement", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer()
    currency_id = fields.Many2one(related="statement_id.currency_id")
    date = fields.Date()
    kind = fields.Selection(KINDS, required=True)
    reference = fields.Char()
    move_id = fields.Many2one(
        "account.move", ondelete="set null", help="Source entry; the amounts are a snapshot and do not follow it."
    )
    amount = fields.Monetary(currency_field="currency_id")
    balance = fields.Monetary(currency_field="currency_id")
    disputed = fields.Boolean(copy=False)
    dispute_comment = fields.Text(copy=False)
    dispute_date = fields.Datetime(copy=False)
    resolution = fields.Selection(RESOLUTIONS, copy=False, readonly=True)
    resolution_note = fields.Text(copy=False, readonly=True, help="Why finance accepted or rejected the dispute.")
    resolved_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    resolved_date = fields.Datetime(copy=False, readonly=True)
    adjustment_amount = fields.Monetary(
        currency_field="currency_id",
        copy=False,
        readonly=True,
        help="Change to the dealer's balance booked to settle the dispute: negative for a credit note, "
        "positive for a debit note.",
    )
    adjustment_move_id = fields.Many2one(
        "account.move",
        string="Adjustment Entry",
        copy=False,
        readonly=True,
        ondelete="restrict",
        help="Credit or debit note booked when finance accepted the dispute.",
    )

    # ------------------------------------------------------------------
    # A statement's lines are what the books said: only a draft's lines change,
    # and the dispute marks only through the statement's dispute transition.
    # ------------------------------------------------------------------
    @api.model
    def _dms_key_of(self, kind, move_id, reference):
        """What a regenerated line is matched on: its source entry (its kind for the balances)."""
        if kind in ("opening", "closing"):
            return (kind,)
        return ("move", move_id) if move_id else ("ref", kind, reference or "")

    def _dms_key(self):
        self.ensure_one()
        return self._dms_key_of(self.kind, self.move_id.id, self.reference)

    def _check_dispute_fields(self, fields_written):
        if set(DISPUTE_FIELDS) & set(fields_written) and not self.env["dms.dealer.statement"]._workflow_is_engine():
            raise AccessError(
                self.env._("Disputes and their resolution change only through the statement's dispute actions.")
            )

    def _check_statement_draft(self, statements):
        if any(statement.state == "confirmed" for statement in statements):
            raise UserError(self.env._("A confirmed statement is a snapshot and cannot be changed."))
        if self.env["dms.dealer.statement"]._workflow_is_engine():
            return
        if any(statement.state != "draft" for statement in statements):
            raise UserError(self.env._("Only the lines of a draft statement can be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        statement_ids = {vals.get("statement_id") for vals in vals_list if vals.get("statement_id")}
        self._check_dispute_fields({name for vals in vals_list for name, value in vals.items() if value})
        self._check_statement_draft(self.env["dms.dealer.statement"].browse(statement_ids))
        return super().create(vals_list)

    def write(self, vals):
        statements = self.statement_id
        if vals.get("statement_id"):
            statements |= statements.browse(vals["statement_id"])
        self._check_dispute_fields(vals)
        self._check_statement_draft(statements)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        self._check_statement_draft(self.statement_id)

    def action_dms_open_resolve(self):
        """Finance: accept (with an adjustment entry) or reject this disputed line."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve the Dispute"),
            "res_model": "dms.dealer.statement.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id},
        }
