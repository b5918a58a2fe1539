# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS VAT Invoice Requests",
    "summary": "Dealers request VAT invoices (发票: 普票/专票) for invoiced orders; finance issues them",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal"],
    "data": [
        "security/dms_fapiao_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/dms_fapiao_request_views.xml",
        "views/portal_fapiao_templates.xml",
        "views/dms_fapiao_menus.xml",
    ],
    "demo": [
        "demo/dms_fapiao_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dms_fapiao/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
