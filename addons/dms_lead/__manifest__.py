# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Lead Distribution",
    "summary": "Brand leads (线索) assigned to dealers by territory and capacity, accepted or declined in the "
    "portal, worked to an order, and a lead-to-cash report by region and dealer",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["sale_crm", "dms_channel"],
    "data": [
        "security/ir.model.access.csv",
        "security/dms_lead_rules.xml",
        "data/ir_cron_data.xml",
        "wizards/dms_lead_withdraw_views.xml",
        "views/dms_lead_assignment_views.xml",
        "views/dms_lead_report_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/dms_lead_menus.xml",
    ],
    "demo": [
        "demo/dms_lead_demo.xml",
    ],
    "installable": True,
}
