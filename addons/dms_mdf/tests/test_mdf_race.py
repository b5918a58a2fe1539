# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin

from .common import PNG


@tagged("post_install", "-at_install")
class TestMdfRace(DmsRaceMixin, TransactionCase):
    """Two approvers or two finance clicks at once, on two real cursors (committed fixtures)."""

    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        with self._race_committed() as env:
            company = env.ref("base.main_company")
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            company._dms_mdf_expense_account()  # the account stays: the company's setting, made once
            dealer = env["res.partner"].create(
                {
                    "name": "MDF Race Dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            budget = env["dms.mdf.budget"].create(
                {
                    "name": "MDF Race Fund",
                    "partner_id": dealer.id,
                    "company_id": company.id,
                    "date_from": today - timedelta(days=30),
                    "date_to": today + timedelta(days=30),
                    "amount": 2000.0,
                }
            )
            activities = env["dms.mdf.activity"].create(
                [
                    {
                        "partner_id": dealer.id,
                        "company_id": company.id,
                        "title": f"Race activity {i}",
                        "date_from": today - timedelta(days=5),
                        "date_to": today - timedelta(days=1),
                        "planned_amount": 1000.0,
                    }
                    for i in range(2)
                ]
            )
            activities.action_submit()
            activities.action_approve()
            claims = env["dms.mdf.claim"].create(
                [
                    {"activity_id": activities[0].id, "amount": 600.0},
                    {"activity_id": activities[0].id, "amount": 600.0},
                    {"activity_id": activities[1].id, "amount": 600.0},
                ]
            )
            for claim in claims:
                photo = env["ir.attachment"].create(
                    {"name": "p.png", "datas": base64.b64encode(PNG), "res_model": claim._name, "res_id": claim.id}
                )
                claim.attachment_ids = [Command.link(photo.id)]
            claims.action_submit()
        self.ids = {"dealer": dealer.id, "budget": budget.id, "activities": activities.ids, "claims": claims.ids}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._race_committed() as env:
            claims = env["dms.mdf.claim"].browse(self.ids["claims"])
            # wallet movements are append-only in the ORM: the fixture's own go by SQL
            env.cr.execute(
                "UPDATE dms_mdf_claim SET wallet_line_id = NULL, move_id = NULL WHERE id = ANY(%s)", [claims.ids]
            )
            env.cr.execute("DELETE FROM dms_rebate_wallet_line WHERE partner_id = %s", [self.ids["dealer"]])
            env.cr.execute("DELETE FROM dms_rebate_wallet WHERE partner_id = %s", [self.ids["dealer"]])
            env.invalidate_all()
            moves = env["account.move"].search([("dms_mdf_claim_id", "in", claims.ids)])
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.posted_before = False
            moves.with_context(force_delete=True).unlink()
            activities = env["dms.mdf.activity"].browse(self.ids["activities"])
            for records in (claims, activities):
                records._workflow_write({"state": "cancel"})
                self._race_forget(env, records._name, records.ids)
            env["ir.attachment"].search([("res_model", "=", claims._name), ("res_id", "in", claims.ids)]).unlink()
            claims.unlink()
            activities.unlink()
            env["dms.mdf.budget"].browse(self.ids["budget"]).unlink()
            self._race_forget(env, "dms.mdf.budget", [self.ids["budget"]])
            env["res.partner"].browse(self.ids["dealer"]).unlink()

    def _approve(self, env, claim_id):
        env["dms.mdf.claim"].browse(claim_id).action_approve()
        return "approved"

    def _claims(self, env):
        return env["dms.mdf.claim"].browse(self.ids["claims"])

    def test_two_claims_over_one_activity_approved_once(self):
        first, second, _other = self.ids["claims"]
        results = self._race_run(self._approve, [first, second])
        self.assertCountEqual(results.values(), ["approved", SERIALIZATION_FAILURE], results)
        with self._race_committed() as env:
            claims = self._claims(env)
            approved = claims.filtered(lambda c: c.state == "approved")
            self.assertEqual(len(approved), 1)
            # Odoo retries the loser on fresh data: now it is refused, the activity's 1 000 is never passed
            loser = (claims[:2] - approved).id
            self.assertEqual(self._race_run(self._approve, [loser])[loser], REFUSED)
            self.assertEqual(sum(claims.filtered(lambda c: c.state == "approved").mapped("amount")), 600.0)

    def test_two_claims_over_the_fund_approved_once(self):
        with self._race_committed() as env:
            # HQ cut the fund after both activities were approved: 1 000 left for claims
            env["dms.mdf.budget"].browse(self.ids["budget"]).amount = 1000.0
        first, _same_activity, other = self.ids["claims"]
        results = self._race_run(self._approve, [first, other])
        self.assertCountEqual(results.values(), ["approved", SERIALIZATION_FAILURE], results)
        loser = next(item for item, outcome in results.items() if outcome == SERIALIZATION_FAILURE)
        self.assertEqual(self._race_run(self._approve, [loser])[loser], REFUSED)
        with self._race_committed() as env:
            budget = env["dms.mdf.budget"].browse(self.ids["budget"])
            self.assertEqual(budget.amount_claimed, 600.0)

    def test_two_payouts_pay_once(self):
        claim_id = self.ids["claims"][0]
        with self._race_committed() as env:
            env["dms.mdf.claim"].browse(claim_id).action_approve()

        def pay(env, method):
            env["dms.mdf.claim"].browse(claim_id)._dms_pay(method)
            return "paid"

        results = self._race_run(pay, ["credit_note", "wallet"])
        self.assertCountEqual(results.values(), ["paid", SERIALIZATION_FAILURE], results)
        loser = next(item for item, outcome in results.items() if outcome == SERIALIZATION_FAILURE)
        # the retry finds it paid
        self.assertEqual(self._race_run(pay, [loser])[loser], REFUSED)
        with self._race_committed() as env:
            self.assertEqual(env["account.move"].search_count([("dms_mdf_claim_id", "=", claim_id)]), 1)
            claim = env["dms.mdf.claim"].browse(claim_id)
            wallet_lines = env["dms.rebate.wallet.line"].search([("dms_mdf_claim_id", "=", claim_id)])
            self.assertEqual(len(wallet_lines), 1 if claim.payout_method == "wallet" else 0)
