# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DmsEngagementCommon

#: queries of the /my tile counter "unread announcements" as a portal user, the same for 2 and 12 items
UNREAD_COUNT_QUERIES = 5


@tagged("post_install", "-at_install")
class TestAnnouncement(DmsEngagementCommon):
    def _visible(self, user):
        return self.env["dms.announcement"].with_user(user).search([("dealer_visible", "=", True)])

    def test_targeting_reuses_the_one_rule(self):
        """Level and territory are ANDed (dms.targeting.mixin): strategic dealers of East only."""
        east_strategic = self._announcement(
            name="East strategic",
            level_ids=[Command.set(self.level_strategic.ids)],
            territory_ids=[Command.set(self.terr_east.ids)],
        )
        everyone = self._announcement(name="Everyone of the test network")
        only_b = self._announcement(name="Only B", partner_ids=[Command.set(self.dist_b.ids)])
        self.assertEqual(self._visible(self.portal_a_user), east_strategic | everyone)
        # a contact of the sub-dealer (core level, Shanghai under East) is not strategic
        self.assertEqual(self._visible(self.portal_sub_a), everyone)
        self.assertEqual(self._visible(self.portal_b_admin), everyone | only_b)
        # the record rule says the same as the search: a plain search as the portal user
        self.assertEqual(self.env["dms.announcement"].with_user(self.portal_b_admin).search([]), everyone | only_b)
        with self.assertRaises(AccessError):
            east_strategic.with_user(self.portal_b_admin).check_access("read")

    def test_draft_future_and_expired_are_hidden(self):
        now = fields.Datetime.now()
        draft = self._announcement(name="Draft", publish=False)
        future = self._announcement(name="Future", publish_date=now + timedelta(days=2))
        expired = self._announcement(
            name="Expired", publish_date=now - timedelta(days=5), expiry_date=now - timedelta(days=1)
        )
        live = self._announcement(name="Live")
        self.assertEqual(self._visible(self.portal_a_user), live)
        for hidden in draft | future | expired:
            with self.assertRaises(AccessError):
                hidden.with_user(self.portal_a_user).check_access("read")
        with self.assertRaises(ValidationError):
            live.with_user(self.user_hq).expiry_date = live.publish_date - timedelta(hours=1)

    def test_receipt_once_per_dealer_and_acknowledgement(self):
        announcement = self._announcement(ack_required=True)
        as_a = announcement.with_user(self.portal_a_user)
        self.assertTrue(as_a._dms_portal_open())
        self.assertFalse(as_a._dms_portal_open(), "a second opening records nothing")
        # another user of the same dealer: the dealer has read it already
        self.assertFalse(announcement.with_user(self.portal_a_admin)._dms_portal_open())
        receipt = announcement.receipt_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.partner_id, self.dist_a)
        self.assertEqual(receipt.user_id, self.portal_a_user)
        self.assertFalse(receipt.ack_date)
        self.assertTrue(announcement.with_user(self.portal_a_admin)._dms_portal_acknowledge())
        self.assertFalse(as_a._dms_portal_acknowledge(), "acknowledged once")
        self.assertEqual(receipt.ack_user_id, self.portal_a_admin)
        self.assertTrue(receipt.ack_date)
        # staff opening the page leaves no receipt
        self.assertFalse(announcement.with_user(self.user_hq)._dms_portal_open())
        self.assertEqual(len(announcement.receipt_ids), 1)

    def test_acknowledge_only_when_required(self):
        announcement = self._announcement()
        with self.assertRaises(UserError):
            announcement.with_user(self.portal_a_user)._dms_portal_acknowledge()

    def test_other_dealer_cannot_open_or_acknowledge(self):
        only_b = self._announcement(partner_ids=[Command.set(self.dist_b.ids)], ack_required=True)
        with self.assertRaises(AccessError):
            only_b.with_user(self.portal_a_user)._dms_portal_open()
        with self.assertRaises(AccessError):
            only_b.with_user(self.portal_a_user)._dms_portal_acknowledge()
        self.assertFalse(only_b.receipt_ids)

    def test_receipts_are_written_by_nobody_else(self):
        announcement = self._announcement(ack_required=True)
        announcement.with_user(self.portal_a_user)._dms_portal_open()
        receipt = announcement.receipt_ids
        for user in (self.portal_a_user, self.user_hq, self.user_region_east):
            with self.assertRaises(AccessError):
                receipt.with_user(user).write({"ack_date": fields.Datetime.now()})
            with self.assertRaises(AccessError):
                self.env["dms.announcement.receipt"].with_user(user).create(
                    {"announcement_id": announcement.id, "partner_id": self.dist_b.id}
                )
            with self.assertRaises(AccessError):
                receipt.with_user(user).unlink()

    def test_receipts_visibility(self):
        announcement = self._announcement()
        announcement.with_user(self.portal_a_user)._dms_portal_open()
        announcement.with_user(self.portal_b_admin)._dms_portal_open()
        Receipt = self.env["dms.announcement.receipt"]
        self.assertEqual(Receipt.with_user(self.portal_a_user).search([]).partner_id, self.dist_a)
        self.assertEqual(Receipt.with_user(self.portal_b_admin).search([]).partner_id, self.dist_b)
        self.assertEqual(Receipt.with_user(self.user_region_east).search([]).partner_id, self.dist_a)
        self.assertEqual(Receipt.with_user(self.user_region_west).search([]).partner_id, self.dist_b)
        self.assertEqual(
            Receipt.with_user(self.user_hq).search([("announcement_id", "=", announcement.id)]).partner_id,
            self.dist_a | self.dist_b,
        )

    def test_reach_and_who_has_not_read(self):
        announcement = self._announcement(ack_required=True)
        announcement.with_user(self.portal_a_user)._dms_portal_open()
        announcement.with_user(self.portal_a_user)._dms_portal_acknowledge()
        announcement.with_user(self.portal_sub_a)._dms_portal_open()
        as_hq = announcement.with_user(self.user_hq)
        # the 5 active dealers of the test network
        self.assertRecordValues(
            as_hq, [{"target_count": 5, "read_count": 2, "ack_count": 1, "unread_count": 3, "read_rate": 40.0}]
        )
        action = as_hq.action_view_unread()
        json.dumps(action)  # the web client receives it
        unread = self.env["res.partner"].with_user(self.user_hq).search(action["domain"])
        self.assertEqual(unread, self.retail_a | self.dist_b | self.sub_b)
        # the East manager counts the dealers of East only (figures computed for its own rights)
        announcement.invalidate_recordset()
        as_east = announcement.with_user(self.user_region_east)
        self.assertRecordValues(as_east, [{"target_count": 3, "read_count": 2, "unread_count": 1}])
        unread_east = (
            self.env["res.partner"].with_user(self.user_region_east).search(as_east.action_view_unread()["domain"])
        )
        self.assertEqual(unread_east, self.retail_a)

    def test_publication_goes_through_the_engine(self):
        announcement = self._announcement(publish=False)
        with self.assertRaises(AccessError):
            announcement.with_user(self.user_region_east).action_publish()
        with self.assertRaises(AccessError):
            announcement.with_user(self.user_hq).write({"state": "published"})
        # a forged engine mark in the context is a plain string, not the engine's object
        with self.assertRaises(AccessError):
            announcement.with_user(self.user_hq).with_context(dms_workflow="dms_workflow_engine").write(
                {"state": "published"}
            )
        # a forged default in the context is dropped: the record starts as a draft
        forged = (
            self.env["dms.announcement"]
            .with_user(self.user_hq)
            .with_context(default_state="published", default_published_uid=self.user_hq.id)
            .create({"name": "Forged"})
        )
        self.assertEqual(forged.state, "draft")
        self.assertFalse(forged.published_uid)
        announcement.with_user(self.user_hq).action_publish()
        self.assertEqual(announcement.state, "published")
        self.assertEqual(announcement.published_uid, self.user_hq)
        copy = announcement.with_user(self.user_hq).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.published_uid)
        with self.assertRaises(AccessError):
            announcement.with_user(self.portal_a_user).write({"name": "Hacked"})

    def test_unread_count_constant_queries(self):
        self._announcement(name="one")
        self._announcement(name="two").with_user(self.portal_a_user)._dms_portal_open()
        self.assertEqual(self._unread_count(), 1)
        for index in range(10):
            self._announcement(name=f"more {index}")
        self.assertEqual(self._unread_count(), 11)

    def _unread_count(self):
        Announcement = self.env["dms.announcement"].with_user(self.portal_a_user)
        Announcement._dms_portal_unread_count()  # warm the rule and group caches
        self.env.invalidate_all()
        with self.assertQueryCount(UNREAD_COUNT_QUERIES):
            return Announcement._dms_portal_unread_count()
