# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Channel Analytics",
    "summary": "Channel overview dashboard, target ranking by region and dealer, monthly demand forecasts "
    "with measured accuracy, joint forecast and flow charts in the dealer portal",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_channel", "spreadsheet_dashboard"],
    "external_dependencies": {"python": ["statsmodels"]},
    "data": [
        "security/ir.model.access.csv",
        "security/dms_analytics_rules.xml",
        "data/ir_cron.xml",
        "data/spreadsheet_dashboard.xml",
        "views/dms_analytics_demand_views.xml",
        "views/dms_analytics_forecast_views.xml",
        "views/dms_analytics_target_report_views.xml",
        "views/dms_analytics_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/dms_analytics_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "dms_analytics/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
