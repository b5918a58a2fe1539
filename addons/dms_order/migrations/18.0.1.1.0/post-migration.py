# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The order's hand-off activity types keep their done activities (their data is ``noupdate``)."""

from odoo import SUPERUSER_ID, api

HANDOFF_TYPES = (
    "dms_order.mail_activity_dms_approval",
    "dms_order.mail_activity_dms_confirm",
    "dms_order.mail_activity_dms_deliver",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in HANDOFF_TYPES:
        activity_type = env.ref(xmlid, raise_if_not_found=False)
        if activity_type:
            activity_type.keep_done = True
