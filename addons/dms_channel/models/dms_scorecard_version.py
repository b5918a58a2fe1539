# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .dms_dealer_target import CHANNEL_TARGET_BASES, CHANNEL_TARGET_ONDELETE


class DmsScorecardVersion(models.Model):
    _inherit = "dms.scorecard.version"

    basis = fields.Selection(selection_add=CHANNEL_TARGET_BASES, ondelete=CHANNEL_TARGET_ONDELETE)
