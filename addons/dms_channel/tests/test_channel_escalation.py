# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsChannelCommon


@tagged("post_install", "-at_install")
class TestChannelEscalation(DmsChannelCommon):
    """Submitted orders not accepted within the company's deadline are escalated once."""

    def setUp(self):
        super().setUp()
        self.env.company.dms_channel_accept_hours = 24
        self.t0 = fields.Datetime.to_datetime("2026-12-01 08:00:00")

    def _submitted(self, buyer_user, at):
        order = self._order(buyer_user, [(self.product_tea, 1.0)])
        order.sudo()._workflow_write({"date_submitted": at})
        return order

    def test_escalation_at_the_deadline_exactly_and_once(self):
        order = self._submitted(self.portal_retail_a, self.t0)
        Order = self.env["dms.channel.order"]
        hours = datetime.timedelta(hours=24)
        self.assertFalse(Order._cron_escalate_accept(now=self.t0 + hours - datetime.timedelta(seconds=1)))
        self.assertFalse(order.escalated_date)
        self.assertEqual(Order._cron_escalate_accept(now=self.t0 + hours), order)
        self.assertRecordValues(
            order,
            [
                {
                    "escalated_date": self.t0 + hours,
                    "escalated_to_partner_id": self.dist_a.id,  # the seller's upstream dealer
                    "escalated_to_user_id": self.user_rep_a.id,
                }
            ],
        )
        self.assertEqual(order.activity_ids.user_id, self.user_rep_a)
        self.assertIn(self.dist_a, order.message_ids.partner_ids)
        # idempotent: a second run (even much later) escalates nothing more
        self.assertFalse(Order._cron_escalate_accept(now=self.t0 + 10 * hours))
        self.assertEqual(len(order.activity_ids), 1)
        self.assertEqual(order.escalated_date, self.t0 + hours)

    def test_brand_served_seller_goes_to_the_region_manager(self):
        order = self._submitted(self.portal_sub_a, self.t0)  # sub_a buys from dist_a, served by the brand
        self.assertEqual(order.seller_id, self.dist_a)
        self.env["dms.channel.order"]._cron_escalate_accept(now=self.t0 + datetime.timedelta(hours=30))
        self.assertFalse(order.escalated_to_partner_id)
        self.assertEqual(order.escalated_to_user_id, self.user_region_east)
        self.assertEqual(order.activity_ids.user_id, self.user_region_east)

    def test_off_accepted_and_protected(self):
        late = self.t0 + datetime.timedelta(hours=100)
        accepted = self._submitted(self.portal_retail_a, self.t0)
        accepted.with_user(self.portal_sub_a).action_accept()
        self.env.company.dms_channel_accept_hours = 0
        waiting = self._submitted(self.portal_retail_a, self.t0)
        self.assertFalse(self.env["dms.channel.order"]._cron_escalate_accept(now=late), "0 hours: off")
        self.env.company.dms_channel_accept_hours = 24
        self.assertEqual(self.env["dms.channel.order"]._cron_escalate_accept(now=late), waiting)
        self.assertFalse(accepted.escalated_date, "accepted orders are not escalated")
        # the seller cannot clear the flag to hide it, nor the buyer set it
        for user, vals in (
            (self.portal_sub_a, {"escalated_date": False}),
            (self.portal_retail_a, {"escalated_to_user_id": self.user_hq.id}),
        ):
            with self.assertRaises(AccessError):
                waiting.with_user(user).write(vals)
        self.assertEqual(waiting.escalated_date, late)
        self.assertTrue(self.env.ref("dms_channel.ir_cron_dms_channel_escalate_accept").active)
