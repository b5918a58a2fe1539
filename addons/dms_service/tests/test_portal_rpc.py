# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin
from odoo.addons.dms_portal.tools import photos

from .common import DmsServiceMixin

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestServicePortalRpc(DmsServiceMixin, DmsRpcMixin, HttpCase):
    """What a dealer's client, a forwarded link and a hostile script can do over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_service()

    # ------------------------------------------------------------------
    # JSON-RPC
    # ------------------------------------------------------------------
    def test_state_and_sla_fields_cannot_be_written_by_a_client(self):
        ticket = self._ticket()
        model = "dms.service.ticket"
        for user in (self.portal_a_user, self.agent_1, self.user_hq):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, model, "write", ticket.ids, {"state": "solved"})
                self.assertRpcRefused(
                    user, model, "web_save", ticket.ids, {"state": "closed"}, specification={"state": {}}
                )
                self.assertRpcRefused(user, model, "write", ticket.ids, {"resolution_breached": False})
                # the engine's mark sent as text is just text
                self.assertRpcRefused(
                    user,
                    model,
                    "write",
                    ticket.ids,
                    {"state": "closed"},
                    context={"dms_workflow": "dms_workflow_engine"},
                )
        self.assertRpcRefused(
            self.portal_a_user,
            model,
            "create",
            [{"subject": "x", "partner_id": self.dist_a.id, "category_id": self.cat_quality.id, "state": "solved"}],
        )
        self.assertRpcRefused(
            self.portal_a_user,
            model,
            "create",
            [
                {
                    "subject": "x",
                    "partner_id": self.dist_a.id,
                    "category_id": self.cat_quality.id,
                    "open_date": "2020-01-01",
                }
            ],
        )
        # a default_state in the context is dropped: the ticket starts new
        new_id = self.rpc(
            self.portal_a_user,
            model,
            "create",
            [{"subject": "ctx", "partner_id": self.dist_a.id, "category_id": self.cat_quality.id}],
            context={"default_state": "closed", "default_response_breached": True},
        )
        created = self.env[model].browse(new_id)
        self.assertEqual((created.state, created.response_breached), ("new", False))
        # the client's own assignment, contact and photo links are ignored
        foreign = self.env["ir.attachment"].create({"name": "secret.png", "raw": PNG, "res_model": "res.partner"})
        new_id = self.rpc(
            self.portal_a_user,
            model,
            "create",
            [
                {
                    "subject": "forged",
                    "partner_id": self.dist_a.id,
                    "category_id": self.cat_quality.id,
                    "user_id": self.user_hq.id,
                    "contact_id": self.portal_b_admin.partner_id.id,
                    "photo_ids": [(6, 0, foreign.ids)],
                }
            ],
        )
        created = self.env[model].browse(new_id)
        self.assertNotEqual(created.user_id, self.user_hq)
        self.assertEqual(created.contact_id, self.portal_a_user.partner_id)
        self.assertFalse(created.photo_ids)
        # staff steps and private methods
        self.assertRpcRefused(self.portal_a_user, model, "action_solve", ticket.ids)
        self.assertRpcRefused(self.portal_a_user, model, "_workflow_write", ticket.ids, {"state": "closed"})
        self.assertRpcRefused(self.portal_a_user, model, "_cron_dms_check_sla")
        self.assertRpcRefused(self.portal_b_admin, model, "action_cancel", ticket.ids, reason="x")
        self.assertEqual(ticket.state, "new")

    def test_copy_and_other_dealers(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).action_solve()
        model = "dms.service.ticket"
        self.assertRpcRefused(self.portal_b_admin, model, "copy", ticket.ids)
        self.assertRpcRefused(self.portal_b_admin, model, "read", ticket.ids, ["subject"])
        self.assertEqual(self.rpc(self.portal_b_admin, model, "search_count", []), 0)
        # the dealer's own copy is a new ticket, nothing of the solution comes with it
        copy_ids = self.rpc(self.portal_a_user, model, "copy", ticket.ids)
        copy = self.env[model].browse(copy_ids)
        self.assertEqual(copy.state, "new")
        self.assertFalse(copy.solved_date or copy.rating_ids)

    def test_rating_over_rpc_and_through_the_chatter(self):
        ticket = self._ticket()
        model = "dms.service.ticket"
        self.assertRpcRefused(self.portal_a_user, model, "action_dms_rate", ticket.ids, 5, exception="UserError")
        ticket.with_user(self.agent_1).action_solve()
        self.assertRpcRefused(self.portal_b_admin, model, "action_dms_rate", ticket.ids, 1)
        self.assertRpcRefused(self.agent_1, model, "action_dms_rate", ticket.ids, 1)
        # the rating module lets a chatter post carry a rating: not on tickets
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": model,
                    "thread_id": ticket.id,
                    "post_data": {"body": "1 star", "message_type": "comment", "rating_value": 1},
                },
            )
        self.assertFalse(ticket.rating_ids)
        self.rpc(self.portal_a_user, model, "action_dms_rate", ticket.ids, 5)
        self.assertEqual((ticket.state, ticket.rating_last_value), ("closed", 5.0))
        self.assertRpcRefused(self.portal_a_user, model, "action_dms_rate", ticket.ids, 1, exception="UserError")
        self.assertEqual(ticket.rating_last_value, 5.0)

    # ------------------------------------------------------------------
    # Portal pages
    # ------------------------------------------------------------------
    def test_portal_list_new_and_photo_cap(self):
        own = self._ticket(subject="Own ticket of A")
        self._ticket(user=self.portal_b_admin, subject="Ticket of B")
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        home = self.url_open("/my")
        self.assertIn("/my/tickets", home.text)
        listing = self.url_open("/my/tickets")
        self.assertIn("Own ticket of A", listing.text)
        self.assertNotIn("Ticket of B", listing.text)
        page = self.url_open(f"/my/tickets/{own.id}")
        self.assertIn("o_dms_ticket_subject", page.text)
        form = self.url_open("/my/tickets/new")
        self.assertIn("o_dms_ticket_form", form.text)
        csrf = http.Request.csrf_token(self)
        Ticket = self.env["dms.service.ticket"]
        before = Ticket.search_count([])
        base = {"csrf_token": csrf, "category_id": self.cat_quality.id, "subject": "瓶盖漏液"}
        response = self.url_open(
            "/my/tickets/new", data=base, files={"photos": ("x.pdf", b"%PDF-1.4", "application/pdf")}
        )
        self.assertIn("o_dms_ticket_error", response.text)
        big = PNG + b"\x00" * (photos.MAX_PHOTO_BYTES + 1)
        response = self.url_open("/my/tickets/new", data=base, files={"photos": ("big.png", big, "image/png")})
        self.assertIn("o_dms_ticket_error", response.text)
        response = self.url_open("/my/tickets/new", data=dict(base, order_id=self.order_b.id))
        self.assertIn("o_dms_ticket_error", response.text)
        self.assertEqual(Ticket.search_count([]), before, "nothing half-written")
        response = self.url_open(
            "/my/tickets/new", data=dict(base, order_id=self.order_a.id), files={"photos": ("p.png", PNG, "image/png")}
        )
        self.assertIn("o_dms_ticket_created", response.text)
        ticket = Ticket.search([], limit=1)
        self.assertEqual((ticket.partner_id, ticket.order_id, ticket.subject), (self.dist_a, self.order_a, "瓶盖漏液"))
        self.assertEqual(ticket.photo_ids.mimetype, "image/png")
        self.assertIn(ticket.user_id, self.agent_1 | self.agent_2)

    def test_dealer_reply_in_the_portal_chatter_resumes_the_ticket(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).action_ask_dealer()
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "dms.service.ticket",
                "thread_id": ticket.id,
                "post_data": {"body": "照片已补充", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
            },
        )
        self.assertEqual(ticket.state, "in_progress")

    def test_token_link_shows_that_ticket_only_and_cannot_act(self):
        ticket = self._ticket(subject="Forwarded ticket")
        other = self._ticket(subject="Other ticket")
        ticket.with_user(self.agent_1).action_ask_dealer()
        token = ticket.sudo()._portal_ensure_token()
        self.authenticate(None, None)
        page = self.url_open(f"/my/tickets/{ticket.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Forwarded ticket", page.text)
        self.assertNotIn("o_dms_ticket_rate", page.text)
        self.assertNotIn("o_dms_ticket_cancel", page.text)
        elsewhere = self.url_open(f"/my/tickets/{other.id}?access_token={token}")
        self.assertNotIn("Other ticket", elsewhere.text)
        self.assertIn("/web/login", elsewhere.url)
        # replayed without a session: no step, no rating, no state change by a message
        for path, data in (("cancel", {"reason": "x"}), ("rate", {"rate": "1"}), ("reopen", {"reason": "x"})):
            response = self.url_open(f"/my/tickets/{ticket.id}/{path}?access_token={token}", data=data)
            self.assertIn("/web/login", response.url)
        self.assertEqual(ticket.state, "waiting")
        with self.assertRaises(JsonRpcException):
            self.rpc(None, "dms.service.ticket", "action_cancel", ticket.ids, reason="x")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "dms.service.ticket",
                "thread_id": ticket.id,
                "post_data": {"body": "via link", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
                "token": token,
            },
        )
        self.assertEqual(ticket.state, "waiting", "a message through a link does not answer for the dealer")
        # another dealer's logged-in user holding the link reads it but cannot act
        ticket.with_user(self.agent_1).action_solve()
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        response = self.url_open(
            f"/my/tickets/{ticket.id}/rate", data={"rate": "1", "csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(ticket.rating_ids)
