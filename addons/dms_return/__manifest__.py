# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Returns and Exchanges",
    "summary": "Dealer returns and exchanges (退换货) under a service standard: reasons with deadlines, photos, "
    "approval, return transfer, refund by credit note or replacement; receipt discrepancies open a request",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal", "stock_account"],
    "data": [
        "security/ir.model.access.csv",
        "security/dms_return_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/dms_return_reason_data.xml",
        "wizards/dms_return_refuse_views.xml",
        "views/dms_return_request_views.xml",
        "views/sale_order_views.xml",
        "views/portal_templates.xml",
        "views/dms_return_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_return/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/dms_return_demo.xml",
    ],
    "installable": True,
}
