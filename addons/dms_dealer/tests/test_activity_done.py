# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A hand-off activity done because its step was taken: kept done, no second chatter entry, cache kept."""

import json

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestActivityDone(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a = new_test_user(cls.env, login="ad_user_a", groups="base.group_user,base.group_partner_manager")
        cls.user_b = new_test_user(cls.env, login="ad_user_b", groups="base.group_user,base.group_partner_manager")
        cls.handoff = cls.env["mail.activity.type"].create(
            {"name": "Hand-off", "res_model": "res.partner", "keep_done": True, "dms_email_digest": True}
        )
        cls.other = cls.env["mail.activity.type"].create({"name": "Other", "res_model": "res.partner"})
        for name, record in (("ad_handoff", cls.handoff), ("ad_other", cls.other)):
            cls.env["ir.model.data"].create(
                {"module": "dms_dealer_test", "name": name, "model": record._name, "res_id": record.id}
            )
        cls.partners = cls.env["res.partner"].create([{"name": "AD Dealer 1"}, {"name": "AD Dealer 2"}])

    def _schedule(self, partner, user, xmlid="dms_dealer_test.ad_handoff"):
        return partner.activity_schedule(xmlid, user_id=user.id)

    def _activity_updates(self, user):
        """What the bus will send to ``user``'s web client when the transaction commits."""
        channel = json.dumps([self.env.cr.dbname, "res.partner", user.partner_id.id], separators=(",", ":"))
        return [
            json.loads(value["message"])
            for value in self.env.cr.precommit.data.get("bus.bus.values", [])
            if value["channel"] == channel and "mail.activity/updated" in value["message"]
        ]

    def test_done_activities_are_kept_done_without_a_message(self):
        done_a = self._schedule(self.partners[0], self.user_a)
        done_b = self._schedule(self.partners[0], self.user_b)
        elsewhere = self._schedule(self.partners[1], self.user_a)
        other_type = self._schedule(self.partners[0], self.user_a, "dms_dealer_test.ad_other")
        messages = self.partners[0].message_ids
        self.assertTrue(done_a.dms_digest_pending, "waiting for the e-mail digest")

        self.assertTrue(self.partners[0].with_user(self.user_a)._dms_activity_done(["dms_dealer_test.ad_handoff"]))

        for activity in done_a | done_b:
            self.assertFalse(activity.active)
            self.assertTrue(activity.date_done, "listed as done in the activity view, with its date")
            self.assertFalse(activity.dms_digest_pending, "done: not in the digest, the job has nothing to write")
        self.assertEqual(self.partners[0].activity_ids, other_type, "only that type, only that record")
        self.assertTrue(elsewhere.active)
        self.assertEqual(self.partners[0].message_ids, messages, "no 'activity done' message")
        # the assignees' activity counters are told, as on unlink
        self.assertTrue(self._activity_updates(self.user_a))
        self.assertTrue(self._activity_updates(self.user_b))
        # nothing left: nothing done, nothing sent
        self.assertFalse(self.partners[0]._dms_activity_done(["dms_dealer_test.ad_handoff"]))

    def test_the_transaction_keeps_its_cache(self):
        """An unlink invalidates the whole cache (everything is read again); archiving does not."""
        self._schedule(self.partners[0], self.user_a)
        self.env.flush_all()
        self.partners.mapped("name")
        self.partners[0]._dms_activity_done(["dms_dealer_test.ad_handoff"])
        with self.assertQueryCount(0):
            self.partners.mapped("name")

    def test_automation_skip_leaves_them(self):
        activity = self._schedule(self.partners[0], self.user_a)
        self.partners[0].with_context(mail_activity_automation_skip=True)._dms_activity_done(
            ["dms_dealer_test.ad_handoff"]
        )
        self.assertTrue(activity.active)
