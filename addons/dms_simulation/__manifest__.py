# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Strategy Simulation",
    "summary": "Simulate a draft price policy, rebate policy or promotion on last period's orders "
    "(策略模拟): revenue, margin and rebate cost by region, dealer level and dealer before approval",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_pricing", "dms_rebate"],
    "data": [
        "security/dms_simulation_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "views/dms_simulation_line_views.xml",
        "views/dms_simulation_order_line_views.xml",
        "views/dms_simulation_views.xml",
        "views/dms_simulation_menus.xml",
    ],
    "demo": [
        "demo/dms_simulation_demo.xml",
    ],
    "installable": True,
}
