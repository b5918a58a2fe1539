# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Rush Orders",
    "summary": "Rush orders (加急) within a monthly quota per dealer level: highlighted, first in the approval "
    "queue, urgent picking priority, SLA deadline with an overdue filter",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal"],
    "data": [
        "views/sale_order_views.xml",
        "views/dms_dealer_level_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/dms_rush_menus.xml",
    ],
    "demo": [
        "demo/dms_rush_demo.xml",
    ],
    "installable": True,
}
