# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DMS Dealer Engagement",
    "summary": "Announcements, knowledge base and task center pushed by the brand to its dealers "
    "(公告、知识库、任务中心): targeted, read receipts and acknowledgements, tasks with proof and approval",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Management",
    "license": "LGPL-3",
    "author": "DMS Founding Team",
    "website": "https://github.com/dms-odoo/dms",
    "maintainers": ["dms-founding-team"],
    "development_status": "Alpha",
    "depends": ["dms_portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/dms_engagement_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "data/dms_knowledge_category_data.xml",
        "wizards/dms_engagement_assignment_return_views.xml",
        "views/dms_announcement_views.xml",
        "views/dms_engagement_task_views.xml",
        "views/portal_templates.xml",
        "views/dms_engagement_menus.xml",
    ],
    "demo": [
        "demo/dms_engagement_demo.xml",
    ],
    "installable": True,
}
