# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sell-out posted in batches (one lock query, batched upserts and creates, priced per product) and
large uploads posted by a background job: queued, then posted or failed, never twice, all or nothing."""

import base64
import re
from datetime import date

from odoo import SUPERUSER_ID, api, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRaceMixin, DmsRpcMixin

from .common import DmsChannelMixin
from .test_channel_sellout_portal import HEADER, xlsx


@tagged("post_install", "-at_install")
class TestChannelSelloutBatch(DmsChannelMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls.product_tea.default_code = "J-TEA"
        cls.product_water.default_code = "J-WATER"
        cls._give_stock(cls.sub_a, cls.product_tea, 4.0, lot_name="L1", expiration_date=date(2030, 1, 1))
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0, lot_name="L2", expiration_date=date(2031, 1, 1))
        cls._give_stock(cls.sub_a, cls.product_water, 50.0)
        cls.env["ir.config_parameter"].sudo().set_param("dms_channel.sellout_async_rows", "3")

    def _moves(self, report):
        return self.env["dms.channel.stock.move"].sudo().search([("sellout_report_id", "=", report.id)])

    def _job(self):
        return self.env["dms.channel.sellout.report"]._cron_post_queued()

    def _count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    # ------------------------------------------------------------------
    # Batched posting
    # ------------------------------------------------------------------
    def test_fefo_over_lines_like_line_by_line(self):
        Report = self.env["dms.channel.sellout.report"]
        tea = self.product_tea.id
        report, created = Report._receive_report(
            self.sub_a, "BATCH-FEFO", [{"product_id": tea, "qty": q} for q in (3.0, 3.0, 2.0)]
        )
        self.assertTrue(created)
        lines = report.line_ids.sorted("id")
        taken = {
            (move.sellout_line_id, move.lot_name): move.qty for move in self._moves(report) if move.product_id.id == tea
        }
        self.assertEqual(
            taken,
            {(lines[0], "L1"): -3.0, (lines[1], "L1"): -1.0, (lines[1], "L2"): -2.0, (lines[2], "L2"): -2.0},
        )
        stock = (
            self.env["dms.channel.stock"].sudo().search([("dealer_id", "=", self.sub_a.id), ("product_id", "=", tea)])
        )
        self.assertEqual({row.lot_name: row.qty_on_hand for row in stock}, {"L1": 0.0, "L2": 6.0})
        self.assertLedgerConsistent()

    def test_beyond_stock_posts_nothing(self):
        Report = self.env["dms.channel.sellout.report"]
        lines = [{"product_id": self.product_water.id, "qty": 1.0}, {"product_id": self.product_tea.id, "qty": 15.0}]
        # as in a request: the refusal rolls back everything the call wrote
        with self.assertRaisesRegex(UserError, "channel stock"), self.env.cr.savepoint():
            Report._receive_report(self.sub_a, "BATCH-TOO-MUCH", lines)
        self.assertFalse(Report.search([("report_key", "=", "BATCH-TOO-MUCH")]))
        self.assertEqual(self._on_hand(self.sub_a, self.product_water), 50.0)

    def test_posting_queries_do_not_grow_with_lines(self):
        Report = self.env["dms.channel.sellout.report"]

        def post(key, count):
            lines = [
                {
                    "product_id": (self.product_tea if i % 2 else self.product_water).id,
                    "qty": 0.1,
                    "store_zip": "200001",
                }
                for i in range(count)
            ]
            return lambda: Report._receive_report(self.sub_a, key, lines)

        small = self._count_queries(post("BATCH-10", 10))
        large = self._count_queries(post("BATCH-60", 60))
        # lines are inserted in one batch, moves in one, rows upserted in one: a handful more at most
        self.assertLessEqual(large - small, 6, (small, large))
        self.assertLedgerConsistent()

    # ------------------------------------------------------------------
    # Background job
    # ------------------------------------------------------------------
    def _file(self, rows):
        return xlsx([HEADER] + [["J-WATER", qty, None, f"Shop {i}", None, None] for i, qty in enumerate(rows)])

    def test_large_upload_is_queued_then_posted_once(self):
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_sub_a)
        content = self._file([1, 2, 3, 4])
        report, created = Report._sellout_post_file(content, "big.xlsx")
        self.assertTrue(created)
        self.assertRecordValues(report.sudo(), [{"state": "queued", "upload_rows": 4, "qty_total": 0.0}])
        self.assertFalse(self._moves(report), "nothing posted in the request")
        cron = self.env.ref("dms_channel.ir_cron_dms_channel_sellout_post")
        self.assertTrue(self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)]))
        # the dealer cannot post, fail or fill its queued report itself
        self.assertRpcRefused(
            self.portal_sub_a, "dms.channel.sellout.report", "action_post", [report.id], exception="UserError"
        )
        self.assertRpcRefused(
            self.portal_sub_a, "dms.channel.sellout.report", "write", [report.id], {"state": "posted"}
        )
        self.assertRpcRefused(
            self.portal_sub_a,
            "dms.channel.sellout.report",
            "write",
            [report.id],
            {"upload_file": base64.b64encode(self._file([40])).decode()},
            context={"dms_workflow": "dms_workflow_engine"},
        )
        with self.assertRaises(UserError):
            self.env["dms.channel.sellout.report.line"].with_user(self.portal_sub_a).create(
                {"report_id": report.id, "product_id": self.product_water.id, "qty": 40.0}
            )
        # sent again while queued (double click): the same report
        again, created = Report._sellout_post_file(content, "big.xlsx")
        self.assertEqual((again, created), (report, False))
        # a crash in the middle of the job leaves the report queued, nothing written
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            self._job()
            self.assertEqual(report.sudo().state, "posted")
            _crash = 1 / 0
        self.env.invalidate_all()
        self.assertEqual(report.sudo().state, "queued")
        self.assertFalse(self._moves(report))
        self.assertEqual(self._job(), report)
        self.assertRecordValues(report.sudo(), [{"state": "posted", "qty_total": 10.0}])
        self.assertEqual(len(report.sudo().line_ids), 4)
        self.assertEqual(self._on_hand(self.sub_a, self.product_water), 40.0)
        # the job again, the file again: nothing counted twice
        self.assertFalse(self._job())
        self.assertEqual(Report._sellout_post_file(content, "big.xlsx"), (report, False))
        self.assertEqual(len(self._moves(report)), 4)
        self.assertLedgerConsistent()

    def test_stock_gone_meanwhile_fails_whole_then_posted_again(self):
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_sub_a)
        content = self._file([10, 10, 10, 10])
        report, _created = Report._sellout_post_file(content, "big.xlsx")
        # meanwhile the stock is sold by hand: 40 no longer fit
        self.env["dms.channel.sellout.report"]._receive_report(
            self.sub_a, "BY-HAND", [{"product_id": self.product_water.id, "qty": 20.0}]
        )
        self._job()
        self.assertRecordValues(report.sudo(), [{"state": "failed", "qty_total": 0.0}])
        self.assertIn("stock", report.sudo().post_error)
        self.assertFalse(self._moves(report))
        self.assertEqual(self._on_hand(self.sub_a, self.product_water), 30.0)
        # the status page says why; another dealer's user gets nothing
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open(f"/my/channel/sellout/{report.id}")
        self.assertIn("o_dms_sellout_failed", page.text)
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/channel/sellout/{report.id}").status_code, 404)
        # the dealer gets stock back and sends the same file: queued again, then posted
        self._give_stock(self.sub_a, self.product_water, 20.0)
        again, created = Report._sellout_post_file(content, "big.xlsx")
        self.assertEqual((again, created, report.sudo().state), (report, False, "queued"))
        self.assertFalse(report.sudo().post_error)
        self._job()
        self.assertRecordValues(report.sudo(), [{"state": "posted", "qty_total": 40.0}])
        self.assertEqual(self._on_hand(self.sub_a, self.product_water), 10.0)
        self.assertLedgerConsistent()

    def test_portal_shows_posting_then_the_result(self):
        content = self._file([1, 1, 1, 1, 1])
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        response = self.url_open(
            "/my/channel/sellout/upload",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"upload": ("big.xlsx", content)},
        )
        key = re.search(r'name="preview_key" value="([^"]+)"', response.text).group(1)
        response = self.url_open(
            "/my/channel/sellout/upload/confirm",
            data={"csrf_token": http.Request.csrf_token(self), "preview_key": key},
        )
        self.assertIn("o_dms_sellout_queued", response.text)
        report = self.env["dms.channel.sellout.report"].sudo().search([("dealer_id", "=", self.sub_a.id)])
        self.assertEqual(report.state, "queued")
        self._job()
        page = self.url_open(f"/my/channel/sellout/{report.id}")
        self.assertIn("o_dms_sellout_created", page.text)
        self.assertNotIn("o_dms_sellout_queued", page.text)


@tagged("post_install", "-at_install")
class TestChannelSelloutJobRace(DmsRaceMixin, TransactionCase):
    """Two job workers at once on two cursors: the queued file is posted once."""

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            dealer = env["res.partner"].create(
                {
                    "name": "Job Race Dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_state": "active",
                    "dealer_type": "distributor",
                    "dms_track_channel_stock": True,
                }
            )
            product = env["product.product"].create(
                {"name": "Job Race Water", "default_code": "JR-W", "type": "consu", "list_price": 2.0}
            )
            self.ids_ = {"dealer": dealer.id, "product": product.id}
            self.addCleanup(self._cleanup)
            env["dms.channel.stock.move"]._post(
                [{"dealer_id": dealer.id, "product_id": product.id, "qty": 100.0, "kind": "sell_in"}]
            )
            content = xlsx([HEADER] + [["JR-W", 1, None, None, None, None] for _i in range(3)])
            report = env["dms.channel.sellout.report"].create({"dealer_id": dealer.id, "report_key": "JOB-RACE"})
            report._workflow_write(
                {"upload_file": base64.b64encode(content), "upload_filename": "race.xlsx", "upload_rows": 3}
            )
            report._workflow_apply("queue")
            self.ids_["report"] = report.id

    def _cleanup(self):
        with self._race_committed() as env:
            cr = env.cr
            self._race_forget(env, "dms.channel.sellout.report", [self.ids_["report"]])
            for table in ("dms_channel_stock_move", "dms_channel_stock"):
                cr.execute(f"DELETE FROM {table} WHERE product_id = %s", [self.ids_["product"]])  # noqa: S608
            cr.execute("DELETE FROM dms_order_alert WHERE sellout_report_id = %s", [self.ids_["report"]])
            cr.execute("DELETE FROM dms_channel_sellout_report WHERE id = %s", [self.ids_["report"]])
            env["product.product"].browse(self.ids_["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids_["dealer"]).unlink()

    def test_two_workers_post_once(self):
        def work(env, _worker):
            return len(env["dms.channel.sellout.report"]._cron_post_queued())

        results = self._race_run(work, [1, 2])
        self.assertEqual(sorted(results.values()), [0, 1], results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.race_context)
            report = env["dms.channel.sellout.report"].browse(self.ids_["report"])
            self.assertEqual(report.state, "posted")
            moves = env["dms.channel.stock.move"].search([("sellout_report_id", "=", report.id)])
            self.assertEqual(sum(moves.mapped("qty")), -3.0)
            cr.rollback()
