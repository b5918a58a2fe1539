# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Service Tickets",
    "summary": "After-sales service tickets (售后服务工单) between dealers and the brand: categories with SLAs, "
    "teams, portal tickets with photos and chatter, breach alerts, satisfaction rating, scorecard measures",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal", "rating"],
    "data": [
        "security/dms_service_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/dms_service_ticket_views.xml",
        "views/dms_service_config_views.xml",
        "views/portal_templates.xml",
        "views/dms_service_menus.xml",
    ],
    "demo": [
        "demo/dms_service_demo.xml",
    ],
    "installable": True,
}
