# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Channel Sales",
    "summary": "Downstream orders belong to the upstream dealer (订单归属): channel orders, "
    "shipments and receipts between dealers, channel stock ledger (进销存), sell-in and sell-out",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_order", "dms_rebate", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/dms_channel_rules.xml",
        "data/ir_sequence_data.xml",
        "views/dms_channel_order_views.xml",
        "views/dms_channel_shipment_views.xml",
        "views/dms_channel_stock_views.xml",
        "views/dms_channel_stock_move_views.xml",
        "views/dms_channel_sellout_report_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/dms_channel_menus.xml",
        "views/dms_channel_attribution_views.xml",
        "security/dms_channel_flow_report_rules.xml",
        "report/dms_channel_flow_report_views.xml",
    ],
    "demo": [
        "demo/dms_channel_demo.xml",
    ],
    "installable": True,
}
