# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import new_test_user


@tagged("post_install", "-at_install")
class TestMailQueue(TransactionCase):
    """Notification e-mails are queued, not sent inside the request, and the queue's job is woken."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.follower = new_test_user(cls.env, login="dms_mailq_follower", name="Zhao", groups="base.group_user")
        cls.follower.notification_type = "email"
        cls.follower.partner_id.email = "zhao@example.com"
        cls.record = cls.env["res.partner"].create({"name": "Shanghai Tea Co."})
        cls.record.message_subscribe(partner_ids=cls.follower.partner_id.ids)
        cls.cron = cls.env.ref("mail.ir_cron_mail_scheduler_action")

    def _triggers(self):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])

    def test_notification_is_queued_and_the_queue_woken(self):
        before = self._triggers()
        self.record.message_post(body="Your order shipped", message_type="comment", subtype_xmlid="mail.mt_comment")
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.follower.partner_id.ids)])
        self.assertEqual(len(mails), 1)
        # not sent in the request: left for the mail queue's job
        self.assertEqual(mails.state, "outgoing")
        self.assertEqual(len(self._triggers() - before), 1)

    def test_one_wake_up_per_transaction(self):
        before = self._triggers()
        for number in range(3):
            self.record.message_post(body=f"Update {number}", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(len(self.env["mail.mail"].search([("recipient_ids", "in", self.follower.partner_id.ids)])), 3)
        self.assertEqual(len(self._triggers() - before), 1)

    def test_the_limit_is_odoos_own_parameter(self):
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param("mail.mail.force.send.limit"), "0")
