# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two real transactions at once (pattern of account/tests/test_sequence_mixin.py).

Fixtures are committed on the database's main company and removed in cleanUp.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dms_dealer.tests.common import DmsRaceMixin


@tagged("post_install", "-at_install")
class TestRebateConcurrency(DmsRaceMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        self.period_day = (today - relativedelta(months=1)).replace(day=1)
        with self._race_committed(context={}) as env:
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            company._dms_rebate_get_config()
            dealer = env["res.partner"].create(
                {
                    "name": "Concurrency Dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            product = env["product.product"].create({"name": "Concurrency Tea", "list_price": 100.0, "taxes_id": []})
            policy = env["dms.rebate.policy"].create(
                {
                    "name": "Concurrency Rebate",
                    "company_id": company.id,
                    "date_start": today - relativedelta(years=1),
                    "partner_ids": [Command.set(dealer.ids)],
                    "period_type": "month",
                    "tier_ids": [Command.create({"threshold": 0.0, "rate": 10.0})],
                }
            )
            policy.action_approve()
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": dealer.id,
                    "invoice_date": self.period_day,
                    "date": self.period_day,
                    "company_id": company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 10,
                                "price_unit": 100.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            wallet = env["dms.rebate.wallet"]._get_or_create(dealer, company)
            env["dms.rebate.wallet.line"].create(
                {
                    "wallet_id": wallet.id,
                    "line_type": "credit",
                    "amount": 100.0,
                    "expiry_date": today + timedelta(days=30),
                }
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": dealer.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 10,
                                    "price_unit": 100.0,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for _i in range(2)
                ]
            )
        self.data = {
            "company_id": company.id,
            "dealer_id": dealer.id,
            "product_id": product.id,
            "policy_id": policy.id,
            "wallet_id": wallet.id,
            "order_ids": orders.ids,
            "envs": self._race_envs(3, context={}),
        }
        self.addCleanup(self.cleanUp)

    def cleanUp(self):
        for env in self.data["envs"]:
            env.cr.rollback()  # closed by _race_envs' own cleanup
        with self._race_committed(context={"dms_rebate_skip_accrual": True}) as env:
            cr = env.cr
            dealer_id = self.data["dealer_id"]
            cr.execute("DELETE FROM dms_rebate_wallet_line WHERE partner_id = %s", [dealer_id])
            cr.execute("DELETE FROM dms_rebate_wallet WHERE partner_id = %s", [dealer_id])
            moves = env["account.move"].search([("partner_id", "=", dealer_id)])
            moves |= env["account.move"].search([("line_ids.partner_id", "=", dealer_id)])
            cr.execute(
                "UPDATE account_move SET dms_rebate_settlement_id = NULL, dms_rebate_accrual_id = NULL "
                "WHERE id = ANY(%s)",
                [moves.ids],
            )
            cr.execute("UPDATE account_move_line SET dms_rebate_accrual_id = NULL WHERE move_id = ANY(%s)", [moves.ids])
            env.invalidate_all()
            moves.filtered(lambda m: m.state in ("posted", "cancel")).button_draft()
            moves.posted_before = False
            moves.with_context(force_delete=True).unlink()
            cr.execute("DELETE FROM dms_rebate_settlement WHERE partner_id = %s", [dealer_id])
            cr.execute("DELETE FROM dms_rebate_accrual WHERE partner_id = %s", [dealer_id])
            orders = env["sale.order"].browse(self.data["order_ids"])
            orders._action_cancel()
            orders.unlink()
            cr.execute("DELETE FROM dms_rebate_policy WHERE id = %s", [self.data["policy_id"]])
            env["product.product"].browse(self.data["product_id"]).unlink()
            env["res.partner"].browse(dealer_id).unlink()

    @mute_logger("odoo.sql_db")
    def test_concurrent_settlement_runs_create_one(self):
        env0, env1, env2 = self.data["envs"]
        env1.cr.execute("SELECT 1")  # env1's snapshot starts before env2 commits
        created2 = env2["dms.rebate.policy"].browse(self.data["policy_id"])._action_settle_period(self.period_day)
        self.assertEqual(len(created2), 1)
        self.assertEqual(created2.amount, 100.0)
        env2.cr.commit()

        # env1 waits on the locked accrual row, then fails instead of paying from a stale snapshot
        with self.assertRaises(pg_errors.SerializationFailure), env1.cr.savepoint(flush=False):
            env1["dms.rebate.policy"].browse(self.data["policy_id"])._action_settle_period(self.period_day)
        env1.cr.rollback()
        # ... even writing the same key straight away is stopped by the unique constraint
        env1.cr.execute("SELECT 1")
        vals = {
            "policy_id": created2.policy_id.id,
            "partner_id": created2.partner_id.id,
            "company_id": created2.company_id.id,
            "period_start": created2.period_start,
            "period_end": created2.period_end,
            "amount": created2.amount,
            "method": created2.method,
        }
        self.assertFalse(env1["dms.rebate.settlement"]._create_unique(vals))
        # the retry (Odoo retries serialization failures) finds nothing left to settle
        self.assertFalse(
            env1["dms.rebate.policy"].browse(self.data["policy_id"])._action_settle_period(self.period_day)
        )
        env1.cr.commit()

        settlements = env0["dms.rebate.settlement"].search([("partner_id", "=", self.data["dealer_id"])])
        self.assertEqual(len(settlements), 1)

    @mute_logger("odoo.sql_db")
    def test_concurrent_approvals_book_once(self):
        env0, env1, env2 = self.data["envs"]
        settlement = env2["dms.rebate.policy"].browse(self.data["policy_id"])._action_settle_period(self.period_day)
        env2.cr.commit()
        env1.cr.execute("SELECT 1")  # env1 sees the settlement to approve, not its approval
        env2["dms.rebate.settlement"].browse(settlement.id).action_approve()
        env2.cr.commit()

        # a double click in another tab: waits on the settlement row, then fails, books nothing
        with self.assertRaises(pg_errors.SerializationFailure), env1.cr.savepoint(flush=False):
            env1["dms.rebate.settlement"].browse(settlement.id).action_approve()
        env1.cr.rollback()
        # the retry finds it settled
        with self.assertRaises(UserError):
            env1["dms.rebate.settlement"].browse(settlement.id).action_approve()
        env1.cr.rollback()

        moves = env0["account.move"].search([("dms_rebate_settlement_id", "=", settlement.id)])
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.amount_total, 100.0)
        self.assertEqual(env0["dms.rebate.settlement"].browse(settlement.id).state, "done")

    @mute_logger("odoo.sql_db")
    def test_concurrent_wallet_use_never_goes_negative(self):
        env0, env1, env2 = self.data["envs"]
        order1_id, order2_id = self.data["order_ids"]
        env1.cr.execute("SELECT 1")
        env2["sale.order"].browse(order2_id)._dms_apply_rebate_wallet(60.0)
        env2.cr.commit()

        with self.assertRaises(pg_errors.SerializationFailure), env1.cr.savepoint(flush=False):
            env1["sale.order"].browse(order1_id)._dms_apply_rebate_wallet(60.0)
        env1.cr.rollback()
        # the retry sees the first use: only 40 left
        with self.assertRaises(UserError):
            env1["sale.order"].browse(order1_id)._dms_apply_rebate_wallet(60.0)
        env1.cr.rollback()

        wallet = env0["dms.rebate.wallet"].browse(self.data["wallet_id"])
        self.assertEqual(wallet.balance, 40.0)
        self.assertEqual(len(wallet.line_ids), 2)

    # ------------------------------------------------------------------ accrual job
    def _accrual_moves(self, env):
        return env["account.move"].search(
            [("dms_rebate_accrual_id.partner_id", "=", self.data["dealer_id"]), ("state", "=", "posted")]
        )

    def _queued(self, env):
        return env["dms.rebate.accrual.queue"].search_count([("partner_id", "=", self.data["dealer_id"])])

    @mute_logger("odoo.sql_db")
    def test_two_accrual_jobs_at_once_book_once(self):
        env0, env1, env2 = self.data["envs"]
        self.assertEqual(self._queued(env0), 1, "posting queued the invoice")
        self.assertFalse(self._accrual_moves(env0), "and booked nothing")
        env1.cr.execute("SELECT 1")  # env1's snapshot: the invoice still queued
        env2["dms.rebate.accrual"]._cron_process_queue()  # takes the row, not committed yet
        # a second job meanwhile skips the row the first one holds: nothing to do, nothing booked
        env0.cr.execute("SELECT 1")
        env0["dms.rebate.accrual"]._cron_process_queue()
        env0.cr.rollback()
        env2.cr.commit()
        # a job on a snapshot taken before the first one committed cannot take the deleted row
        outcome = "nothing"
        try:
            with env1.cr.savepoint(flush=False):
                env1["dms.rebate.accrual"]._cron_process_queue()
        except pg_errors.SerializationFailure:
            outcome = "serialization_failure"  # the cron runs it again later
        env1.cr.rollback()
        self.assertIn(outcome, ("nothing", "serialization_failure"))
        env1["dms.rebate.accrual"]._cron_process_queue()  # the rerun
        env1.cr.commit()
        moves = self._accrual_moves(env0)
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.amount_total, 100.0)
        self.assertEqual(self._queued(env0), 0)

    @mute_logger("odoo.sql_db")
    def test_invoice_posted_during_a_job_is_booked_by_the_next(self):
        env0, env1, env2 = self.data["envs"]
        env2["dms.rebate.accrual"]._cron_process_queue()  # books the first invoice, not committed yet
        invoice = env1["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.data["dealer_id"],
                "invoice_date": self.period_day,
                "date": self.period_day,
                "company_id": self.data["company_id"],
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.data["product_id"], "quantity": 10, "price_unit": 100.0, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        env1.cr.commit()
        env2.cr.commit()
        self.assertEqual(self._queued(env0), 1, "the job did not see the second invoice: it stays queued")
        env0["dms.rebate.accrual"]._cron_process_queue()
        env0.cr.commit()
        self.assertEqual(sorted(self._accrual_moves(env0).mapped("amount_total")), [100.0, 100.0])
        accrual = env0["dms.rebate.accrual"].search([("partner_id", "=", self.data["dealer_id"])])
        self.assertEqual(accrual.amount_booked, 200.0)
