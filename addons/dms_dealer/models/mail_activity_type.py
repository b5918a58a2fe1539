# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    dms_email_digest = fields.Boolean(
        string="E-mail in a Digest",
        help="Assignees get these activities in a periodic digest e-mail instead of one e-mail each. "
        "The activity still appears at once in Odoo (activity counter, My Activities).",
    )
