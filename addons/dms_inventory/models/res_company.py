# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_inventory_trailing_weeks = fields.Integer(
        string="Cover Window (weeks)",
        default=8,
        help="Weeks of sell-through and sell-out the weeks of cover are computed from.",
    )
    dms_inventory_accept_hours = fields.Integer(
        string="Routed Order Accept Deadline (hours)",
        default=4,
        help="Hours a dealer has to accept an end-customer order routed to it before it goes to the next one.",
    )
    dms_inventory_alert_mail = fields.Boolean(
        string="Notify Dealers of New Alerts",
        default=True,
        help="After each alert scan, the portal users of a dealer with new alerts get one message (by e-mail "
        "or in the portal, as they chose) listing them.",
    )
