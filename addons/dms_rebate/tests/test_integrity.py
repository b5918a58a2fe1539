# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every money promise of the rebates, attacked as a client would (ORM as the user)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY

from .common import DmsRebateCommon


class DmsRebateIntegrityCommon(DmsRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.two_months_start = (cls.today - relativedelta(months=2)).replace(day=1)
        cls.two_months_end = cls.last_month_start - relativedelta(days=1)
        cls.Settlement = cls.env["dms.rebate.settlement"]
        cls.WalletLine = cls.env["dms.rebate.wallet.line"].sudo()

    def _settle(self, day, policy=None, user=None):
        """Close the period of ``day`` as Finance (user_finance: who then never approves)."""
        wizard = (
            self.env["dms.rebate.settle"]
            .with_user(user or self.user_finance)
            .create({"policy_ids": [Command.set((policy or self.policy).ids)], "date": day})
        )
        return self.Settlement.search(wizard.action_settle()["domain"])

    def _approve(self, settlements, user=None):
        settlements.with_user(user or self.user_finance_2).action_approve()
        return settlements

    def _moves_of(self, settlement):
        return self.env["account.move"].search([("dms_rebate_settlement_id", "=", settlement.id)])

    def _credit_wallet(self, partner, amount):
        wallet = self.env["dms.rebate.wallet"].sudo()._get_or_create(partner, self.company)
        self.WalletLine.create(
            {
                "wallet_id": wallet.id,
                "line_type": "credit",
                "amount": amount,
                "expiry_date": self.today + timedelta(days=60),
                "name": "Credit",
            }
        )
        return wallet

    def _accrual_liability_lines(self, partner, period_start):
        return self._accrual(partner, period_start).move_line_ids.filtered(
            lambda line: line.account_id == self.liability_account
        )


@tagged("post_install", "-at_install")
class TestRebatePolicyWorkflow(DmsRebateIntegrityCommon):
    def test_policy_state_moves_through_transitions_only(self):
        policy = self._create_policy(name="Attack", code="ATK")
        for vals in ({"state": "active"}, {"state": "approved"}, {"version": 7}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                policy.with_user(self.user_hq).write(vals)
        with self.assertRaises(AccessError):
            policy.with_user(self.user_hq).with_context(**{WORKFLOW_KEY: str(ENGINE)}).write({"state": "active"})
        born = (
            self.env["dms.rebate.policy"]
            .with_user(self.user_hq)
            .with_context(default_state="active", default_version=9)
            .create({"name": "Born active", "date_start": self.today, "partner_ids": [Command.set(self.dist_a.ids)]})
        )
        self.assertRecordValues(born, [{"state": "draft", "version": 1}])
        # approving a draft directly is refused: it must be submitted
        with self.assertRaises(UserError):
            policy.with_user(self.user_hq).action_approve()
        self.assertEqual(policy.state, "draft")

    def test_policy_submitter_never_approves(self):
        policy = self._create_policy(name="Own", code="OWN")
        policy.with_user(self.user_hq).action_submit()
        with self.assertRaises(AccessError):
            policy.with_user(self.user_hq).action_approve()
        # nor by resetting and approving in the same breath
        policy.with_user(self.user_hq).action_reset_to_draft()
        policy.with_user(self.user_hq).action_submit()
        with self.assertRaises(AccessError):
            policy.with_user(self.user_hq).action_approve()
        policy.action_approve()  # someone else (the test user, HQ)
        self.assertEqual(policy.state, "active")
        logs = self.env["dms.workflow.log"].search([("res_model", "=", policy._name), ("res_id", "=", policy.id)])
        self.assertEqual(logs.sorted("id").mapped("transition"), ["submit", "reset", "submit", "approve", "activate"])

    def test_approved_terms_are_frozen(self):
        with self.assertRaises(UserError):
            self.policy.with_user(self.user_hq).write({"cap_amount": 1.0})
        with self.assertRaises(UserError):
            self.policy.with_user(self.user_hq).write({"basis": "quantity"})
        with self.assertRaises(UserError):
            self.policy.tier_ids[0].with_user(self.user_hq).write({"rate": 50.0})
        with self.assertRaises(UserError):
            self.env["dms.rebate.policy.tier"].with_user(self.user_hq).create(
                {"policy_id": self.policy.id, "threshold": 10.0, "rate": 60.0}
            )
        with self.assertRaises(UserError):
            self.policy.tier_ids[0].with_user(self.user_hq).unlink()
        self.assertEqual(self.policy.tier_ids.mapped("rate"), [2.0, 5.0])
        # the name is not money
        self.policy.with_user(self.user_hq).write({"name": "East Volume Rebate (renamed)"})

    def test_copy_starts_over(self):
        copy = self.policy.with_user(self.user_hq).copy()
        self.assertRecordValues(copy, [{"state": "draft", "version": 1, "previous_version_id": False}])


@tagged("post_install", "-at_install")
class TestRebateSettlementIntegrity(DmsRebateIntegrityCommon):
    def test_settlement_fields_belong_to_the_engine(self):
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        settlement = self._settle(self.last_month_start)
        self.assertEqual(settlement.amount, 300.0)
        for vals in (
            {"amount": 3000.0},
            {"amount_earned": 3000.0},
            {"state": "done"},
            {"move_id": self.env["account.move"].search([], limit=1).id},
            {"approved_by_id": self.user_finance.id},
            {"partner_id": self.dist_b.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                settlement.with_user(self.user_finance_2).write(vals)
        with self.assertRaises(AccessError):
            self.Settlement.with_user(self.user_finance).create(
                {
                    "policy_id": self.policy.id,
                    "partner_id": self.dist_b.id,
                    "company_id": self.company.id,
                    "period_start": self.last_month_start,
                    "period_end": self.last_month_end,
                    "amount": 1000.0,
                    "method": "credit_note",
                }
            )
        # who closed the period never approves what it computed
        with self.assertRaises(AccessError):
            settlement.with_user(self.user_finance).action_approve()
        self.assertEqual(settlement.state, "draft")
        self._approve(settlement)
        self.assertEqual(settlement.approved_by_id, self.user_finance_2)

    def test_done_settlement_is_immutable_and_books_once(self):
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        settlement = self._approve(self._settle(self.last_month_start))
        self.assertEqual(len(self._moves_of(settlement)), 1)
        # written back to draft and approved again: refused at every step
        with self.assertRaises(AccessError):
            settlement.with_user(self.user_finance_2).write({"state": "draft"})
        with self.assertRaises(AccessError):
            settlement.with_user(self.user_finance_2).write({"amount": 1.0, "move_id": False})
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance_2).action_approve()  # double click
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance).action_approve()
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance).action_cancel()
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance).action_recompute()
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance).unlink()
        # a duplicate starts over without the money fields (and cannot pay the period twice)
        with self.assertRaises(UserError):
            settlement.with_user(self.user_finance).copy()
        settlement.invalidate_recordset()
        self.assertRecordValues(settlement, [{"state": "done", "amount": 300.0}])
        self.assertEqual(len(self._moves_of(settlement)), 1)
        self.assertFalse(self._settle(self.last_month_start), "nothing more is due")

    def test_stale_amount_is_refused_then_recomputed(self):
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        settlement = self._settle(self.last_month_start)
        self.assertEqual(settlement.amount, 300.0)
        # a refund lands after the computation: 3,000 left earns 2 % = 60
        self._invoice(self.dist_a, 3000.0, self.last_month_end, move_type="out_refund")
        with self.assertRaisesRegex(UserError, "Recompute"):
            self._approve(settlement)
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(self._moves_of(settlement))
        settlement.with_user(self.user_finance_2).action_recompute()
        self.assertRecordValues(
            settlement, [{"amount_earned": 60.0, "amount": 60.0, "basis": 3000.0, "tier_rate": 2.0, "state": "draft"}]
        )
        # whoever recomputed submitted the new amount: the other one approves
        with self.assertRaises(AccessError):
            self._approve(settlement, self.user_finance_2)
        self._approve(settlement, self.user_finance)
        self.assertRecordValues(
            settlement.move_id.line_ids.sorted("balance", reverse=True),
            [
                {"account_id": self.liability_account.id, "debit": 60.0, "credit": 0.0, "partner_id": self.dist_a.id},
                {"account_id": self.receivable_account.id, "debit": 0.0, "credit": 60.0, "partner_id": self.dist_a.id},
            ],
        )

    def test_late_invoice_is_paid_by_a_top_up(self):
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        first = self._approve(self._settle(self.last_month_start))
        self.assertEqual(first.amount, 300.0)
        # a late invoice of the settled period: 10,000 earns 5 % = 500, 200 more
        self._invoice(self.dist_a, 4000.0, self.last_month_end)
        topup = self._settle(self.last_month_start)
        self.assertRecordValues(
            topup,
            [
                {
                    "partner_id": self.dist_a.id,
                    "policy_id": self.policy.id,
                    "settlement_type": "topup",
                    "amount_earned": 500.0,
                    "amount_prior": 300.0,
                    "amount": 200.0,
                    "state": "draft",
                }
            ],
        )
        # closing again while it waits creates nothing more
        self.assertFalse(self._settle(self.last_month_start))
        self._approve(topup)
        self.assertRecordValues(
            topup.move_id.line_ids.sorted("balance", reverse=True),
            [
                {"account_id": self.liability_account.id, "debit": 200.0, "credit": 0.0, "partner_id": self.dist_a.id},
                {"account_id": self.receivable_account.id, "debit": 0.0, "credit": 200.0, "partner_id": self.dist_a.id},
            ],
        )
        accrual = self._accrual(self.dist_a, self.last_month_start)
        self.assertRecordValues(accrual, [{"amount_booked": 500.0, "amount_settled": 500.0, "amount_outstanding": 0.0}])
        lines = self._accrual_liability_lines(self.dist_a, self.last_month_start)
        self.assertEqual(sum(lines.mapped("balance")), 0.0)
        self.assertTrue(all(lines.mapped("reconciled")))
        self.assertFalse(self._settle(self.last_month_start))

    def test_clawback_is_deducted_from_the_next_settlement(self):
        self.assertEqual(self.company.dms_rebate_clawback_recovery, "next_settlement")
        self._invoice(self.dist_a, 6000.0, self.two_months_start)
        self._approve(self._settle(self.two_months_start))
        # late refund: 3,000 left earns 60, 240 was paid too much
        self._invoice(self.dist_a, 3000.0, self.two_months_end, move_type="out_refund")
        clawback = self._settle(self.two_months_start)
        self.assertRecordValues(
            clawback, [{"settlement_type": "clawback", "amount": -240.0, "amount_prior": 300.0, "state": "draft"}]
        )
        self._approve(clawback)
        self.assertRecordValues(
            clawback, [{"state": "done", "amount_recovered": 0.0, "move_id": False, "amount_paid": 0.0}]
        )
        self.assertFalse(self._settle(self.two_months_start), "the clawback is booked once")
        # next month's rebate (6,000 earns 300) pays 60 and recovers 240
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        following = self._approve(self._settle(self.last_month_start))
        self.assertRecordValues(
            following, [{"amount": 300.0, "amount_deducted": 240.0, "amount_net": 60.0, "state": "done"}]
        )
        self.assertRecordValues(
            following.move_id,
            [{"move_type": "out_refund", "state": "posted", "amount_total": 60.0, "partner_id": self.dist_a.id}],
        )
        this_accrual = self._accrual(self.dist_a, self.last_month_start)
        old_accrual = self._accrual(self.dist_a, self.two_months_start)
        self.assertRecordValues(
            following.move_id.line_ids.sorted("balance", reverse=True),
            [
                {
                    "account_id": self.liability_account.id,
                    "debit": 300.0,
                    "credit": 0.0,
                    "partner_id": self.dist_a.id,
                    "dms_rebate_accrual_id": this_accrual.id,
                },
                {
                    "account_id": self.receivable_account.id,
                    "debit": 0.0,
                    "credit": 60.0,
                    "partner_id": self.dist_a.id,
                    "dms_rebate_accrual_id": False,
                },
                {
                    "account_id": self.liability_account.id,
                    "debit": 0.0,
                    "credit": 240.0,
                    "partner_id": self.dist_a.id,
                    "dms_rebate_accrual_id": old_accrual.id,
                },
            ],
        )
        self.assertRecordValues(clawback, [{"amount_recovered": 240.0, "amount_paid": -240.0}])
        # both periods' liabilities net to zero and are matched
        for period_start in (self.two_months_start, self.last_month_start):
            lines = self._accrual_liability_lines(self.dist_a, period_start)
            self.assertEqual(sum(lines.mapped("balance")), 0.0, period_start)
            self.assertTrue(all(lines.mapped("reconciled")), period_start)
        self.assertRecordValues(
            old_accrual, [{"amount_booked": 60.0, "amount_settled": 60.0, "amount_outstanding": 0.0}]
        )
        # recovered once: a later settlement deducts nothing more
        self.assertFalse(following._get_open_clawbacks())

    def test_clawback_is_taken_from_the_wallet(self):
        self.company.dms_rebate_clawback_recovery = "wallet"
        wallet = self._credit_wallet(self.dist_a, 500.0)
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        self._approve(self._settle(self.last_month_start))
        self._invoice(self.dist_a, 3000.0, self.last_month_end, move_type="out_refund")
        clawback = self._approve(self._settle(self.last_month_start))
        self.assertRecordValues(clawback, [{"amount": -240.0, "amount_recovered": 240.0, "amount_paid": -240.0}])
        self.assertRecordValues(
            clawback.move_id.line_ids,
            [
                {"account_id": self.wallet_account.id, "debit": 240.0, "credit": 0.0, "partner_id": self.dist_a.id},
                {"account_id": self.liability_account.id, "debit": 0.0, "credit": 240.0, "partner_id": self.dist_a.id},
            ],
        )
        self.assertRecordValues(
            wallet.line_ids.filtered(lambda line: line.line_type == "clawback"),
            [{"amount": -240.0, "settlement_id": clawback.id, "move_id": clawback.move_id.id}],
        )
        self.assertEqual(wallet.balance, 260.0)
        lines = self._accrual_liability_lines(self.dist_a, self.last_month_start)
        self.assertEqual(sum(lines.mapped("balance")), 0.0)
        self.assertTrue(all(lines.mapped("reconciled")))

    def test_clawback_beyond_the_wallet_waits_for_the_next_settlement(self):
        self.company.dms_rebate_clawback_recovery = "wallet"
        wallet = self._credit_wallet(self.dist_a, 100.0)
        self._invoice(self.dist_a, 6000.0, self.two_months_start)
        self._approve(self._settle(self.two_months_start))
        self._invoice(self.dist_a, 3000.0, self.two_months_end, move_type="out_refund")
        clawback = self._approve(self._settle(self.two_months_start))
        self.assertRecordValues(clawback, [{"amount": -240.0, "amount_recovered": 100.0}])
        self.assertEqual(wallet.balance, 0.0)
        self._invoice(self.dist_a, 6000.0, self.last_month_start)
        following = self._approve(self._settle(self.last_month_start))
        self.assertRecordValues(following, [{"amount_deducted": 140.0, "amount_net": 160.0}])
        self.assertEqual(clawback.amount_recovered, 240.0)
        lines = self._accrual_liability_lines(self.dist_a, self.two_months_start)
        self.assertEqual(sum(lines.mapped("balance")), 0.0)

    def test_skip_accrual_context_is_ignored_for_users(self):
        invoice = self._invoice(self.dist_a, 2000.0, self.last_month_start, post=False)
        invoice.with_user(self.user_finance).with_context(dms_rebate_skip_accrual=True).action_post()
        self.assertTrue(self.env["dms.rebate.accrual.queue"].search([("move_id", "=", invoice.id)]))
        self._run_accruals()
        self.assertEqual(self._accrual(self.dist_a, self.last_month_start).amount_booked, 40.0)


@tagged("post_install", "-at_install")
class TestRebateWalletLineIntegrity(DmsRebateIntegrityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rebate_product = cls.env.ref("dms_rebate.product_dms_rebate")

    def setUp(self):
        super().setUp()
        self.wallet = self._credit_wallet(self.dist_a, 500.0)

    def _order(self, quantity=10.0):
        return self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "user_id": self.user_rep_a.id,
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

    def _debits(self):
        return self.wallet.line_ids.filtered(lambda line: line.line_type == "debit")

    def test_duplicated_quotation_never_carries_the_discount(self):
        order = self._order()
        order._dms_apply_rebate_wallet(150.0)
        self.assertEqual(order.amount_untaxed, 850.0)
        copy = order.with_user(self.user_rep_a).copy()
        self.assertFalse(copy.order_line.filtered("is_dms_rebate"))
        self.assertEqual(copy.amount_untaxed, 1000.0)
        # nor when the client asks for the lines explicitly
        with self.assertRaises(UserError):
            order.with_user(self.user_rep_a).copy(
                {
                    "order_line": [
                        Command.create(dict(line_vals, order_id=False))
                        for line_vals in order.order_line.filtered("is_dms_rebate").copy_data()
                    ]
                }
            )
        copy.with_user(self.user_rep_a).action_confirm()
        order.with_user(self.user_rep_a).action_confirm()
        self.assertEqual(len(self._debits()), 1)
        self.assertEqual(self.wallet.balance, 350.0)
        self.assertEqual((order.amount_untaxed, copy.amount_untaxed), (850.0, 1000.0))

    def test_wallet_line_cannot_be_edited_or_forged(self):
        order = self._order()
        line = order._dms_apply_rebate_wallet(150.0)
        for vals in (
            {"price_unit": -500.0},
            {"product_uom_qty": 3.0},
            {"discount": 50.0},
            {"product_id": self.product_tea.id},
            {"tax_id": [Command.set(self.tax_sale_a.ids)]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                line.with_user(self.user_rep_a).write(vals)
        with self.assertRaises(UserError):
            order.with_user(self.user_rep_a).write({"order_line": [Command.update(line.id, {"price_unit": -900.0})]})
        # a wallet line without a wallet debit, or a normal line turned into one
        with self.assertRaises(UserError):
            self.env["sale.order.line"].with_user(self.user_rep_a).create(
                {"order_id": order.id, "product_id": self.rebate_product.id, "price_unit": -100.0}
            )
        tea_line = order.order_line - line
        with self.assertRaises(UserError):
            tea_line.with_user(self.user_rep_a).write({"product_id": self.rebate_product.id})
        # the mark is a server object: the same text in a client's context unlocks nothing
        with self.assertRaises(UserError):
            line.with_user(self.user_rep_a).with_context(dms_rebate_wallet_line="dms_rebate_wallet_line").write(
                {"price_unit": -500.0}
            )
        self.assertEqual(line.price_unit, -150.0)
        self.assertEqual(self.wallet.balance, 350.0)

    def test_order_total_never_goes_negative(self):
        order = self._order()
        line = order._dms_apply_rebate_wallet(200.0)
        tea_line = order.order_line - line
        with self.assertRaises(ValidationError):
            tea_line.with_user(self.user_rep_a).write({"product_uom_qty": 1.0})
        with self.assertRaises(ValidationError):
            tea_line.with_user(self.user_rep_a).write({"price_unit": 10.0})
        self.assertEqual(order.amount_untaxed, 800.0)
        # deleting the paid lines leaves the wallet line alone: the order cannot be confirmed
        tea_line.with_user(self.user_rep_a).unlink()
        self.assertEqual(order.amount_untaxed, -200.0)
        with self.assertRaises(UserError):
            order.with_user(self.user_rep_a).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_confirmation_rechecks_cap_and_debit(self):
        order = self._order()
        line = order._dms_apply_rebate_wallet(200.0)  # 20 % of 1,000
        tea_line = order.order_line - line
        tea_line.with_user(self.user_rep_a).write({"product_uom_qty": 5.0})  # 500: the cap is now 100
        with self.assertRaisesRegex(UserError, "at most"):
            order.with_user(self.user_rep_a).action_confirm()
        tea_line.with_user(self.user_rep_a).write({"product_uom_qty": 10.0})
        # the debit behind the line was given back (e.g. a bug, a manual correction): refused
        self.wallet._reverse_lines(self._debits(), "given back")
        with self.assertRaisesRegex(UserError, "does not match its wallet debit"):
            order.with_user(self.user_rep_a).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_confirmation_rechecks_a_tampered_amount(self):
        order = self._order()
        line = order._dms_apply_rebate_wallet(100.0)
        line.with_user(SUPERUSER_ID).write({"price_unit": -180.0})  # only trusted code could
        with self.assertRaisesRegex(UserError, "does not match its wallet debit"):
            order.with_user(self.user_rep_a).action_confirm()
        line.with_user(SUPERUSER_ID).write({"price_unit": -100.0})
        order.with_user(self.user_rep_a).action_confirm()
        self.assertEqual(order.state, "sale")
