# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import DmsFapiaoMixin


@tagged("post_install", "-at_install")
class TestFapiao(DmsFapiaoMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_fapiao()
        cls.user_finance2 = new_test_user(
            cls.env(su=True), login="fp_fin2", groups="base.group_user,dms_dealer.group_dms_finance"
        )

    def test_request_and_issue(self):
        request = self._request(600.0, fapiao_type="special")
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.buyer_tax_id, "91350100M000100Y43", "the dealer's details are copied")
        request.with_user(self.user_finance).action_issue("31000000001", "2026-12-01")
        self.assertEqual(request.state, "issued")
        self.assertEqual(request.fapiao_number, "31000000001")
        self.assertEqual(request.fapiao_amount, 600.0)
        with self.assertRaises(UserError):
            request.with_user(self.user_finance2).action_issue("31000000002", "2026-12-01")

    def test_an_order_is_never_requested_beyond_its_invoiced_amount(self):
        self._request(600.0)
        self._request(400.0)  # partial requests add up to the invoiced 1,000
        with self.assertRaisesRegex(UserError, "cannot be requested"):
            self._request(0.01)
        # a rejected request frees its amount
        first = self.env["dms.fapiao.request"].search([("partner_id", "=", self.dist_a.id)], order="id", limit=1)
        first.with_user(self.user_finance).action_reject(reason="Wrong title")
        self._request(600.0)

    def test_an_uninvoiced_order_cannot_be_requested(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.dist_a.id, "order_line": [Command.create({"product_id": self.product_service.id})]}
        )
        with self.assertRaises(UserError):
            self._request(10.0, order=order)

    def test_special_invoice_needs_bank_details(self):
        self.dist_a.dms_fapiao_bank = False
        with self.assertRaisesRegex(UserError, "专票"):
            self._request(10.0, fapiao_type="special")
        self._request(10.0, fapiao_type="normal")

    def test_tax_id_is_validated(self):
        with self.assertRaises(ValidationError):
            self.dist_a.dms_fapiao_tax_id = "91350100M000100Y44"
        with self.assertRaises(ValidationError):
            self.dist_a.dms_fapiao_tax_id = "12345"
        self.dist_a.dms_fapiao_tax_id = "91350100-m000100y43"
        self.assertEqual(self.dist_a.dms_fapiao_tax_id, "91350100M000100Y43")

    def test_dealer_cannot_issue_or_forge(self):
        request = self._request(100.0)
        as_dealer = request.with_user(self.portal_a_user)
        with self.assertRaises(AccessError):
            as_dealer.action_issue("FORGED", "2026-12-01")
        with self.assertRaises(AccessError):
            as_dealer.write({"state": "issued"})
        with self.assertRaises(AccessError):
            as_dealer.write({"fapiao_number": "FORGED"})
        with self.assertRaises(UserError):
            as_dealer.line_ids.write({"amount": 1000000.0})
        copy = as_dealer.copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.line_ids)
        with self.assertRaises(AccessError):
            self.env["dms.fapiao.request"].with_user(self.portal_b_admin).create({"partner_id": self.dist_a.id})
        with self.assertRaises(ValidationError):
            self.env["dms.fapiao.request"].with_user(self.portal_b_admin).create(
                {
                    "partner_id": self.dist_b.id,
                    "line_ids": [Command.create({"sale_order_id": self.invoiced_order.id, "amount": 1.0})],
                }
            )

    def test_requester_never_issues(self):
        request = self._request(100.0, user=self.user_finance)
        with self.assertRaises(AccessError):
            request.with_user(self.user_finance).action_issue("1", "2026-12-01")
        request.with_user(self.user_finance2).action_issue("1", "2026-12-01")

    def test_record_rules(self):
        mine = self._request(100.0)
        Request = self.env["dms.fapiao.request"]
        self.assertEqual(Request.with_user(self.portal_a_user).search([]), mine)
        self.assertFalse(Request.with_user(self.portal_b_admin).search([]))
        self.assertFalse(Request.with_user(self.portal_sub_a).search([]))
        self.assertEqual(Request.with_user(self.user_region_east).search([]), mine)
        self.assertFalse(Request.with_user(self.user_region_west).search([]))
