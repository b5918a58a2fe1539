# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_workflow_allow_self_approval = fields.Boolean(
        string="Allow Self-Approval",
        help="Small teams only: lets the person who submitted a document approve it, and one person "
        "approve several steps of an approval chain. Off by default (separation of duties).",
    )
