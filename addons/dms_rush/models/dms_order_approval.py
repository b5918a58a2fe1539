# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsOrderApproval(models.Model):
    """Rush orders come first in the approval queue."""

    _inherit = "dms.order.approval"
    _order = "dms_rush desc, order_id, sequence, id"

    dms_rush = fields.Boolean(related="order_id.dms_rush", store=True, string="Rush")
