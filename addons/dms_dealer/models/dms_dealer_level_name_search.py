# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsDealerLevel(models.Model):
    _inherit = "dms.dealer.level"

    # imports and many2one inputs accept the level name or its code ("STR")
    _rec_names_search = ["name", "code"]
