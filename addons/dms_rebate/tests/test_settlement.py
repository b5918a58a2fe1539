# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DmsRebateCommon


@tagged("post_install", "-at_install")
class TestRebateSettlement(DmsRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls._invoice(cls.dist_a, 6000.0, cls.last_month_start)
        cls._invoice(cls.sub_a, 2000.0, cls.last_month_end)
        cls._invoice(cls.dist_a, 1000.0, cls.today)  # current period, not settled

    def _settle(self, policy=None, user=None, day=None):
        wizard = (
            self.env["dms.rebate.settle"]
            .with_user(user or self.user_finance)
            .create({"policy_ids": [Command.set((policy or self.policy).ids)], "date": day or self.last_month_start})
        )
        action = wizard.action_settle()
        return self.env["dms.rebate.settlement"].search(action["domain"])

    def test_open_period_cannot_be_settled(self):
        with self.assertRaises(UserError):
            self._settle(day=self.today)
        self.assertFalse(self.env["dms.rebate.settlement"].search([("policy_id", "=", self.policy.id)]))

    def test_only_finance_settles(self):
        for user in (self.user_hq, self.user_rep_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._settle(user=user)
        settlements = self._settle()
        for user in (self.user_hq, self.user_rep_a, self.user_region_east):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                settlements.with_user(user).action_approve()
        self.assertEqual(set(settlements.mapped("state")), {"draft"})

    def test_credit_note_settlement_and_reconciliation(self):
        settlements = self._settle()
        self.assertRecordValues(
            settlements.sorted(lambda s: s.partner_id.id),
            [
                {
                    "partner_id": self.dist_a.id,
                    "amount_earned": 300.0,
                    "amount_prior": 0.0,
                    "amount": 300.0,
                    "state": "draft",
                    "period_start": self.last_month_start,
                    "period_end": self.last_month_end,
                },
                {
                    "partner_id": self.sub_a.id,
                    "amount_earned": 40.0,
                    "amount_prior": 0.0,
                    "amount": 40.0,
                    "state": "draft",
                    "period_start": self.last_month_start,
                    "period_end": self.last_month_end,
                },
            ],
        )
        settlement = settlements.filtered(lambda s: s.partner_id == self.dist_a)
        settlement.with_user(self.user_finance_2).action_approve()
        refund = settlement.move_id
        self.assertRecordValues(
            refund,
            [{"move_type": "out_refund", "state": "posted", "partner_id": self.dist_a.id, "amount_total": 300.0}],
        )
        self.assertRecordValues(
            refund.line_ids.sorted("balance", reverse=True),
            [
                {"account_id": self.liability_account.id, "debit": 300.0, "credit": 0.0, "partner_id": self.dist_a.id},
                {"account_id": self.receivable_account.id, "debit": 0.0, "credit": 300.0, "partner_id": self.dist_a.id},
            ],
        )
        # the accrual is released: liability of the period nets to zero and is matched
        self.assertAlmostEqual(self._liability_balance(self.dist_a.with_context()) + 20.0, 0.0)  # 20 = current month
        accrual = self._accrual(self.dist_a, self.last_month_start)
        liability_lines = accrual.move_line_ids.filtered(lambda line: line.account_id == self.liability_account)
        self.assertEqual(sum(liability_lines.mapped("balance")), 0.0)
        self.assertTrue(all(liability_lines.mapped("reconciled")))
        self.assertRecordValues(
            accrual, [{"amount_booked": 300.0, "amount_settled": 300.0, "amount_outstanding": 0.0, "amount_paid": 0.0}]
        )
        # finance matches the credit note with the open invoice through core reconciliation
        (self.invoice_a + refund).line_ids.filtered(lambda line: line.account_id == self.receivable_account).with_user(
            self.user_finance
        ).reconcile()
        self.assertEqual(self.invoice_a.amount_residual, 5700.0)
        self.assertEqual(refund.payment_state, "paid")
        self.assertEqual(settlement.amount_paid, 300.0)
        self.assertEqual(accrual.amount_paid, 300.0)
        # running the close again creates nothing, approving again is refused, the credit note stays
        self.assertFalse(self._settle())
        with self.assertRaises(UserError):
            refund.button_draft()
        with self.assertRaises(UserError):
            refund.button_cancel()
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance_2).action_approve()

    def test_net_of_prior_settlement_with_revised_policy(self):
        self._settle().with_user(self.user_finance_2).action_approve()
        v2 = self.env["dms.rebate.policy"].browse(self.policy.action_revise()["res_id"])
        v2.tier_ids.filtered(lambda t: t.threshold == 5000.0).rate = 6.0
        self._approve_policy(v2)
        settlements = self._settle(policy=v2)
        self.assertRecordValues(
            settlements,
            [
                {
                    "partner_id": self.dist_a.id,
                    "policy_id": v2.id,
                    "amount_earned": 360.0,
                    "amount_prior": 300.0,
                    "amount": 60.0,
                }
            ],
        )
        settlements.with_user(self.user_finance_2).action_approve()
        accrual = self._accrual(self.dist_a, self.last_month_start)
        self.assertRecordValues(accrual, [{"amount_booked": 360.0, "amount_settled": 360.0, "amount_outstanding": 0.0}])
        liability_lines = accrual.move_line_ids.filtered(lambda line: line.account_id == self.liability_account)
        self.assertEqual(sum(liability_lines.mapped("balance")), 0.0)
        # the first version cannot settle the period twice either
        self.assertFalse(self._settle())

    def test_clawback_after_settlement(self):
        self._settle().with_user(self.user_finance_2).action_approve()
        self._invoice(self.dist_a, 3000.0, self.last_month_end, move_type="out_refund")
        accrual = self._accrual(self.dist_a, self.last_month_start)
        # 3,000 left earns 2 % = 60: 240 is clawed back and shows as a negative outstanding
        self.assertRecordValues(
            accrual, [{"amount_booked": 60.0, "amount_settled": 300.0, "amount_outstanding": -240.0}]
        )
        clawback = self._accrual_moves(self.dist_a, self.last_month_start)[-1]
        self.assertRecordValues(
            clawback.line_ids,
            [
                {"account_id": self.expense_account.id, "debit": 0.0, "credit": 240.0, "partner_id": self.dist_a.id},
                {"account_id": self.liability_account.id, "debit": 240.0, "credit": 0.0, "partner_id": self.dist_a.id},
            ],
        )
        # closing May again claws the 240 back (recovery: see test_integrity)
        clawback = self._settle()
        self.assertRecordValues(
            clawback,
            [
                {
                    "partner_id": self.dist_a.id,
                    "settlement_type": "clawback",
                    "amount_earned": 60.0,
                    "amount_prior": 300.0,
                    "amount": -240.0,
                    "state": "draft",
                }
            ],
        )

    def test_wallet_settlement(self):
        self.policy.action_close()
        wallet_policy = self._create_policy(
            name="Wallet Rebate", code="WR", settlement_method="wallet", wallet_validity_days=90
        )
        self._approve_policy(wallet_policy)
        wallet_policy.flush_recordset()
        settlements = self._settle(policy=wallet_policy)
        settlement = settlements.filtered(lambda s: s.partner_id == self.dist_a)
        self.assertEqual(settlement.amount, 300.0)
        settlement.with_user(self.user_finance_2).action_approve()
        self.assertRecordValues(
            settlement.move_id.line_ids,
            [
                {"account_id": self.liability_account.id, "debit": 300.0, "credit": 0.0, "partner_id": self.dist_a.id},
                {"account_id": self.wallet_account.id, "debit": 0.0, "credit": 300.0, "partner_id": self.dist_a.id},
            ],
        )
        self.assertRecordValues(
            settlement.wallet_line_ids,
            [
                {
                    "line_type": "credit",
                    "amount": 300.0,
                    "expiry_date": self.today + __import__("datetime").timedelta(days=90),
                }
            ],
        )
        self.assertEqual(self.dist_a._dms_rebate_wallet_balance(), 300.0)
        self.assertEqual(settlement.amount_paid, 300.0)

    def test_dealers_see_only_their_own(self):
        settlements = self._settle()
        settlements.with_user(self.user_finance_2).action_approve()
        Settlement = self.env["dms.rebate.settlement"]
        self.assertEqual(
            Settlement.with_user(self.portal_a_admin).search([]),
            settlements.filtered(lambda s: s.partner_id == self.dist_a),
        )
        self.assertEqual(Settlement.with_user(self.portal_sub_a).search([]).partner_id, self.sub_a)
        self.assertFalse(Settlement.with_user(self.portal_b_admin).search([]))
        with self.assertRaises(AccessError):
            settlements.with_user(self.portal_b_admin).read(["amount"])
        with self.assertRaises(AccessError):
            settlements[0].with_user(self.portal_a_admin).write({"state": "cancel"})
        # reps see their dealers' settlements, the other rep none; accruals are internal
        self.assertEqual(len(Settlement.with_user(self.user_rep_a).search([])), 2)
        self.assertFalse(Settlement.with_user(self.user_rep_b).search([]))
        self.assertEqual(len(Settlement.with_user(self.user_region_east).search([])), 2)
        self.assertFalse(Settlement.with_user(self.user_region_west).search([]))
        with self.assertRaises(AccessError):
            self.env["dms.rebate.accrual"].with_user(self.portal_a_admin).search([])
