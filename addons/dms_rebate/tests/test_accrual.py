# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from .common import DmsRebateCommon


class CrashError(Exception):
    pass


@tagged("post_install", "-at_install")
class TestRebateAccrual(DmsRebateCommon):
    def _entry_values(self, debit_account, credit_account, amount, partner):
        """Expected accrual lines: the expense line first, then the liability line."""
        lines = [
            {"account_id": debit_account.id, "debit": amount, "credit": 0.0, "partner_id": partner.id},
            {"account_id": credit_account.id, "debit": 0.0, "credit": amount, "partner_id": partner.id},
        ]
        return lines if debit_account == self.expense_account else lines[::-1]

    def test_default_accounts(self):
        self.assertRecordValues(
            self.expense_account + self.liability_account + self.wallet_account,
            [
                {"account_type": "expense", "reconcile": False},
                {"account_type": "liability_current", "reconcile": True},
                {"account_type": "liability_current", "reconcile": False},
            ],
        )
        self.assertEqual(self.config["journal"].type, "general")
        product = self.env.ref("dms_rebate.product_dms_rebate").with_company(self.company)
        self.assertEqual(product.property_account_income_id, self.wallet_account)
        # set up on install for the companies that already had a chart
        main = self.env.ref("base.main_company")
        if main.chart_template:
            self.assertTrue(main.dms_rebate_liability_account_id and main.dms_rebate_journal_id)

    def test_accrual_entries_follow_invoices_refunds_and_cancellations(self):
        start = self.last_month_start
        self._invoice(self.dist_a, 3000.0, start)
        accrual = self._accrual(self.dist_a, start)
        self.assertRecordValues(accrual, [{"amount_booked": 60.0, "basis": 3000.0, "tier_rate": 2.0}])
        moves = self._accrual_moves(self.dist_a, start)
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.state, "posted")
        self.assertEqual(moves.journal_id, self.config["journal"])
        self.assertRecordValues(
            moves.line_ids, self._entry_values(self.expense_account, self.liability_account, 60.0, self.dist_a)
        )

        # crossing the 5 % tier: retroactive, so the whole 6,000 earns 300 -> +240
        self._invoice(self.dist_a, 3000.0, start)
        moves = self._accrual_moves(self.dist_a, start)
        self.assertEqual(len(moves), 2)
        self.assertRecordValues(
            moves[1].line_ids, self._entry_values(self.expense_account, self.liability_account, 240.0, self.dist_a)
        )

        # clawback: a 2,000 refund drops the basis to 4,000 -> 80, so -220
        refund = self._invoice(self.dist_a, 2000.0, start, move_type="out_refund")
        moves = self._accrual_moves(self.dist_a, start)
        self.assertEqual(len(moves), 3)
        self.assertRecordValues(
            moves[2].line_ids, self._entry_values(self.liability_account, self.expense_account, 220.0, self.dist_a)
        )
        self.assertEqual(accrual.amount_booked, 80.0)

        # cancelling the refund gives the rebate back
        refund.button_draft()
        refund.button_cancel()
        self._run_accruals()
        moves = self._accrual_moves(self.dist_a, start)
        self.assertEqual(len(moves), 4)
        self.assertRecordValues(
            moves[3].line_ids, self._entry_values(self.expense_account, self.liability_account, 220.0, self.dist_a)
        )
        self.assertEqual(accrual.amount_booked, 300.0)
        self.assertAlmostEqual(self._liability_balance(self.dist_a), -300.0)

    def test_rerun_never_books_twice(self):
        start = self.last_month_start
        invoice = self._invoice(self.dist_a, 6000.0, start)
        self._invoice(self.sub_a, 1500.0, start)
        Accrual = self.env["dms.rebate.accrual"]
        Accrual._recompute(self.policy, self.dist_a | self.sub_a, start, self.last_month_end)
        Accrual._cron_recompute()
        Accrual._cron_recompute()
        Accrual._recompute_for_moves(invoice)
        self.assertEqual(len(self._accrual_moves(self.dist_a, start)), 1)
        self.assertEqual(len(self._accrual_moves(self.sub_a, start)), 1)
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 300.0)
        self.assertEqual(self._accrual(self.sub_a, start).amount_booked, 30.0)
        # reset to draft and post again: back and forth, net unchanged
        invoice.button_draft()
        self._run_accruals()
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 0.0)
        invoice.action_post()
        self._run_accruals()
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 300.0)
        self.assertAlmostEqual(self._liability_balance(self.dist_a), -300.0)

    def test_crash_half_way_then_rerun(self):
        start, end = self.last_month_start, self.last_month_end
        self._invoice(self.dist_b, 2000.0, start)
        self._invoice(self.sub_b, 6000.0, start)
        west = self._create_policy(
            name="West",
            code="W",
            territory_ids=[Command.clear()],
            partner_ids=[Command.set((self.dist_b | self.sub_b).ids)],
        )
        self._approve_policy(west)
        Accrual = type(self.env["dms.rebate.accrual"])
        calls = []

        def crash_after_first(self_, accrual):
            calls.append(accrual)
            if len(calls) == 1:
                raise CrashError()

        # crash inside the transaction: everything of the run is rolled back
        with patch.object(Accrual, "_after_book_hook", crash_after_first), self.assertRaises(CrashError):
            with self.env.cr.savepoint():
                self.env["dms.rebate.accrual"]._recompute(west, self.dist_b | self.sub_b, start, end, chunk_size=1)
        self.assertFalse(self.env["account.move"].search([("dms_rebate_accrual_id.policy_root_id", "=", west.id)]))

        # crash after the first dealer was committed (e.g. a cron that commits per dealer)
        calls.clear()
        with patch.object(Accrual, "_after_book_hook", crash_after_first):
            try:
                self.env["dms.rebate.accrual"]._recompute(west, self.dist_b | self.sub_b, start, end, chunk_size=1)
            except CrashError:
                pass
            else:
                self.fail("the simulated crash did not happen")
        booked = self.env["account.move"].search([("dms_rebate_accrual_id.policy_root_id", "=", west.id)])
        self.assertEqual(len(booked), 1)

        # rerun twice: each dealer booked exactly once
        self.env["dms.rebate.accrual"]._recompute(west, self.dist_b | self.sub_b, start, end)
        self.env["dms.rebate.accrual"]._recompute(west, self.dist_b | self.sub_b, start, end)
        moves = self.env["account.move"].search([("dms_rebate_accrual_id.policy_root_id", "=", west.id)])
        self.assertEqual(len(moves), 2)
        self.assertEqual(self._accrual(self.dist_b, start, west).amount_booked, 40.0)
        self.assertEqual(self._accrual(self.sub_b, start, west).amount_booked, 300.0)
        self.assertAlmostEqual(self._liability_balance(self.dist_b) + self._liability_balance(self.sub_b), -340.0)

    def test_not_eligible_and_excluded_products(self):
        self._invoice(self.dist_b, 9000.0, self.last_month_start)
        self.assertFalse(self._accrual(self.dist_b, self.last_month_start))
        other = self._create_product(name="Other", lst_price=10.0, taxes_id=[])
        tea_only = self._create_policy(
            name="Tea Only",
            code="TEA",
            categ_ids=[Command.set(self.categ_tea.ids)],
            tier_ids=[Command.create({"threshold": 0.0, "rate": 10.0})],
        )
        self._approve_policy(tea_only)
        self._invoice(self.sub_a, 1000.0, self.last_month_start, product=other)
        self._invoice(self.sub_a, 100.0, self.last_month_start)
        self.assertEqual(self._accrual(self.sub_a, self.last_month_start, tea_only).amount_booked, 10.0)

    def test_multi_currency_invoice(self):
        other_currency = self.setup_other_currency("EUR")
        # 2 EUR per company currency unit since 2017: 6,000 EUR = 3,000 -> 2 % = 60
        invoice = self._invoice(self.dist_a, 6000.0, self.last_month_start, currency=other_currency)
        self.assertEqual(invoice.amount_total_signed, 3000.0)
        accrual = self._accrual(self.dist_a, self.last_month_start)
        self.assertRecordValues(accrual, [{"basis": 3000.0, "amount_booked": 60.0}])
        self.assertRecordValues(
            self._accrual_moves(self.dist_a, self.last_month_start).line_ids,
            self._entry_values(self.expense_account, self.liability_account, 60.0, self.dist_a),
        )

    def test_quantity_and_growth_basis(self):
        qty_policy = self._create_policy(
            name="Cases",
            code="CASES",
            basis="quantity",
            partner_ids=[Command.set(self.dist_b.ids)],
            territory_ids=[Command.clear()],
            tier_ids=[Command.create({"threshold": 100.0, "rate": 1.0})],
        )
        self._approve_policy(qty_policy)
        self._invoice(self.dist_b, 15000.0, self.last_month_start, quantity=150.0)
        self._invoice(self.dist_b, 2000.0, self.last_month_start, quantity=20.0, move_type="out_refund")
        accrual = self._accrual(self.dist_b, self.last_month_start, qty_policy)
        # 130 cases reach the tier: 1 % of the basis (130) = 1.30
        self.assertRecordValues(accrual, [{"basis": 130.0, "amount_booked": 1.3}])

        growth = self._create_policy(
            name="Growth",
            code="GROWTH",
            basis="growth",
            partner_ids=[Command.set(self.sub_b.ids)],
            territory_ids=[Command.clear()],
            tier_ids=[Command.create({"threshold": 0.0, "rate": 10.0})],
        )
        self._approve_policy(growth)
        a_year_ago = self.last_month_start.replace(year=self.last_month_start.year - 1)
        self._invoice(self.sub_b, 1000.0, a_year_ago)
        self._invoice(self.sub_b, 1800.0, self.last_month_start)
        self.assertRecordValues(
            self._accrual(self.sub_b, self.last_month_start, growth), [{"basis": 800.0, "amount_booked": 80.0}]
        )
        # a late refund of last year's sales raises this year's growth
        self._invoice(self.sub_b, 500.0, a_year_ago, move_type="out_refund")
        self.assertRecordValues(
            self._accrual(self.sub_b, self.last_month_start, growth), [{"basis": 1300.0, "amount_booked": 130.0}]
        )
