# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class DmsInventoryLockMixin(models.AbstractModel):
    """Serialise the actions of the parties on one document (accept, decline, edit).

    The same pattern as dms_order's credit lock and dms_channel's return lock: the rows are locked
    *and written* first thing, in id order. A concurrent action on the same document waits for the
    lock, then fails to serialise (REPEATABLE READ) before it has done any work, and Odoo retries it
    on fresh data, where the workflow refuses the step already taken.
    """

    _name = "dms.inventory.lock.mixin"
    _description = "Channel Inventory Row Lock"

    def _inventory_lock(self):
        if self:
            self.env.execute_query(
                SQL(
                    "UPDATE %s SET write_date = (now() AT TIME ZONE 'UTC') WHERE id IN %s",
                    SQL.identifier(self._table),
                    tuple(sorted(self.ids)),
                )
            )
