# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Statements on demand, disputes resolved line by line with accounting entries, signed confirmation."""

from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import DmsPortalMixin

# 1x1 transparent PNG
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestStatementOnDemand(DmsPortalMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        cls.env = cls.env["base"].with_context(tracking_disable=True).env
        cls.Statement = cls.env["dms.dealer.statement"]

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

    def _november(self, partner=None, user=None, send=True):
        start, end = self.Statement._dms_parse_period(month="2026-11")
        Statement = self.Statement.with_user(user or self.user_finance)
        return Statement._dms_generate_on_demand(partner or self.dist_a, start, end, send=send)

    def _invoice_lines(self, statement):
        return statement.line_ids.filtered(lambda line: line.kind == "invoice")

    # ------------------------------------------------------------------
    # 1. On demand, named after the period, regenerated without duplicates
    # ------------------------------------------------------------------
    def test_generate_on_demand_and_regenerate_idempotent(self):
        first = self._invoice(self.dist_a, 500.0, date(2026, 11, 5))
        statement = self._november(send=False)
        self.assertRecordValues(
            statement,
            [
                {
                    "name": f"Statement {self.dist_a.ref} 2026-11",
                    "state": "draft",
                    "date_from": date(2026, 11, 1),
                    "date_to": date(2026, 11, 30),
                    "closing_balance": 500.0,
                }
            ],
        )
        statement.with_user(self.user_finance).action_send()
        line = self._invoice_lines(statement)
        self.assertEqual(line.move_id, first)
        # a late invoice of the period: generating again rebuilds the same statement
        self._invoice(self.dist_a, 300.0, date(2026, 11, 20))
        for _attempt in range(2):  # double click
            self.assertEqual(self._november(), statement)
        domain = [("partner_id", "=", self.dist_a.id), ("date_from", "=", date(2026, 11, 1))]
        self.assertEqual(self.Statement.search_count(domain), 1, "no duplicate")
        self.assertEqual(statement.state, "sent")
        self.assertEqual(statement.closing_balance, 800.0)
        self.assertEqual(self._invoice_lines(statement).mapped("amount"), [500.0, 300.0])
        self.assertTrue(line.exists(), "the line of an entry still in the books is updated in place")
        logs = self.env["dms.workflow.log"].search(
            [("res_model", "=", statement._name), ("res_id", "=", statement.id), ("transition", "=", "regenerate")]
        )
        self.assertEqual(logs.user_id, self.user_finance)
        # a date range is named by its dates
        ranged = self.Statement.with_user(self.user_finance)._dms_generate_on_demand(
            self.dist_a, date(2026, 11, 5), date(2026, 11, 10)
        )
        self.assertEqual(ranged.name, f"Statement {self.dist_a.ref} 2026-11-05 – 2026-11-10")
        self.assertEqual(ranged.closing_balance, 500.0)

    def test_period_rules(self):
        today = fields.Date.context_today(self.Statement)
        # the current month can be generated (December is reconciled in December)
        start, end = self.Statement._dms_parse_period(month=f"{today.year:04d}-{today.month:02d}")
        self.assertLessEqual(start, today)
        self.assertGreaterEqual(end, today)
        nxt = today.replace(day=28).toordinal() + 10
        future = date.fromordinal(nxt)
        for kwargs in (
            {},
            {"month": "2026-13"},
            {"month": f"{future.year:04d}-{future.month:02d}"},
            {"date_from": "2026-11-20", "date_to": "2026-11-01"},
            {"date_from": "2024-01-01", "date_to": "2026-11-30"},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(UserError):
                self.Statement._dms_parse_period(**kwargs)

    def test_back_office_wizard(self):
        self._invoice(self.dist_a, 500.0, date(2026, 11, 5))
        self._invoice(self.dist_b, 200.0, date(2026, 11, 6))
        Wizard = self.env["dms.dealer.statement.generate"].with_user(self.user_finance)
        vals = {
            "partner_ids": [Command.set((self.dist_a | self.dist_b).ids)],
            "period_type": "month",
            "month": date(2026, 11, 1),
            "send": True,
        }
        action = Wizard.create(vals).action_generate()
        statements = self.Statement.search(action["domain"])
        self.assertEqual(statements.partner_id, self.dist_a | self.dist_b)
        self.assertEqual(set(statements.mapped("state")), {"sent"})
        Wizard.create(vals).action_generate()
        self.assertEqual(
            self.Statement.search_count([("date_from", "=", date(2026, 11, 1)), ("date_to", "=", date(2026, 11, 30))]),
            2,
        )
        # a date range
        action = Wizard.create(
            dict(vals, period_type="range", date_from=date(2026, 11, 1), date_to=date(2026, 11, 5))
        ).action_generate()
        self.assertEqual(len(self.Statement.search(action["domain"])), 2)
        # only finance and HQ generate
        for user in (self.user_rep_a, self.user_region_east):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dms.dealer.statement.generate"].with_user(user).create(vals).action_generate()

    # ------------------------------------------------------------------
    # 2. Disputes resolved line by line
    # ------------------------------------------------------------------
    def test_dispute_resolve_accept_and_reject_then_confirm(self):
        self._invoice(self.dist_a, 500.0, date(2026, 11, 5))
        self._invoice(self.dist_a, 200.0, date(2026, 11, 6))
        statement = self._november()
        line_price, line_missing = self._invoice_lines(statement)
        dealer = statement.with_user(self.portal_a_user).sudo()
        dealer._dms_dispute_lines(line_price, "Price should be 450")
        dealer._dms_dispute_lines(line_missing, "Never received")
        self.assertEqual(statement.state, "disputed")
        finance = statement.with_user(self.user_finance)
        # separation: the dealer never resolves, finance never confirms
        with self.assertRaises(AccessError):
            dealer._dms_resolve_line(line_price, "accept", amount=-50.0)
        with self.assertRaises(AccessError):
            finance.action_dms_confirm(name="Finance", signature=SIGNATURE)
        # clear errors, nothing half-written
        with self.assertRaises(UserError):
            finance._dms_resolve_line(line_price, "accept", amount=0.0)
        with self.assertRaises(UserError):
            finance._dms_resolve_line(line_missing, "reject", reason="  ")
        self.assertTrue(line_price.disputed and line_missing.disputed)
        self.assertFalse(line_price.adjustment_move_id)
        # accept through the wizard: a credit note of 50
        self.env["dms.dealer.statement.resolve"].with_user(self.user_finance).create(
            {"line_id": line_price.id, "decision": "accept", "adjustment_type": "credit", "amount": 50.0}
        ).action_resolve()
        move = line_price.adjustment_move_id
        self.assertRecordValues(
            move,
            [
                {
                    "move_type": "out_refund",
                    "state": "posted",
                    "partner_id": self.dist_a.id,
                    "amount_total": 50.0,
                    "invoice_origin": statement.name,
                }
            ],
        )
        income = statement._dms_adjustment_journal().default_account_id
        receivable = self.dist_a.with_company(statement.company_id).property_account_receivable_id
        self.assertRecordValues(
            move.line_ids.sorted("debit"),
            [
                {"account_id": receivable.id, "debit": 0.0, "credit": 50.0, "partner_id": self.dist_a.id},
                {"account_id": income.id, "debit": 50.0, "credit": 0.0, "partner_id": self.dist_a.id},
            ],
        )
        self.assertRecordValues(
            line_price,
            [
                {
                    "disputed": False,
                    "resolution": "accepted",
                    "adjustment_amount": -50.0,
                    "resolved_by_id": self.user_finance.id,
                }
            ],
        )
        self.assertEqual(statement.state, "disputed", "one disputed line is still open")
        with self.assertRaises(UserError):
            finance._dms_resolve_line(line_price, "reject", reason="twice")
        # reject with a reason: every line resolved, the statement is sent again
        finance._dms_resolve_line(line_missing, "reject", reason="Delivery note signed on 6 Nov")
        self.assertRecordValues(
            line_missing,
            [{"disputed": False, "resolution": "rejected", "resolution_note": "Delivery note signed on 6 Nov"}],
        )
        self.assertFalse(line_missing.adjustment_move_id)
        self.assertEqual(statement.state, "sent")
        self.assertEqual(statement.agreed_balance, 650.0)
        transitions = (
            self.env["dms.workflow.log"]
            .search([("res_model", "=", statement._name), ("res_id", "=", statement.id)], order="id")
            .mapped("transition")
        )
        self.assertEqual(
            transitions[-5:], ["dispute", "dispute", "resolve_accept", "resolve_reject", "disputes_resolved"]
        )
        # a resolved line is not disputed again
        with self.assertRaises(UserError):
            dealer._dms_dispute_lines(line_price, "Still wrong")
        # confirmation needs the signature
        with self.assertRaises(UserError):
            dealer.action_dms_confirm(name="A User")
        with self.assertRaises(UserError):
            dealer.action_dms_confirm(signature=SIGNATURE)
        self.assertEqual(statement.state, "sent")
        dealer.action_dms_confirm(name="A User", signature=SIGNATURE)
        self.assertRecordValues(
            statement,
            [{"state": "confirmed", "signed_by": "A User", "confirmed_by_id": self.portal_a_user.id}],
        )
        self.assertTrue(statement.signature)
        self._check_immutable(statement)

    def _check_immutable(self, statement):
        closing = statement.closing_balance
        line = self._invoice_lines(statement)[0]
        finance = statement.with_user(self.user_finance)
        with self.assertRaises(UserError):
            statement.write({"signed_by": "Someone else"})
        with self.assertRaises(UserError):
            statement.write({"closing_balance": 1.0})
        with self.assertRaises(UserError):
            line.write({"resolution_note": "rewritten"})
        with self.assertRaises(UserError):
            finance.action_regenerate()
        with self.assertRaises(UserError):
            finance.action_reset_to_sent(reason="try")
        with self.assertRaises(UserError):
            statement.unlink()
        # generating the period again returns the confirmed statement untouched
        self._invoice(self.dist_a, 999.0, date(2026, 11, 25))
        self.assertEqual(self._november(), statement)
        self.assertEqual(statement.closing_balance, closing)
        self.assertEqual(statement.state, "confirmed")

    def test_debit_note_adjustment(self):
        self._invoice(self.dist_a, 500.0, date(2026, 11, 5))
        statement = self._november()
        line = self._invoice_lines(statement)
        statement.with_user(self.portal_a_user).sudo()._dms_dispute_lines(line, "Freight was not invoiced")
        statement.with_user(self.user_finance)._dms_resolve_line(line, "accept", amount=30.0, reason="Freight")
        move = line.adjustment_move_id
        income = statement._dms_adjustment_journal().default_account_id
        receivable = self.dist_a.with_company(statement.company_id).property_account_receivable_id
        self.assertRecordValues(move, [{"move_type": "out_invoice", "state": "posted", "amount_total": 30.0}])
        self.assertRecordValues(
            move.line_ids.sorted("debit"),
            [
                {"account_id": income.id, "debit": 0.0, "credit": 30.0},
                {"account_id": receivable.id, "debit": 30.0, "credit": 0.0},
            ],
        )
        self.assertEqual(statement.agreed_balance, 530.0)

    def test_reopen_regenerates_lines_and_keeps_resolutions(self):
        today = fields.Date.context_today(self.Statement)
        self._invoice(self.dist_a, 500.0, today)
        start, end = self.Statement._dms_parse_period(month=f"{today.year:04d}-{today.month:02d}")
        statement = self.Statement.with_user(self.user_finance)._dms_generate_on_demand(
            self.dist_a, start, end, send=True
        )
        line = self._invoice_lines(statement)
        statement.with_user(self.portal_a_user).sudo()._dms_dispute_lines(line, "Price should be 450")
        # regenerating a statement with open disputes is refused
        with self.assertRaises(UserError):
            self.Statement.with_user(self.user_finance)._dms_generate_on_demand(self.dist_a, start, end)
        statement.with_user(self.user_finance)._dms_resolve_line(line, "accept", amount=-50.0)
        self.assertEqual(statement.adjustment_total, -50.0)
        # finance reopens: the lines follow the books (the credit note is now a line of the period)
        statement.with_user(self.user_finance).action_reset_to_sent(reason="Credit note booked")
        self.assertEqual(statement.state, "sent")
        self.assertTrue(line.exists())
        self.assertEqual(line.resolution, "accepted", "the resolution stays with the line of the same entry")
        refund = statement.line_ids.filtered(lambda record: record.kind == "refund")
        self.assertEqual(refund.move_id, line.adjustment_move_id)
        self.assertEqual(statement.closing_balance, 450.0)
        self.assertEqual(statement.adjustment_total, 0.0, "the adjustment is shown by its own line")
        self.assertEqual(statement.agreed_balance, 450.0)

    def test_dispute_fields_only_through_the_workflow(self):
        self._invoice(self.dist_a, 500.0, date(2026, 11, 5))
        statement = self._november(send=False)
        line = self._invoice_lines(statement)
        for vals in ({"disputed": True}, {"resolution": "accepted"}, {"adjustment_amount": -5.0}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                line.with_user(self.user_finance).with_context(dms_workflow="dms_workflow_engine").write(vals)
        for vals in ({"signature": SIGNATURE}, {"signed_by": "x"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                statement.with_user(self.user_finance).write(vals)
        # an internal user never confirms on the dealer's behalf
        statement.with_user(self.user_finance).action_send()
        with self.assertRaises(AccessError):
            statement.with_user(self.user_hq).action_dms_confirm(name="HQ", signature=SIGNATURE)
