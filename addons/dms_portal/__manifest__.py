# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Dealer Portal",
    "summary": "Branded B2B portal per distributor: layered visibility, catalog, quick order, "
    "Excel upload, statements, self-service",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_pricing", "dms_order", "dms_rebate", "portal"],
    "data": [
        "security/dms_portal_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "report/dms_dealer_statement_report.xml",
        "views/dms_portal_branding_views.xml",
        "views/dms_order_template_views.xml",
        "views/dms_dealer_statement_views.xml",
        "views/dms_dealer_statement_wizard_views.xml",
        "views/sale_order_views.xml",
        "views/portal_layout_templates.xml",
        "views/portal_templates.xml",
        "views/portal_statement_templates.xml",
        "views/portal_self_service_templates.xml",
        "views/portal_agreement_templates.xml",
        "views/dms_portal_menus.xml",
    ],
    "demo": [
        "demo/dms_portal_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "dms_portal/static/src/scss/dms_portal.scss",
        ],
        "web.assets_tests": [
            "dms_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
