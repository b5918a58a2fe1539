# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import PNG, DmsEngagementCommon

_logger = logging.getLogger(__name__)

#: queries of the /my tile counter "open tasks" as a portal user, the same for 1 and 6 tasks
OPEN_COUNT_QUERIES = 4
#: queries of each portal list page as a portal user, the same for 2 and 12 items (measured)
LIST_QUERIES = {"/my/announcements": 12, "/my/tasks": 11, "/my/knowledge": 14}


@tagged("post_install", "-at_install")
class TestEngagementPortal(DmsRpcMixin, DmsEngagementCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.for_a = cls._announcement(
            name="Lemon tea for A", partner_ids=[Command.set(cls.dist_a.ids)], ack_required=True
        )
        cls.for_b = cls._announcement(name="Price policy for B", partner_ids=[Command.set(cls.dist_b.ids)])
        cls.task = cls._task(territory_ids=[Command.set(cls.terr_hq.ids)])
        cls.assignment_a = cls.task.assignment_ids.filtered(lambda a: a.partner_id == cls.dist_a)
        cls.assignment_b = cls.task.assignment_ids.filtered(lambda a: a.partner_id == cls.dist_b)

    # ------------------------------------------------------------------
    # JSON-RPC as the portal user
    # ------------------------------------------------------------------
    def test_rpc_search_read_only_own(self):
        ids = {r["id"] for r in self.rpc(self.portal_a_user, "dms.announcement", "search_read", [], ["name"])}
        self.assertIn(self.for_a.id, ids)
        self.assertNotIn(self.for_b.id, ids)
        self.for_b.with_user(self.portal_b_admin)._dms_portal_open()
        receipts = self.rpc(self.portal_a_user, "dms.announcement.receipt", "search_read", [], ["partner_id"])
        self.assertEqual(receipts, [])
        rows = self.rpc(self.portal_a_user, "dms.engagement.assignment", "search_read", [], ["partner_id"])
        self.assertEqual([r["id"] for r in rows], self.assignment_a.ids)
        self.assertRpcRefused(self.portal_a_user, "dms.announcement", "read", self.for_b.ids, ["name"])
        self.assertRpcRefused(self.portal_a_user, "dms.engagement.assignment", "read", self.assignment_b.ids, ["name"])
        self.assertRpcRefused(self.portal_a_user, "dms.engagement.task", "search_read", [], ["name"])

    def test_rpc_writes_refused(self):
        self.for_a.with_user(self.portal_a_user)._dms_portal_open()
        receipt = self.for_a.receipt_ids
        forged = {"context": {"dms_workflow": "dms_workflow_engine"}}
        self.assertRpcRefused(
            self.portal_a_user, "dms.announcement.receipt", "write", receipt.ids, {"ack_date": "2026-01-01 00:00:00"}
        )
        self.assertRpcRefused(
            self.portal_a_user, "dms.engagement.assignment", "write", self.assignment_a.ids, {"state": "approved"}
        )
        self.assertRpcRefused(
            self.portal_a_user,
            "dms.engagement.assignment",
            "web_save",
            self.assignment_a.ids,
            {"state": "approved"},
            specification={},
            **forged,
        )
        self.assertRpcRefused(self.portal_a_user, "dms.engagement.assignment", "action_approve", self.assignment_a.ids)
        self.assertRpcRefused(
            self.portal_a_user,
            "dms.engagement.assignment",
            "copy",
            self.assignment_a.ids,
            exception=("AccessError", "UserError"),
        )
        # the HQ manager's client cannot write the state either, forged context or not
        self.assertRpcRefused(
            self.user_hq, "dms.engagement.assignment", "write", self.assignment_a.ids, {"state": "approved"}, **forged
        )
        # private methods are not reachable over RPC
        self.assertRpcRefused(
            self.portal_b_admin,
            "dms.engagement.assignment",
            "_dms_portal_submit",
            self.assignment_a.ids,
            "x",
            exception=("AccessError", "Exception"),
        )
        self.assertEqual(self.assignment_a.state, "open")
        self.assertFalse(receipt.ack_date)

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    def test_pages_of_another_dealer_are_not_found(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        for url in (f"/my/announcements/{self.for_b.id}", f"/my/tasks/{self.assignment_b.id}", "/my/tasks/999999"):
            self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 404, url)
        response = self.url_open(
            f"/my/tasks/{self.assignment_b.id}/submit",
            data={"csrf_token": self.csrf_token(), "proof_text": "not mine"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open(
            f"/my/announcements/{self.for_b.id}/ack", data={"csrf_token": self.csrf_token()}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.assignment_b.state, "open")
        self.assertFalse(self.for_b.receipt_ids)

    def csrf_token(self):
        from odoo.http import Request

        return Request.csrf_token(self)

    def test_read_ack_and_lists(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        response = self.url_open("/my/announcements")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lemon tea for A", response.text)
        self.assertNotIn("Price policy for B", response.text)
        self.assertIn("o_dms_unread", response.text)
        page = self.url_open(f"/my/announcements/{self.for_a.id}")
        self.assertEqual(page.status_code, 200)
        self.url_open(f"/my/announcements/{self.for_a.id}")
        self.assertEqual(len(self.for_a.receipt_ids), 1)
        self.assertEqual(self.for_a.receipt_ids.user_id, self.portal_a_user)
        self.url_open(f"/my/announcements/{self.for_a.id}/ack", data={"csrf_token": self.csrf_token()})
        self.assertTrue(self.for_a.receipt_ids.ack_date)
        self.assertNotIn("o_dms_unread", self.url_open("/my/announcements").text)
        tasks = self.url_open("/my/tasks")
        self.assertIn(f"/my/tasks/{self.assignment_a.id}", tasks.text)
        self.assertNotIn(f"/my/tasks/{self.assignment_b.id}", tasks.text)

    def test_knowledge_by_category_and_search(self):
        self._announcement(
            name="Lemon tea product sheet",
            announcement_type="product",
            category_id=self.category_product.id,
            partner_ids=[Command.set(self.dist_a.ids)],
        )
        self._announcement(
            name="Secret sheet of B", announcement_type="product", partner_ids=[Command.set(self.dist_b.ids)]
        )
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        page = self.url_open(f"/my/knowledge?category={self.category_product.id}")
        self.assertIn("Lemon tea product sheet", page.text)
        self.assertNotIn("Secret sheet of B", page.text)
        self.assertNotIn("Lemon tea for A", page.text, "a plain announcement is not in the knowledge base")
        self.assertIn("Lemon tea product sheet", self.url_open("/my/knowledge?search=product+sheet").text)
        self.assertNotIn("Lemon tea product sheet", self.url_open("/my/knowledge?search=nothing-like-it").text)

    def test_submit_proof_from_the_portal(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        response = self.url_open(
            f"/my/tasks/{self.assignment_a.id}/submit",
            data={"csrf_token": self.csrf_token(), "proof_text": "8 门店已检查"},
            files={"photos": ("fridge.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertRecordValues(self.assignment_a, [{"state": "submitted", "proof_text": "8 门店已检查"}])
        self.assertEqual(len(self.assignment_a.proof_attachment_ids), 1)
        # double click: the second post is refused and changes nothing
        again = self.url_open(
            f"/my/tasks/{self.assignment_a.id}/submit",
            data={"csrf_token": self.csrf_token(), "proof_text": "again"},
            allow_redirects=False,
        )
        self.assertIn("error=", again.headers["Location"])
        self.assertEqual(self.assignment_a.proof_text, "8 门店已检查")

    def test_photo_checked_and_capped(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        response = self.url_open(
            f"/my/tasks/{self.assignment_a.id}/submit",
            data={"csrf_token": self.csrf_token(), "proof_text": "x"},
            files={"photos": ("evil.svg", b"<svg onload=alert(1)>", "image/svg+xml")},
            allow_redirects=False,
        )
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self.assignment_a.state, "open")
        big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (6 * 5 * 1024 * 1024 + 200 * 1024)
        response = self.url_open(
            f"/my/tasks/{self.assignment_a.id}/submit",
            data={"csrf_token": self.csrf_token(), "proof_text": "x"},
            files={"photos": ("big.png", big, "image/png")},
            allow_redirects=False,
        )
        # refused by the route's max_content_length before the body is parsed
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self.assignment_a.state, "open")
        self.assertFalse(self.assignment_a.proof_attachment_ids)

    def test_attachments_follow_the_announcement(self):
        attachment = self.env["ir.attachment"].create({"name": "poster.pdf", "raw": b"%PDF-1.4 poster"})
        self.for_a.with_user(self.user_hq).attachment_ids = [Command.set(attachment.ids)]
        self.assertEqual((attachment.res_model, attachment.res_id), ("dms.announcement", self.for_a.id))
        secret = self.env["ir.attachment"].create({"name": "b.pdf", "raw": b"%PDF-1.4 b"})
        self.for_b.with_user(self.user_hq).attachment_ids = [Command.set(secret.ids)]
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        page = self.url_open(f"/my/announcements/{self.for_a.id}").text
        # portal users download through the attachment's token, shown only to the dealers it is for
        self.assertIn(attachment.access_token, page)
        self.assertNotIn(secret.access_token, page)
        url = f"/web/content/{attachment.id}?download=true&access_token={attachment.access_token}"
        self.assertEqual(self.url_open(url).status_code, 200)
        self.assertIn(self.url_open(f"/web/content/{secret.id}?download=true").status_code, (403, 404))

    def test_home_counters(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["dms_announcement_unread_count", "dms_task_open_count"]}
        )
        self.assertEqual(counters["dms_task_open_count"], 1)
        self.assertGreaterEqual(counters["dms_announcement_unread_count"], 1)
        self.assertIn("/my/announcements", self.url_open("/my").text)


@tagged("post_install", "-at_install")
class TestEngagementPortalQueries(DmsEngagementCommon, HttpCase):
    def _page_queries(self, url):
        self.url_open(url)  # warm: the first request also sends pending bus notifications
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response

    def test_lists_cost_the_same_for_few_and_many(self):
        for index in range(2):
            self._announcement(
                name=f"Few {index}",
                announcement_type="product",
                category_id=self.category_product.id,
                partner_ids=[Command.set(self.dist_a.ids)],
            )
            self._task(name=f"Few task {index}", partner_ids=[Command.set(self.dist_a.ids)])
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        few = {url: self._page_queries(url) for url in ("/my/announcements", "/my/tasks", "/my/knowledge")}
        self.assertEqual(few["/my/announcements"][1].text.count("o_dms_announcement_row"), 2)
        for index in range(10):
            announcement = self._announcement(
                name=f"Many {index}",
                announcement_type="product",
                category_id=self.category_product.id,
                partner_ids=[Command.set(self.dist_a.ids)],
            )
            if index % 2:
                announcement.with_user(self.portal_a_user)._dms_portal_open()
            self._task(name=f"Many task {index}", partner_ids=[Command.set(self.dist_a.ids)])
        for url, (count, _response) in few.items():
            many, response = self._page_queries(url)
            self.assertEqual(count, many, f"{url} costs the same for 2 and 12 items")
            self.assertLessEqual(count, LIST_QUERIES[url], url)
            _logger.info("dms_engagement %s: %s queries for 2 and for 12 items", url, count)
        self.assertEqual(response.text.count("o_dms_announcement_row"), 12, "every knowledge item of the dealer")
        self.assertEqual(
            self._page_queries("/my/tasks")[1].text.count("o_dms_task_row"), 12, "every open task of the dealer"
        )

    def test_open_task_count_constant_queries(self):
        Assignment = self.env["dms.engagement.assignment"].with_user(self.portal_a_user)
        self._task(name="one", partner_ids=[Command.set(self.dist_a.ids)])
        counts = []
        for total in (1, 6):
            while len(Assignment.search([])) < total:
                self._task(name=f"more {total}", partner_ids=[Command.set(self.dist_a.ids)])
            Assignment._dms_portal_open_count()
            self.env.invalidate_all()
            with self.assertQueryCount(OPEN_COUNT_QUERIES):
                counts.append(Assignment._dms_portal_open_count())
        self.assertEqual(counts, [1, 6])


@tagged("post_install", "-at_install")
class TestEngagementPortalChinese(DmsEngagementCommon, HttpCase):
    """A zh_CN dealer user reads the pages in Chinese."""

    def test_pages_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dms_portal", "dms_engagement"], ["zh_CN"], overwrite=True)
        self.portal_a_user.lang = "zh_CN"
        announcement = self._announcement(name="价格政策调整通知", ack_required=True)
        task = self._task(partner_ids=[Command.set(self.dist_a.ids)])
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self.assertIn("我已阅读并知悉", self.url_open(f"/my/announcements/{announcement.id}").text)
        page = self.url_open(f"/my/tasks/{task.assignment_ids.id}").text
        self.assertIn("门店检查", page)
        self.assertIn("提交完成凭证", page)
        self.assertIn("知识库", self.url_open("/my/knowledge").text)
