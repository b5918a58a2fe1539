# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import DmsPaymentMixin


@tagged("post_install", "-at_install")
class TestPaymentWarning(DmsPaymentMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_payment()

    def test_near_limit_warning_once_a_day(self):
        # dist_a owes its posted invoice (100 + taxes); a limit just above it is "near"
        info = self.dist_a._dms_credit_info()
        self.dist_a.credit_limit = info["exposure"] / 0.9
        self.company.dms_payment_warning_threshold = 80.0
        Warning = self.env["dms.payment.warning"]
        warnings = Warning._dms_send_warnings(self.company)
        mine = warnings.filtered(lambda w: w.partner_id == self.dist_a)
        self.assertEqual(mine.kind, "near_limit")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.dist_a.id),
                ("user_id", "=", self.user_region_east.id),
            ]
        )
        self.assertEqual(len(activity), 1, "the region manager gets an activity")
        notified = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.dist_a.id), ("message_type", "=", "user_notification")]
        )
        self.assertIn(self.portal_a_user.partner_id, notified.partner_ids)
        # the job runs again the same day: nobody is warned twice
        self.assertFalse(Warning._dms_send_warnings(self.company).filtered(lambda w: w.partner_id == self.dist_a))
        Warning._cron_send_warnings()
        self.assertEqual(Warning.search_count([("partner_id", "=", self.dist_a.id)]), 1)

    def test_no_warning_under_the_threshold(self):
        self.dist_b.credit_limit = 1e9
        warnings = self.env["dms.payment.warning"]._dms_send_warnings(self.company)
        self.assertFalse(warnings.filtered(lambda w: w.partner_id == self.dist_b))

    def test_dealer_reads_only_its_warnings(self):
        self.dist_a.credit_limit = 1.0
        self.dist_b.credit_limit = 1.0
        self.env["dms.payment.warning"]._dms_send_warnings(self.company)
        seen = self.env["dms.payment.warning"].with_user(self.portal_a_user).search([])
        self.assertEqual(seen.partner_id, self.dist_a)
