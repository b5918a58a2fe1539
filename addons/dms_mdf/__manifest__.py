# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Marketing Development Funds",
    "summary": "Marketing development funds (MDF, 市场费用) for dealers: budgets per dealer or region, "
    "activities planned in the portal and approved, claims (费用核销) with proof, paid once by credit note "
    "or rebate wallet, budget vs spent and promotion ROI",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal", "dms_rebate"],
    "data": [
        "security/ir.model.access.csv",
        "security/dms_mdf_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "wizards/dms_mdf_reject_views.xml",
        "views/dms_mdf_budget_views.xml",
        "views/dms_mdf_activity_views.xml",
        "views/dms_mdf_claim_views.xml",
        "report/dms_mdf_report_views.xml",
        "views/res_company_views.xml",
        "views/portal_templates.xml",
        "views/dms_mdf_menus.xml",
    ],
    "demo": [
        "demo/dms_mdf_demo.xml",
    ],
    "installable": True,
}
