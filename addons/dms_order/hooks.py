# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL


def post_init_hook(env):
    """Give orders that existed before the install the status matching their state."""
    env.execute_query(
        SQL(
            """UPDATE sale_order
                  SET dms_state = CASE state WHEN 'sale' THEN 'confirmed' WHEN 'cancel' THEN 'cancel' ELSE 'draft' END
                WHERE dms_state IS NULL OR dms_state = 'draft'"""
        )
    )
    confirmed = env["sale.order"].search([("state", "=", "sale"), ("dms_state", "=", "confirmed")])
    confirmed._dms_update_shipping_state()
    confirmed.invalidate_recordset(["dms_state"])
