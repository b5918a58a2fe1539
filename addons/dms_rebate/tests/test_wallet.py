# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DmsRebateCommon


@tagged("post_install", "-at_install")
class TestRebateWallet(DmsRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wallet = cls.env["dms.rebate.wallet"].sudo()
        cls.WalletLine = cls.env["dms.rebate.wallet.line"].sudo()
        cls.wallet_a = cls._credit(cls.dist_a, 500.0, cls.today + timedelta(days=30))

    @classmethod
    def _credit(cls, partner, amount, expiry):
        wallet = cls.Wallet._get_or_create(partner, cls.company)
        cls.WalletLine.create(
            {"wallet_id": wallet.id, "line_type": "credit", "amount": amount, "expiry_date": expiry, "name": "Credit"}
        )
        return wallet

    def _order(self, partner, quantity=10.0):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_tea.id,
                            "product_uom_qty": quantity,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def test_use_within_cap_and_balance(self):
        order = self._order(self.dist_a)  # 1,000 untaxed: 20 % cap = 200
        with self.assertRaises(UserError):
            order._dms_apply_rebate_wallet(250.0)
        self.assertFalse(order.order_line.filtered("is_dms_rebate"))
        self.assertFalse(self.wallet_a.line_ids.filtered(lambda line: line.line_type == "debit"))

        line = order.with_user(self.user_rep_a)._dms_apply_rebate_wallet(150.0)
        self.assertRecordValues(line, [{"price_unit": -150.0, "price_subtotal": -150.0, "is_dms_rebate": True}])
        self.assertEqual(order.amount_untaxed, 850.0)
        self.assertEqual(order.rebate_wallet_amount, 150.0)
        self.assertEqual(self.dist_a._dms_rebate_wallet_balance(), 350.0)
        # the button uses what is left of the cap
        order.action_dms_apply_rebate_wallet()
        self.assertEqual(order.rebate_wallet_amount, 200.0)
        self.assertEqual(self.wallet_a.balance, 300.0)
        with self.assertRaises(UserError):
            order.action_dms_apply_rebate_wallet()

        # the invoice consumes the wallet liability
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self._run_accruals()
        rebate_lines = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.env.ref("dms_rebate.product_dms_rebate")
        )
        self.assertEqual(rebate_lines.account_id, self.wallet_account)
        self.assertEqual(sum(rebate_lines.mapped("balance")), 200.0)
        # wallet lines on the invoice never count in the rebate basis
        self.assertEqual(self._accrual(self.dist_a, self.today.replace(day=1)).basis, 1000.0)

    def test_beyond_balance_and_expiry(self):
        self._credit(self.sub_a, 100.0, self.today - timedelta(days=1))  # expired
        order = self._order(self.sub_a)
        with self.assertRaises(UserError):
            order._dms_apply_rebate_wallet(50.0)
        self._credit(self.sub_a, 100.0, self.today + timedelta(days=10))
        with self.assertRaises(UserError):
            order._dms_apply_rebate_wallet(150.0)
        self.assertFalse(order.order_line.filtered("is_dms_rebate"))
        self.assertEqual(self.sub_a._dms_rebate_wallet_balance(), 100.0)
        order._dms_apply_rebate_wallet(100.0)
        self.assertEqual(self.sub_a._dms_rebate_wallet_balance(), 0.0)
        with self.assertRaises(UserError):
            order._dms_apply_rebate_wallet(-10.0)

    def test_first_to_expire_is_used_first_and_cancel_gives_back(self):
        late = self.WalletLine.search([("wallet_id", "=", self.wallet_a.id)])
        early = self.WalletLine.create(
            {
                "wallet_id": self.wallet_a.id,
                "line_type": "credit",
                "amount": 80.0,
                "expiry_date": self.today + timedelta(days=5),
            }
        )
        order = self._order(self.dist_a)
        order._dms_apply_rebate_wallet(120.0)
        debits = order.rebate_wallet_line_ids.sorted("amount")
        self.assertRecordValues(
            debits.sorted(lambda line: line.credit_line_id.expiry_date),
            [
                {"amount": -80.0, "line_type": "debit", "credit_line_id": early.id},
                {"amount": -40.0, "line_type": "debit", "credit_line_id": late.id},
            ],
        )
        order._action_cancel()
        self.assertEqual(self.wallet_a.balance, 580.0)
        self.assertEqual(len(order.rebate_wallet_line_ids.filtered(lambda line: line.line_type == "reversal")), 2)
        # removing the rebate line of a quotation gives the amount back too
        order2 = self._order(self.dist_a)
        order2._dms_apply_rebate_wallet(100.0)
        order2.order_line.filtered("is_dms_rebate").unlink()
        self.assertEqual(self.wallet_a.balance, 580.0)

    def test_expired_credit_is_written_off(self):
        self._credit(self.sub_a, 100.0, self.today - timedelta(days=1))
        order = self._order(self.sub_a)
        self.Wallet._cron_expire()
        self.Wallet._cron_expire()
        wallet = self.Wallet._get_or_create(self.sub_a, self.company)
        expiry = wallet.line_ids.filtered(lambda line: line.line_type == "expiry")
        self.assertRecordValues(expiry, [{"amount": -100.0}])
        self.assertRecordValues(
            expiry.move_id.line_ids,
            [
                {"account_id": self.wallet_account.id, "debit": 100.0, "credit": 0.0, "partner_id": self.sub_a.id},
                {"account_id": self.expense_account.id, "debit": 0.0, "credit": 100.0, "partner_id": self.sub_a.id},
            ],
        )
        with self.assertRaises(UserError):
            order._dms_apply_rebate_wallet(10.0)
        # the unexpired wallet of dist_a is untouched
        self.assertFalse(self.wallet_a.line_ids.filtered(lambda line: line.line_type == "expiry"))

    def test_ledger_is_append_only(self):
        line = self.wallet_a.line_ids
        with self.assertRaises(UserError):
            line.amount = 1000.0
        with self.assertRaises(UserError):
            line.unlink()

    def test_statement_xlsx(self):
        order = self._order(self.dist_a)
        order._dms_apply_rebate_wallet(100.0)
        content = self.wallet_a._export_statement_xlsx()
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][1], self.dist_a.display_name)
        data = rows[4:]
        self.assertEqual([(r[4], r[5], r[6]) for r in data], [(500.0, 0.0, 500.0), (0.0, 100.0, 400.0)])
        action = self.wallet_a.action_export_statement()
        self.assertIn("/web/content/", action["url"])

    def test_dealers_see_only_their_wallet(self):
        self._credit(self.dist_b, 70.0, False)
        Line = self.env["dms.rebate.wallet.line"]
        self.assertEqual(Line.with_user(self.portal_a_user).search([]).partner_id, self.dist_a)
        self.assertEqual(Line.with_user(self.portal_b_admin).search([]).partner_id, self.dist_b)
        self.assertFalse(Line.with_user(self.portal_sub_a).search([]))
        with self.assertRaises(AccessError):
            self.wallet_a.line_ids.with_user(self.portal_b_admin).read(["amount"])
        with self.assertRaises(AccessError):
            Line.with_user(self.portal_a_admin).create(
                {"wallet_id": self.wallet_a.id, "line_type": "credit", "amount": 1.0}
            )
        with self.assertRaises(AccessError):
            Line.with_user(self.user_rep_a).create(
                {"wallet_id": self.wallet_a.id, "line_type": "credit", "amount": 1.0}
            )
        self.assertEqual(self.portal_a_user.partner_id._dms_rebate_wallet_balance(), 500.0)
