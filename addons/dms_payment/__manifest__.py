# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Dealer Payments",
    "summary": "Dealer prepayment balance (预付款): bank-transfer top-ups with proof, online payment, "
    "orders paid from the balance, overdue and credit warnings",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal", "account_payment", "payment_demo"],
    "data": [
        "security/dms_payment_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/dms_prepayment_topup_views.xml",
        "views/dms_prepayment_line_views.xml",
        "views/res_partner_views.xml",
        "views/portal_prepayment_templates.xml",
        "views/dms_payment_menus.xml",
    ],
    "demo": [
        "demo/dms_payment_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_payment/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
