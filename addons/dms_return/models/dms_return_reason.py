# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsReturnReason(models.Model):
    """A reason for a return or exchange, and its service standard (deadline after delivery)."""

    _name = "dms.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable key used by the receipt sign-off: shortage (短少) and damage (破损)."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to use the reason in every company.")
    deadline_days = fields.Integer(
        string="Deadline (days after delivery)",
        required=True,
        default=7,
        help="A return for this reason may be requested at most this many days after the goods were delivered.",
    )
    needs_return = fields.Boolean(
        string="Goods Come Back",
        default=True,
        help="Unset for shortages: nothing is shipped back, the request goes straight to refund or replacement.",
    )
    photo_required = fields.Boolean(help="The dealer must attach at least one photo (e.g. of the damage).")
    description = fields.Text(translate=True, help="Shown to the dealer on the request form.")

    _sql_constraints = [
        ("deadline_days_positive", "CHECK(deadline_days >= 0)", "The deadline cannot be negative."),
    ]

    @api.model
    def _get_by_code(self, code, company):
        """The active reason with ``code`` for ``company`` (its own first, then a shared one)."""
        reasons = self.search(
            [("code", "=", code), ("company_id", "in", (company.id, False))], order="company_id, sequence, id"
        )
        own = reasons.filtered(lambda r: r.company_id == company)
        return (own or reasons)[:1]
