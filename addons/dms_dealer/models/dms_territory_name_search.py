# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsTerritory(models.Model):
    _inherit = "dms.territory"

    # imports and many2one inputs accept "HQ / East" as well as the code "T-EAST"
    _rec_names_search = ["complete_name", "code"]
