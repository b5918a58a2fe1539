# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsDealerRelatedGroup(models.Model):
    _inherit = "dms.dealer.related.group"

    dms_credit_lock_date = fields.Datetime(
        string="Last Credit Check",
        copy=False,
        readonly=True,
        help="Technical: written at each credit check to serialise confirmations of the group.",
    )
