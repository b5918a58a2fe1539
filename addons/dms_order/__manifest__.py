# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Order Control",
    "summary": "Race-free dealer credit limits, credit-hold queue, multi-level approvals, "
    "order lifecycle to signed receipt and cross-territory alerts",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_dealer", "dms_pricing", "sale_stock"],
    "data": [
        "security/dms_order_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/mail_activity_type_handoff_data.xml",
        "data/ir_cron_data.xml",
        "wizards/dms_order_decision_wizard_views.xml",
        "views/dms_order_approval_rule_views.xml",
        "views/dms_order_approval_views.xml",
        "views/dms_order_alert_views.xml",
        "views/dms_credit_increase_views.xml",
        "views/dms_assortment_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/dms_order_menus.xml",
    ],
    "demo": [
        "demo/dms_order_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_order/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
