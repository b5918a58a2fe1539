# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsDealerQualificationType(models.Model):
    _name = "dms.dealer.qualification.type"
    _description = "Dealer Qualification Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    mandatory = fields.Boolean(
        help="Required to admit a dealer; when it expires the dealer is suspended until it is renewed."
    )
    reminder_days = fields.Integer(
        string="Reminder (days)",
        default=30,
        help="An activity reminds the dealer's responsible this many days before the document expires.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a qualification type must be unique."),
        ("reminder_days_positive", "CHECK(reminder_days >= 0)", "The reminder delay cannot be negative."),
    ]
