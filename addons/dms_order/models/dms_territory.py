# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class DmsTerritory(models.Model):
    _inherit = "dms.territory"

    def _dms_get_manager(self):
        """Manager of the territory, else of the nearest territory above it."""
        if not self:
            return self.env["res.users"]
        self.ensure_one()
        return self._dms_get_managers()[self.id]

    def _dms_get_managers(self):
        """Mapping territory -> manager (nearest up the tree), one read for the batch."""
        ids = {int(i) for t in self.sudo() for i in t.parent_path.split("/") if i}
        managers = {t.id: t.manager_id for t in self.sudo().browse(ids)}
        result = {}
        for territory in self.sudo():
            chain = [int(i) for i in territory.parent_path.split("/") if i]
            manager = self.env["res.users"]
            for tid in reversed(chain):
                if managers[tid]:
                    manager = managers[tid]
                    break
            result[territory.id] = manager
        return result
