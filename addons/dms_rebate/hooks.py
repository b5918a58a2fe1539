# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Create the rebate accounts for every company that already has a chart of accounts."""
    companies = env["res.company"].search([("chart_template", "!=", False)])
    companies._dms_rebate_ensure_setup()
