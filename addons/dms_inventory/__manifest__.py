# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Channel Inventory",
    "summary": "One view of stock across the network, cover and expiry (临期) alerts, replenishment "
    "proposals (VMI), cross-dealer transfers (调货) and routing of end-customer orders (智能分单)",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_channel"],
    "data": [
        "security/dms_inventory_security.xml",
        "security/ir.model.access.csv",
        "security/dms_inventory_rules.xml",
        "data/ir_sequence_data.xml",
        "data/dms_inventory_threshold_data.xml",
        "data/ir_cron_data.xml",
        "views/dms_inventory_report_views.xml",
        "views/dms_inventory_alert_views.xml",
        "views/dms_inventory_proposal_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/dms_inventory_menus.xml",
    ],
    "demo": [
        "demo/dms_inventory_demo.xml",
    ],
    "installable": True,
}
