# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixture: the dms_dealer test network, and helpers to publish announcements and assign tasks.

Announcements and tasks of these tests always target the test territories (``terr_hq`` and below),
so that the dealers of a database with demo data are never counted; announcements published before
the tests (demo data) are withdrawn for their duration.
"""

from datetime import timedelta

from odoo import Command, fields

from odoo.addons.dms_dealer.tests.common import DmsDealerCommon

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class DmsEngagementCommon(DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_product = cls.env.ref("dms_engagement.knowledge_category_product")
        # announcements already published (demo data) may target every dealer: the tests' world has
        # only their own
        cls.env["dms.announcement"].search([("state", "=", "published")])._workflow_write({"state": "withdrawn"})

    @classmethod
    def _announcement(cls, publish=True, **vals):
        values = {
            "name": "Test Announcement",
            "body": "<p>Summer lemon tea</p>",
            "territory_ids": [Command.set(cls.terr_hq.ids)],
        }
        values.update(vals)
        announcement = cls.env["dms.announcement"].with_user(cls.user_hq).create(values)
        if publish:
            announcement.with_user(cls.user_hq).action_publish()
        return announcement.with_user(cls.env.user)

    @classmethod
    def _task(cls, user=None, assign=True, days=7, **vals):
        user = user or cls.user_hq
        values = {
            "name": "Store audit",
            "task_type": "store_audit",
            "date_deadline": fields.Date.today() + timedelta(days=days),
            "territory_ids": [Command.set(cls.terr_hq.ids)],
        }
        values.update(vals)
        task = cls.env["dms.engagement.task"].with_user(user).create(values)
        if assign:
            task.action_assign()
        return task.with_user(cls.env.user)

    def _assignment(self, task, dealer):
        return task.assignment_ids.filtered(lambda a: a.partner_id == dealer)
