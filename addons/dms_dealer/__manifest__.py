# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Dealer Network",
    "summary": "Dealers, levels, hierarchy, territories, lifecycle and back-office access",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["sale_management"],
    "data": [
        "security/dms_dealer_security.xml",
        "security/ir.model.access.csv",
        "security/dms_dealer_rules.xml",
        "data/dms_dealer_level_data.xml",
        "wizards/dms_dealer_state_wizard_views.xml",
        "views/dms_dealer_level_views.xml",
        "views/dms_territory_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/dms_dealer_menus.xml",
    ],
    "demo": [
        "demo/dms_dealer_demo.xml",
    ],
    "application": True,
    "installable": True,
}
