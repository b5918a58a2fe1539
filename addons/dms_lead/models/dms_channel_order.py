# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsChannelOrder(models.Model):
    _inherit = "dms.channel.order"

    dms_lead_assignment_id = fields.Many2one(
        "dms.lead.assignment",
        string="From Lead",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The brand lead the dealer converted to this order.",
    )

    def _workflow_guarded_fields(self):
        return super()._workflow_guarded_fields() | {"dms_lead_assignment_id"}
