# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import DmsPortalMixin

# 1x1 transparent PNG
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestDealerStatement(DmsPortalMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        cls.env = cls.env["base"].with_context(tracking_disable=True).env

    def _invoice(self, partner, amount, day, move_type="out_invoice"):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [
                    Command.create({"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        return move

    def _pay(self, invoice, amount, day):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": day})
            ._create_payments()
        )

    def _generate(self, partners):
        return self.env["dms.dealer.statement"]._generate(partners, date(2026, 3, 1), date(2026, 3, 31))

    def test_generate_from_books(self):
        self._invoice(self.dist_a, 1000.0, date(2026, 2, 10))  # before: opening
        inv = self._invoice(self.dist_a, 500.0, date(2026, 3, 5))
        self._invoice(self.dist_a, 80.0, date(2026, 3, 8), move_type="out_refund")
        self._pay(inv, 200.0, date(2026, 3, 20))
        self._invoice(self.dist_a, 999.0, date(2026, 4, 2))  # after the period
        self._invoice(self.dist_b, 300.0, date(2026, 3, 6))
        statements = self._generate(self.dist_a | self.dist_b)
        self.assertEqual(len(statements), 2)
        st_a = statements.filtered(lambda s: s.partner_id == self.dist_a)
        self.assertRecordValues(
            st_a,
            [
                {
                    "opening_balance": 1000.0,
                    "total_invoice": 500.0,
                    "total_refund": -80.0,
                    "total_payment": -200.0,
                    "closing_balance": 1220.0,
                    "state": "draft",
                }
            ],
        )
        self.assertEqual(st_a.line_ids.mapped("kind"), ["opening", "invoice", "refund", "payment", "closing"])
        self.assertEqual(st_a.line_ids[-1].balance, 1220.0)
        # idempotent: the period is not generated twice
        self.assertFalse(self._generate(self.dist_a | self.dist_b))

    def test_generate_query_count_is_batched(self):
        self._invoice(self.dist_a, 10.0, date(2026, 3, 5))
        self._invoice(self.sub_a, 10.0, date(2026, 3, 5))
        dealers = self.dist_a | self.sub_a | self.retail_a | self.dist_b | self.sub_b
        self.env.invalidate_all()
        with self.assertQueryCount(20):
            self._generate(dealers)

    def test_confirm_is_immutable_snapshot(self):
        self._invoice(self.dist_a, 500.0, date(2026, 3, 5))
        statement = self._generate(self.dist_a)
        statement.action_send()
        # an upstream administrator reads but cannot confirm
        statement.with_user(self.portal_a_admin).check_access("read")
        sub_statement = self._generate(self.sub_a)
        sub_statement.action_send()
        sub_statement.with_user(self.portal_a_admin).check_access("read")
        with self.assertRaises(UserError):
            sub_statement.with_user(self.portal_a_admin).sudo().action_dms_confirm()
        with self.assertRaises(AccessError):
            statement.with_user(self.portal_b_admin).check_access("read")
        statement.with_user(self.portal_a_user).sudo().action_dms_confirm(name="A User", signature=SIGNATURE)
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.portal_a_user)
        # later changes to the books do not alter it
        self._invoice(self.dist_a, 777.0, date(2026, 3, 9))
        self.assertEqual(statement.closing_balance, 500.0)
        with self.assertRaises(UserError):
            statement.closing_balance = 1.0
        with self.assertRaises(UserError):
            statement.line_ids[1].amount = 1.0
        with self.assertRaises(UserError):
            statement.unlink()

    def test_dispute_creates_finance_activity(self):
        self._invoice(self.dist_a, 500.0, date(2026, 3, 5))
        statement = self._generate(self.dist_a)
        statement.action_send()
        line = statement.line_ids.filtered(lambda line: line.kind == "invoice")
        with self.assertRaises(UserError):
            statement.with_user(self.portal_a_admin).sudo()._dms_dispute_lines(line, "  ")
        statement.with_user(self.portal_a_admin).sudo()._dms_dispute_lines(line, "Price should be 450")
        self.assertEqual(statement.state, "disputed")
        self.assertTrue(line.disputed)
        activity = statement.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_finance)
        with self.assertRaises(UserError):
            statement.action_dms_confirm()

    def test_payment_reminder_once(self):
        today = date.today()
        from datetime import timedelta

        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.dist_a.id,
                "invoice_date": today,
                "invoice_date_due": today + timedelta(days=3),
                "invoice_line_ids": [Command.create({"name": "Goods", "quantity": 1, "price_unit": 50.0})],
            }
        )
        invoice.action_post()
        invoice.invoice_date_due = today + timedelta(days=3)
        reminded = self.env["account.move"]._cron_dms_payment_reminders()
        self.assertIn(invoice, reminded)
        self.assertEqual(invoice.dms_reminder_date, today)
        self.assertNotIn(invoice, self.env["account.move"]._cron_dms_payment_reminders())
