# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsServiceCategory(models.Model):
    """What a ticket is about, with its service level (SLA) and its default team."""

    _name = "dms.service.category"
    _description = "Service Ticket Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    description = fields.Text(translate=True, help="Shown to the dealer when choosing the category.")
    team_id = fields.Many2one("dms.service.team", string="Default Team", ondelete="restrict")
    response_hours = fields.Float(
        string="First Response (hours)", default=8.0, help="Hours, on the clock, from opening to the first response."
    )
    resolution_hours = fields.Float(
        string="Resolution (hours)", default=72.0, help="Hours, on the clock, from opening to the ticket solved."
    )
    product_required = fields.Boolean(help="The dealer must name the product concerned.")

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(response_hours >= 0 AND resolution_hours >= 0)",
            "SLA hours cannot be negative.",
        ),
        (
            "response_before_resolution",
            "CHECK(resolution_hours = 0 OR response_hours <= resolution_hours)",
            "The first response cannot be due after the resolution.",
        ),
    ]
