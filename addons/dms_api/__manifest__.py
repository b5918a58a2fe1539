# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Integration API",
    "summary": "REST-style JSON API for dealers' ERP/WMS and the brand's e-shop: API keys, idempotency keys, "
    "signed webhooks, OpenAPI",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_channel"],
    "data": [
        "security/ir.model.access.csv",
        "security/dms_api_security.xml",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "views/dms_api_webhook_views.xml",
        "views/res_partner_views.xml",
        "views/dms_api_menus.xml",
    ],
    "installable": True,
}
