# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Create the customer-advance account of every company that already has a chart of accounts."""
    env["res.company"].search([("chart_template", "!=", False)])._dms_prepayment_ensure_setup()
