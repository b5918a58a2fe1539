# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Audit Trail",
    "summary": "Append-only audit trail: credit, prices, rebates, dealer hierarchy, territories, user access",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_order", "dms_rebate"],
    "data": [
        "security/ir.model.access.csv",
        "views/dms_audit_entry_views.xml",
        "views/dms_audit_menus.xml",
    ],
    "installable": True,
}
