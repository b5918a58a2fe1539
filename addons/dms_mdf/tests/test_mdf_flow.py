# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools import mdf
from .common import DmsMdfCommon


@tagged("post_install", "-at_install")
class TestMdfFlow(DmsMdfCommon):
    def test_fund_picked_dealer_first_then_region(self):
        own = self._activity(submit=False)
        self.assertEqual(own.budget_id, self.budget_a)
        # the sub-dealer has no fund of its own: it draws on the East pool (its territory is below East)
        sub = self._activity(dealer=self.sub_a, user=self.portal_sub_a, submit=False)
        self.assertEqual(sub.budget_id, self.budget_east)
        # outside every fund's period: nothing to draw on, refused at submit
        late = self._activity(submit=False, days=(200, 210))
        self.assertFalse(late.budget_id)
        with self.assertRaises(UserError):
            late.with_user(self.portal_a_user).action_submit()

    def test_forged_fund_refused(self):
        budget_b = self.env["dms.mdf.budget"].create(
            {
                "name": "Fund B",
                "partner_id": self.dist_b.id,
                "date_from": self.today - timedelta(days=30),
                "date_to": self.today + timedelta(days=30),
                "amount": 50000.0,
            }
        )
        with self.assertRaises(ValidationError):
            self._activity(submit=False, budget_id=budget_b.id)
        with self.assertRaises(ValidationError):  # the fund does not cover the dates
            self._activity(submit=False, budget_id=self.budget_a.id, days=(80, 100))

    def test_approve_within_fund_and_amounts(self):
        first = self._approved(amount=6000.0)
        second = self._activity(amount=4500.0)
        with self.assertRaisesRegex(UserError, "does not fit"):
            second.with_user(self.user_region_east).action_approve()
        self.assertEqual(second.state, "submitted")
        self.assertEqual(self.budget_a.amount_committed, 6000.0)
        self.assertEqual(self.budget_a.amount_remaining, 4000.0)
        claim = self._approved_claim(first, 2500.0)
        self.budget_a.invalidate_recordset()
        self.assertRecordValues(
            self.budget_a,
            [{"amount_committed": 6000.0, "amount_claimed": 2500.0, "amount_paid": 0.0, "amount_remaining": 4000.0}],
        )
        claim.with_user(self.user_finance).action_pay_credit_note()
        first.with_user(self.user_region_east).action_close()
        self.budget_a.invalidate_recordset()
        # closed: only what was claimed stays committed, the rest goes back to the fund
        self.assertRecordValues(
            self.budget_a,
            [{"amount_committed": 2500.0, "amount_claimed": 2500.0, "amount_paid": 2500.0, "amount_remaining": 7500.0}],
        )
        second.with_user(self.user_region_east).action_approve()
        self.assertEqual(second.state, "approved")

    def test_fund_amounts_query_count(self):
        self._approved(amount=1000.0)

        def count(budgets):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            budgets.mapped("amount_remaining")
            return self.env.cr.sql_log_count - before

        few = self.budget_a | self.budget_east
        many = few | self.env["dms.mdf.budget"].create(
            [
                {
                    "name": f"Fund {i}",
                    "territory_id": self.terr_west.id,
                    "date_from": self.today,
                    "date_to": self.today,
                    "amount": 100.0,
                }
                for i in range(30)
            ]
        )
        self.env.flush_all()
        count(few)  # warm-up (caches of access rules)
        # the same grouped queries (funds, activities, claims, company currency) whatever the number
        self.assertEqual(count(few), count(many))
        self.assertLessEqual(count(many), 6)

    def test_claim_caps(self):
        activity = self._approved(amount=5000.0)
        with self.assertRaisesRegex(UserError, "left to claim"):
            self._claim(activity, 5000.01)
        self._approved_claim(activity, 3000.0)
        pending = self._claim(activity, 1500.0)  # fits when submitted: 2 000 left
        self._approved_claim(activity, 1000.0)  # another claim approved meanwhile
        with self.assertRaisesRegex(UserError, "only 1000"):
            pending.with_user(self.user_region_east).action_approve()
        self.assertEqual(pending.state, "submitted")
        # HQ cut the fund since: 500 left for claims, which wins over the activity's 1 000
        self.budget_a.amount = 4500.0
        ok = self._claim(activity, 500.0)
        over = self._claim(activity, 501.0, submit=False)
        with self.assertRaisesRegex(UserError, "fund"):
            over.with_user(self.portal_a_user).action_submit()
        ok.with_user(self.user_region_east).action_approve()
        self.assertEqual(activity._dms_claimable(), 0.0)
        with self.assertRaises(ValidationError):  # never below what was claimed
            self.budget_a.amount = 4000.0
        # the claim must come with proofs
        bare = self.env["dms.mdf.claim"].with_user(self.portal_a_user).create({"activity_id": activity.id, "amount": 1})
        with self.assertRaisesRegex(UserError, "photos or receipts"):
            bare.with_user(self.portal_a_user).action_submit()

    def test_only_approved_activities_are_claimed(self):
        activity = self._activity()
        with self.assertRaises(UserError):
            self._claim(activity, 100.0)

    def test_pay_credit_note_once(self):
        activity = self._approved(amount=5000.0)
        claim = self._approved_claim(activity, 4000.0)
        with self.assertRaises(AccessError):  # the region approves, finance pays
            claim.with_user(self.user_region_east).action_pay_credit_note()
        claim.with_user(self.user_finance).action_pay_credit_note()
        move = claim.move_id
        self.assertEqual(claim.state, "paid")
        self.assertRecordValues(
            move, [{"move_type": "out_refund", "state": "posted", "partner_id": self.dist_a.id, "amount_total": 4000.0}]
        )
        expense = self.company.dms_mdf_expense_account_id
        self.assertEqual(expense.account_type, "expense")
        self.assertRecordValues(
            move.line_ids.sorted("balance"),
            [
                {"account_id": self.dist_a.property_account_receivable_id.id, "debit": 0.0, "credit": 4000.0},
                {"account_id": expense.id, "debit": 4000.0, "credit": 0.0},
            ],
        )
        # double click, the other button, a copy: paid once
        with self.assertRaises(UserError):
            claim.with_user(self.user_finance).action_pay_credit_note()
        with self.assertRaises(UserError):
            claim.with_user(self.user_finance).action_pay_wallet()
        copy = claim.copy()
        self.assertRecordValues(copy, [{"state": "draft", "move_id": False, "payout_method": False}])
        with self.assertRaises(UserError):  # the copy is over the activity's approved amount
            copy.action_submit()
        self.assertEqual(self.env["account.move"].search_count([("dms_mdf_claim_id", "=", claim.id)]), 1)
        # the database refuses a second payout move of the same claim, whatever the code path
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception):  # noqa: B017
            with self.env.cr.savepoint():
                move.copy({"dms_mdf_claim_id": claim.id})
                self.env.flush_all()

    def test_pay_to_wallet(self):
        activity = self._approved(amount=5000.0)
        claim = self._approved_claim(activity, 3000.0)
        claim.with_user(self.user_finance).action_pay_wallet()
        wallet = self.env["dms.rebate.wallet"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(wallet.balance, 3000.0)
        self.assertRecordValues(
            claim.wallet_line_id, [{"line_type": "credit", "amount": 3000.0, "dms_mdf_claim_id": claim.id}]
        )
        config = self.company._dms_rebate_get_config()
        self.assertRecordValues(
            claim.move_id.line_ids.sorted("balance"),
            [
                {"account_id": config["wallet"].id, "debit": 0.0, "credit": 3000.0},
                {"account_id": self.company.dms_mdf_expense_account_id.id, "debit": 3000.0, "credit": 0.0},
            ],
        )
        with self.assertRaises(UserError):
            claim.with_user(self.user_finance).action_pay_wallet()
        self.assertEqual(wallet.balance, 3000.0)

    def test_reject_with_reason_and_redraft(self):
        activity = self._activity()
        with self.assertRaises(UserError):
            activity.with_user(self.user_region_east).action_reject()
        wizard = (
            self.env["dms.mdf.reject"]
            .with_user(self.user_region_east)
            .create({"activity_id": activity.id, "reason": "Plan the dates with the store first"})
        )
        wizard.action_confirm()
        self.assertEqual(activity.state, "rejected")
        self.assertEqual(activity.reject_reason, "Plan the dates with the store first")
        activity.with_user(self.portal_a_user).action_redraft()
        self.assertEqual(activity.state, "draft")
        # frozen once approved
        approved = self._approved()
        with self.assertRaises(UserError):
            approved.with_user(self.user_hq).planned_amount = 9000.0

    def test_roi_from_target_actuals(self):
        activity = self._approved(amount=2000.0, days=(-10, -1))
        before_day = activity.date_from - timedelta(days=3)
        for day, amount in ((before_day, 1000.0), (activity.date_from + timedelta(days=1), 5000.0)):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.dist_a.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_tea.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
        activity.invalidate_recordset()
        self.assertRecordValues(
            activity,
            [{"roi_sales_before": 1000.0, "roi_sales_during": 5000.0, "roi_uplift": 4000.0, "roi_ratio": 2.0}],
        )
        self.assertEqual(
            mdf.previous_period(activity.date_from, activity.date_to)[1], activity.date_from - timedelta(1)
        )

    def test_copy_and_separation_of_duties(self):
        approved = self._approved(amount=4000.0)
        copy = approved.with_user(self.user_hq).copy()
        self.assertRecordValues(
            copy, [{"state": "draft", "approved_amount": 0.0, "decide_uid": False, "amount_committed": 0.0}]
        )
        self.assertNotEqual(copy.name, approved.name)
        claim = self._claim(approved, 100.0)
        with self.assertRaises(AccessError):  # finance pays, it does not approve
            claim.with_user(self.user_finance).action_approve()
        # a claim the manager entered for the dealer needs another approver
        own = (
            self.env["dms.mdf.claim"]
            .with_user(self.user_region_east)
            .create(
                {"activity_id": approved.id, "amount": 100.0, "attachment_ids": [Command.set(claim.attachment_ids.ids)]}
            )
        )
        own.with_user(self.user_region_east).action_submit()
        with self.assertRaises(AccessError):
            own.with_user(self.user_region_east).action_approve()
        own.with_user(self.user_hq).action_approve()
        self.assertEqual(own.state, "approved")

    def test_report_budget_vs_spent(self):
        activity = self._approved(amount=4000.0)
        self._approved_claim(activity, 1000.0).with_user(self.user_finance).action_pay_credit_note()
        self.env.flush_all()
        rows = self.env["dms.mdf.report"]._read_group(
            [("budget_id", "=", self.budget_a.id)],
            [],
            ["amount_budget:sum", "amount_committed:sum", "amount_claimed:sum", "amount_paid:sum"],
        )
        self.assertEqual(rows, [(10000.0, 4000.0, 1000.0, 1000.0)])

    # ------------------------------------------------------------------
    # Visibility per role at the ORM (pages and JSON-RPC: test_mdf_portal)
    # ------------------------------------------------------------------
    def setUp(self):
        super().setUp()
        if self._testMethodName.startswith("test_visibility"):
            self._visibility_fixture()

    def _visibility_fixture(self):
        self.budget_b = self.env["dms.mdf.budget"].create(
            {
                "name": "Fund B",
                "partner_id": self.dist_b.id,
                "date_from": self.budget_a.date_from,
                "date_to": self.budget_a.date_to,
                "amount": 8000.0,
            }
        )
        self.activity_a = self._approved(amount=3000.0)
        self.claim_a = self._claim(self.activity_a, 1000.0)
        self.activity_sub = self._approved(dealer=self.sub_a, user=self.portal_sub_a, amount=2000.0)
        self.activity_b = self._approved(dealer=self.dist_b, user=self.portal_b_admin, approver=self.user_region_west)
        self.claim_b = self._claim(self.activity_b, 500.0, user=self.portal_b_admin)

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([]).with_env(self.env)

    def test_visibility_hq_and_finance_see_all(self):
        for user in (self.user_hq, self.user_finance):
            self.assertLessEqual(
                self.budget_a | self.budget_b | self.budget_east, self._visible(user, "dms.mdf.budget")
            )
            self.assertLessEqual(
                self.activity_a | self.activity_b | self.activity_sub, self._visible(user, "dms.mdf.activity")
            )
            self.assertLessEqual(self.claim_a | self.claim_b, self._visible(user, "dms.mdf.claim"))

    def test_visibility_region_sees_its_subtree(self):
        east = self.user_region_east
        self.assertEqual(self._visible(east, "dms.mdf.budget"), self.budget_a | self.budget_east)
        self.assertEqual(self._visible(east, "dms.mdf.activity"), self.activity_a | self.activity_sub)
        self.assertEqual(self._visible(east, "dms.mdf.claim"), self.claim_a)
        self.assertEqual(
            set(self._visible(east, "dms.mdf.report").mapped("partner_id").ids), {self.dist_a.id, self.sub_a.id}
        )
        west = self.user_region_west
        self.assertEqual(self._visible(west, "dms.mdf.activity"), self.activity_b)
        # another region's manager cannot decide East's claim, nor read it
        with self.assertRaises(AccessError):
            self.claim_a.with_user(west).action_approve()
        with self.assertRaises(AccessError):
            self.claim_a.with_user(west).read(["amount"])

    def test_visibility_rep_sees_its_dealers(self):
        self.assertEqual(self._visible(self.user_rep_a, "dms.mdf.activity"), self.activity_a | self.activity_sub)
        self.assertEqual(self._visible(self.user_rep_b, "dms.mdf.claim"), self.claim_b)
        with self.assertRaises(AccessError):  # a rep does not decide
            self.claim_a.with_user(self.user_rep_a).action_approve()

    def test_visibility_dealer_sees_its_own(self):
        for user in (self.portal_a_user, self.portal_a_admin):
            self.assertEqual(self._visible(user, "dms.mdf.budget"), self.budget_a)
            self.assertEqual(self._visible(user, "dms.mdf.activity"), self.activity_a)
            self.assertEqual(self._visible(user, "dms.mdf.claim"), self.claim_a)
        # the regional pool the sub-dealer draws on stays the brand's
        self.assertFalse(self._visible(self.portal_sub_a, "dms.mdf.budget"))
        self.assertEqual(self._visible(self.portal_sub_a, "dms.mdf.activity"), self.activity_sub)
        self.assertEqual(self._visible(self.portal_b_admin, "dms.mdf.claim"), self.claim_b)
        with self.assertRaises(AccessError):
            self.env["dms.mdf.report"].with_user(self.portal_a_user).search([])
        with self.assertRaises(AccessError):
            self.activity_b.with_user(self.portal_a_admin).read(["title"])
        with self.assertRaises(AccessError):  # acting on another dealer's activity
            self.activity_b.with_user(self.portal_a_admin).action_close()
