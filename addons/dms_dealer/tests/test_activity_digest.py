# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hand-off activities e-mailed in a periodic digest instead of one e-mail each."""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestActivityDigest(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(tracking_disable=True, lang="en_US").env
        cls.assigner = new_test_user(
            cls.env, login="dg_assigner", groups="base.group_user,base.group_partner_manager", email="a@dg.test"
        )
        cls.user_a = new_test_user(cls.env, login="dg_user_a", groups="base.group_user", email="ua@dg.test")
        cls.user_b = new_test_user(cls.env, login="dg_user_b", groups="base.group_user", email="ub@dg.test")
        cls.type_digest = cls.env["mail.activity.type"].create(
            {"name": "Digest Hand-off", "res_model": "res.partner", "dms_email_digest": True}
        )
        cls.type_now = cls.env["mail.activity.type"].create({"name": "Urgent Hand-off", "res_model": "res.partner"})
        cls.partners = cls.env["res.partner"].create([{"name": f"DG Customer {i}"} for i in range(8)])
        # the jobs below send every pending digest: a database that already holds some (demo data, a load
        # run) would add its users to the counts; the class's transaction is rolled back, so this stays here
        cls.env["mail.activity"].flush_model()
        cls.env.cr.execute("UPDATE mail_activity SET dms_digest_pending = false WHERE dms_digest_pending")
        cls.env["mail.activity"].invalidate_model(["dms_digest_pending"])

    # ------------------------------------------------------------------ helpers
    def _schedule(self, partner, user, activity_type=None, summary=False):
        return (
            partner.with_user(self.assigner)
            .activity_schedule(
                activity_type_id=(activity_type or self.type_digest).id, user_id=user.id, summary=summary
            )
            .sudo()
        )

    def _mails(self, user):
        return self.env["mail.mail"].sudo().search([("recipient_ids", "in", user.partner_id.ids)])

    def _notifications(self, user):
        return (
            self.env["mail.message"]
            .sudo()
            .search([("message_type", "=", "user_notification"), ("partner_ids", "in", user.partner_id.ids)])
        )

    def _new_user(self, login, **kw):
        return new_test_user(self.env, login=login, groups="base.group_user", email=f"{login}@dg.test", **kw)

    # ------------------------------------------------------------------ scheduling
    def test_digest_type_not_emailed_at_once(self):
        activity = self._schedule(self.partners[0], self.user_a, summary="Check the order")
        self.assertTrue(activity.dms_digest_pending)
        self.assertFalse(self._mails(self.user_a))
        self.assertFalse(self._notifications(self.user_a))
        # the activity itself is there at once, and the assignee follows the record (core kept)
        self.assertEqual(self.partners[0].activity_ids, activity)
        self.assertIn(self.user_a.partner_id, self.partners[0].message_partner_ids)

    def test_other_type_emailed_at_once(self):
        activity = self._schedule(self.partners[0], self.user_a, activity_type=self.type_now)
        self.assertFalse(activity.dms_digest_pending)
        self.assertEqual(len(self._notifications(self.user_a)), 1, "core e-mails the assignee at once")

    def test_reassign_pending_for_new_user(self):
        activity = self._schedule(self.partners[0], self.user_a)
        self.env["mail.activity"]._cron_send_digest()
        self.assertFalse(activity.dms_digest_pending)
        activity.with_user(self.assigner).write({"user_id": self.user_b.id})
        self.assertTrue(activity.dms_digest_pending)
        self.assertFalse(self._notifications(self.user_b))
        self.env["mail.activity"]._cron_send_digest()
        self.assertEqual(len(self._mails(self.user_b)), 1)
        self.assertEqual(len(self._mails(self.user_a)), 1, "user_a only had the first digest")

    def test_reassign_before_digest_listed_for_new_user_only(self):
        activity = self._schedule(self.partners[0], self.user_a)
        activity.with_user(self.assigner).write({"user_id": self.user_b.id})
        self.env["mail.activity"]._cron_send_digest()
        self.assertFalse(self._mails(self.user_a))
        self.assertIn(self.partners[0].name, self._mails(self.user_b).body_html)

    # ------------------------------------------------------------------ the job
    def test_cron_one_mail_per_user(self):
        user_c = self._new_user("dg_user_c")
        act_a1 = self._schedule(self.partners[0], self.user_a, summary="First hand-off")
        act_a2 = self._schedule(self.partners[1], self.user_a)
        act_b = self._schedule(self.partners[2], self.user_b)
        act_b2 = self._schedule(self.partners[4], self.user_b)
        act_c = self._schedule(self.partners[3], user_c)
        act_b.action_done()
        act_b2.active = False
        act_c.unlink()
        self.env["mail.activity"]._cron_send_digest()

        mail = self._mails(self.user_a)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "2 new activities assigned to you")
        self.assertEqual(mail.state, "outgoing", "queued, not sent in the job")
        self.assertTrue(mail.auto_delete)
        self.assertEqual(mail.recipient_ids, self.user_a.partner_id)
        for partner in self.partners[:2]:
            self.assertIn(partner.name, mail.body_html)
            self.assertIn(f"/mail/view?model=res.partner&amp;res_id={partner.id}", mail.body_html)
        self.assertIn("First hand-off", mail.body_html)
        self.assertIn("Digest Hand-off", mail.body_html)
        self.assertFalse(self._mails(self.user_b), "done before the run")
        self.assertFalse(self._mails(user_c), "deleted before the run")
        self.assertFalse(any((act_a1 | act_a2).mapped("dms_digest_pending")))
        self.assertFalse(act_b.exists())
        self.assertFalse(act_b2.dms_digest_pending, "archived: not listed, flag cleared")
        self.assertFalse(
            self.env["mail.activity"].with_context(active_test=False).search_count([("dms_digest_pending", "=", True)])
        )
        # nothing pending: a second run sends nothing
        mails = self.env["mail.mail"].search_count([])
        self.env["mail.activity"]._cron_send_digest()
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)

    def test_cron_batches_users(self):
        self._schedule(self.partners[0], self.user_a)
        self._schedule(self.partners[1], self.user_b)
        self.env["mail.activity"]._cron_send_digest(batch_users=1)
        self.assertEqual(len(self._mails(self.user_a) | self._mails(self.user_b)), 1)
        self.env["mail.activity"]._cron_send_digest(batch_users=1)
        self.assertEqual(len(self._mails(self.user_a)), 1)
        self.assertEqual(len(self._mails(self.user_b)), 1)

    def test_reassigned_to_oneself_is_not_in_a_digest(self):
        activity = self._schedule(self.partners[0], self.user_a)
        # the one who reassigns takes it: core e-mails nobody, and no digest lists it
        # writing the same user again (a form saved, an RPC client) keeps it pending for that user
        activity.with_user(self.assigner).write({"user_id": self.user_a.id})
        self.assertTrue(activity.dms_digest_pending)
        activity.with_user(self.assigner).write({"user_id": self.assigner.id})
        self.assertFalse(activity.dms_digest_pending)
        self.env["mail.activity"]._cron_send_digest()
        self.assertFalse(self._mails(self.user_a) | self._mails(self.assigner))

    def test_a_long_digest_lists_the_first_and_counts_the_rest(self):
        for partner in self.partners[:5]:
            self._schedule(partner, self.user_a, summary=f"Approve {partner.name}")
        with patch("odoo.addons.dms_dealer.models.mail_activity.DIGEST_MAX_ROWS", 2):
            self.env["mail.activity"]._cron_send_digest()
        mail = self._mails(self.user_a)
        self.assertEqual(mail.subject, "5 new activities assigned to you")
        self.assertEqual(mail.body_html.count("/mail/view?"), 2)
        self.assertIn("and 3 more", mail.body_html)
        self.assertIn("mail.mail_activity_action_my", mail.body_html)

    def test_cron_progress(self):
        cron = self.env.ref("dms_dealer.ir_cron_dms_activity_digest")
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        self._schedule(self.partners[0], self.user_a)
        self._schedule(self.partners[1], self.user_a)
        self._schedule(self.partners[2], self.user_b)
        _cron, progress = cron._add_progress()
        self.env["mail.activity"].with_context(ir_cron_progress_id=progress.id)._cron_send_digest(batch_users=1)
        self.assertEqual(progress.done + progress.remaining, 3)
        self.assertTrue(progress.remaining)

    def test_digest_in_assignee_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dms_dealer"], ["zh_CN"], overwrite=True)
        user_zh = self._new_user("dg_user_zh", lang="zh_CN")
        self._schedule(self.partners[0], user_zh)
        self._schedule(self.partners[1], user_zh)
        self._schedule(self.partners[2], self.user_a)
        self.env["mail.activity"]._cron_send_digest()
        mail_zh = self._mails(user_zh)
        self.assertEqual(mail_zh.subject, "有 2 项新活动分配给您")
        self.assertIn("截止日期", mail_zh.body_html)
        self.assertEqual(self._mails(self.user_a).subject, "1 new activity assigned to you")

    # ------------------------------------------------------------------ access
    def test_flag_not_writable_by_users(self):
        activity = self._schedule(self.partners[0], self.user_a)
        for user in (self.user_a, self.assigner):
            with self.assertRaises(AccessError):
                activity.with_user(user).write({"dms_digest_pending": False})
            with self.assertRaises(AccessError):
                activity.with_user(user).read(["dms_digest_pending"])
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.assigner).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.partners[1].id,
                    "activity_type_id": self.type_now.id,
                    "user_id": self.user_a.id,
                    "dms_digest_pending": True,
                }
            )
        self.assertTrue(activity.dms_digest_pending)

    # ------------------------------------------------------------------ queries
    #: queries of one run of the job, whatever the number of users in the batch and of their activities
    #: (12 measured with dms_dealer and dms_order: the search, 6 fetches of activities, users, types,
    #: partners and company, mail.message + mail.mail + recipients inserts, the flag's UPDATE; rendering
    #: costs none once the template is compiled); 3 spare for addons that extend mail.mail
    QUERY_BUDGET = 15

    def _count_cron(self, users, per_user, budget=None):
        for user in users:
            for partner in self.partners[:per_user]:
                self._schedule(partner, user)
        self.env.flush_all()
        self.env.cr.flush()  # the scheduling's bus notifications
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with self.assertQueryCount(budget or self.QUERY_BUDGET):
            self.env["mail.activity"]._cron_send_digest()
        count = self.env.cr.sql_log_count - before
        for user in users:
            mail = self._mails(user)
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.body_html.count("/mail/view?"), per_user)
        return count

    def test_query_budget(self):
        users = [self._new_user(f"dg_q{i}") for i in range(11)]
        self._count_cron(users[9:], 1, budget=100)  # warm-up: template compiled, caches filled
        one_by_three = self._count_cron(users[:1], 3)
        two_by_three = self._count_cron(users[1:3], 3)
        two_by_six = self._count_cron(users[3:5], 6)
        four_by_three = self._count_cron(users[5:9], 3)
        self.assertEqual(two_by_six, two_by_three, "no query per activity")
        self.assertEqual(four_by_three, two_by_three, "no query per user in a batch")
        self.assertEqual(one_by_three, two_by_three)
