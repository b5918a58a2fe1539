# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Statements in the portal, attacked as a client would: HTTP routes, JSON-RPC, tokens; and the tour."""

import json
from datetime import date

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsPortalMixin
from .test_statement_on_demand import SIGNATURE


class StatementHttpMixin:
    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _post(self, url, data=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    def _json(self, url, params):
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        return self.url_open(url, data=payload, headers={"Content-Type": "application/json"}).json()

    @classmethod
    def _book_invoice(cls, partner, amount, day):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
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


@tagged("post_install", "-at_install")
class TestStatementPortal(StatementHttpMixin, DmsPortalMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()
        for dealer in (cls.dist_a, cls.sub_a, cls.dist_b):
            cls._book_invoice(dealer, 500.0, date(2026, 11, 5))
        cls.Statement = cls.env["dms.dealer.statement"]
        cls.st_b = cls.Statement.with_user(cls.user_finance)._dms_generate_on_demand(
            cls.dist_b, date(2026, 11, 1), date(2026, 11, 30), send=True
        )

    def _own(self, partner):
        return self.Statement.search([("partner_id", "=", partner.id), ("date_from", "=", date(2026, 11, 1))])

    def test_portal_generates_its_own_statement_only(self):
        self._login(self.portal_a_admin)
        # a forged party is ignored: the dealer is the session's company
        response = self._post(
            "/my/dms/statements/generate",
            {"month": "2026-11", "partner_id": self.sub_a.id, "customer_id": self.dist_b.id},
        )
        self.assertEqual(response.status_code, 303)
        statement = self._own(self.dist_a)
        self.assertEqual(len(statement), 1)
        self.assertIn(f"/my/dms/statements/{statement.id}", response.headers["Location"])
        self.assertRecordValues(statement, [{"name": f"Statement {self.dist_a.ref} 2026-11", "state": "sent"}])
        self.assertFalse(self._own(self.sub_a), "an administrator never generates a downstream statement")
        self.assertEqual(self._own(self.dist_b), self.st_b)
        # again (double click): regenerated, not duplicated
        self._post("/my/dms/statements/generate", {"month": "2026-11"})
        self.assertEqual(self._own(self.dist_a), statement)
        # a date range
        self._post("/my/dms/statements/generate", {"date_from": "2026-11-03", "date_to": "2026-11-09"})
        ranged = self.Statement.search([("partner_id", "=", self.dist_a.id), ("date_from", "=", date(2026, 11, 3))])
        self.assertEqual(ranged.name, f"Statement {self.dist_a.ref} 2026-11-03 – 2026-11-09")
        # bad input: a clear message, nothing created
        count = self.Statement.search_count([])
        for data in ({"month": "2099-01"}, {"month": "junk"}, {}):
            with self.subTest(data=data):
                response = self._post("/my/dms/statements/generate", data)
                self.assertIn("/my/dms/statements?error=", response.headers["Location"])
        self.assertEqual(self.Statement.search_count([]), count)
        # logged out: a login page, nothing generated
        self._login(None)
        response = self._post("/my/dms/statements/generate", {"month": "2026-10"})
        self.assertIn("/web/login", response.headers.get("Location", ""))
        self.assertFalse(self.Statement.search([("date_from", "=", date(2026, 10, 1))]))

    def test_portal_cannot_generate_over_json_rpc(self):
        user = self.portal_a_user
        self.assertRpcRefused(
            user,
            "dms.dealer.statement",
            "create",
            {"partner_id": self.dist_b.id, "date_from": "2026-10-01", "date_to": "2026-10-31"},
        )
        self.assertRpcRefused(
            user, "dms.dealer.statement.generate", "create", {"partner_ids": [Command.set(self.dist_b.ids)]}
        )
        self.assertRpcRefused(
            user, "dms.dealer.statement", "_dms_generate_on_demand", self.dist_b.id, "2026-10-01", "2026-10-31"
        )
        self.assertRpcRefused(user, "dms.dealer.statement", "action_regenerate", self.st_b.ids)
        self.assertFalse(self.Statement.search([("date_from", "=", date(2026, 10, 1))]))

    def test_other_dealer_cannot_act_on_statement(self):
        statement = self.st_b
        line = statement.line_ids.filtered(lambda record: record.kind == "invoice")
        token = statement._portal_ensure_token()
        for user in (self.portal_a_admin, self.portal_a_user, self.portal_sub_a):
            with self.subTest(user=user.login):
                self._login(user)
                self.assertEqual(self.url_open(f"/my/dms/statements/{statement.id}").status_code, 404)
                self.assertEqual(self.url_open(f"/my/dms/statements/{statement.id}?report_type=pdf").status_code, 404)
                response = self._post(
                    f"/my/dms/statements/{statement.id}/dispute", {"line_id": line.id, "comment": "not mine"}
                )
                self.assertEqual(response.status_code, 404)
                result = self._json(f"/my/dms/statements/{statement.id}/sign", {"name": "Mole", "signature": SIGNATURE})
                self.assertIn("error", result["result"])
                # even holding the token, a logged-in other dealer does not act
                result = self._json(
                    f"/my/dms/statements/{statement.id}/sign",
                    {"access_token": token, "name": "Mole", "signature": SIGNATURE},
                )
                self.assertIn("error", result["result"])
                for method, args in (
                    ("action_dms_confirm", ()),
                    ("action_regenerate", ()),
                    ("action_reset_to_sent", ()),
                    ("_dms_dispute_lines", (line.ids, "x")),
                    ("_dms_resolve_line", (line.ids, "reject")),
                ):
                    self.assertRpcRefused(user, "dms.dealer.statement", method, statement.ids, *args)
                self.assertRpcRefused(
                    user,
                    "dms.dealer.statement.line",
                    "write",
                    line.ids,
                    {"disputed": True, "dispute_comment": "x"},
                    exception=("AccessError", "UserError"),
                )
        self.assertEqual(statement.state, "sent")
        self.assertFalse(line.disputed)
        # the dealer itself, without a session, with its token: a signature is required
        self._login(None)
        result = self._json(f"/my/dms/statements/{statement.id}/sign", {"access_token": token, "name": "B"})
        self.assertIn("error", result["result"])
        self.assertEqual(statement.state, "sent")

    def test_sign_confirms_and_pdf_has_both_seals(self):
        self._login(self.portal_a_user)
        self._post("/my/dms/statements/generate", {"month": "2026-11"})
        statement = self._own(self.dist_a)
        # the finance user cannot confirm in the back office either
        self.assertRpcRefused(
            self.user_finance,
            "dms.dealer.statement",
            "action_dms_confirm",
            statement.ids,
            name="Finance",
            signature=SIGNATURE,
        )
        self._login(self.portal_a_user)
        url = f"/my/dms/statements/{statement.id}/sign"
        for params in ({"name": "A User"}, {"name": "", "signature": SIGNATURE}, {"name": "A", "signature": "@@"}):
            with self.subTest(params=params):
                result = self._json(url, params)
                self.assertIn("error", result["result"])
        self.assertEqual(statement.state, "sent")
        result = self._json(url, {"name": "A User", "signature": SIGNATURE})
        self.assertIn("redirect_url", result["result"])
        self.assertRecordValues(statement, [{"state": "confirmed", "signed_by": "A User"}])
        self.assertTrue(statement.signature)
        # a second signature changes nothing
        result = self._json(url, {"name": "Other", "signature": SIGNATURE})
        self.assertIn("error", result["result"])
        self.assertEqual(statement.signed_by, "A User")
        page = self.url_open(statement.get_portal_url())
        self.assertIn("o_dms_statement_signature", page.text)
        # the PDF's HTML: both parties' seal blocks and the signature
        html = self.url_open(f"/my/dms/statements/{statement.id}?report_type=html").text
        for marker in ("o_dms_seal_company", "o_dms_seal_dealer", "o_dms_statement_signature"):
            self.assertIn(marker, html)
        self.assertIn(statement.company_id.name, html)
        self.assertIn(self.dist_a.name, html)
        report = self.env["ir.actions.report"]._get_report_from_name("dms_portal.report_dms_dealer_statement")
        self.assertEqual(report.paperformat_id.format, "A4")
        rendered = self.env["ir.actions.report"]._render_qweb_html(report, statement.ids)[0].decode()
        self.assertEqual(rendered.count("o_dms_seal_"), 3, "seal blocks of both parties (one wrapper)")


@tagged("post_install", "-at_install")
class TestStatementTour(StatementHttpMixin, DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        cls._book_invoice(cls.dist_a, 500.0, date(2026, 11, 5))

    def test_tour_generate_dispute_resolve_sign(self):
        self.start_tour("/my/dms/statements", "dms_portal_statement_generate_dispute", login=self.portal_a_user.login)
        statement = self.env["dms.dealer.statement"].search([("partner_id", "=", self.dist_a.id)])
        self.assertEqual(len(statement), 1)
        self.assertEqual(statement.state, "disputed")
        line = statement.line_ids.filtered("disputed")
        self.assertEqual(line.dispute_comment, "Price should be 450")
        # finance resolves in the back office
        statement.with_user(self.user_finance)._dms_resolve_line(line, "accept", amount=-50.0, reason="Agreed")
        self.assertEqual(statement.state, "sent")
        self.start_tour("/my/dms/statements", "dms_portal_statement_sign", login=self.portal_a_user.login)
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.portal_a_user)
        self.assertTrue(statement.signature)
        self.assertTrue(statement.signed_by)
