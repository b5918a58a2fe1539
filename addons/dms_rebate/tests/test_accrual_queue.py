# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Posting only queues the accrual; the triggered job books the invoices posted since its last run."""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsRebateCommon


class CrashError(Exception):
    pass


@tagged("post_install", "-at_install")
class TestAccrualQueue(DmsRebateCommon):
    def _queue(self, partner=None):
        domain = [("partner_id", "=", partner.id)] if partner else []
        return self.env["dms.rebate.accrual.queue"].search(domain)

    def test_posting_queues_and_the_job_books_once(self):
        cron = self.env.ref("dms_rebate.ir_cron_dms_rebate_accrual_queue")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        start = self.last_month_start
        invoice = self._invoice(self.dist_a, 3000.0, start, accrue=False)
        # nothing booked in the poster's request: one queue row and one trigger
        self.assertFalse(self._accrual(self.dist_a, start))
        self.assertRecordValues(self._queue(), [{"move_id": invoice.id, "partner_id": self.dist_a.id, "date": start}])
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        cron.method_direct_trigger()  # the scheduled action itself
        self.assertFalse(self._queue())
        self.assertRecordValues(self._accrual(self.dist_a, start), [{"amount_booked": 60.0, "basis": 3000.0}])
        # a rerun, or the job run again with nothing queued, books nothing more
        self._run_accruals()
        self.env["dms.rebate.accrual"]._cron_process_queue()
        self.assertEqual(len(self._accrual_moves(self.dist_a, start)), 1)

    def test_invoices_posted_since_the_last_run_are_batched(self):
        start = self.last_month_start
        for _i in range(6):
            self._invoice(self.dist_a, 500.0, start, accrue=False)
        for _i in range(3):
            self._invoice(self.sub_a, 500.0, start, accrue=False)
        self.assertEqual(len(self._queue()), 9)
        self.env["dms.rebate.accrual"]._cron_process_queue()
        # one entry per dealer and period, not one per invoice
        self.assertEqual(len(self._accrual_moves(self.dist_a, start)), 1)
        self.assertEqual(len(self._accrual_moves(self.sub_a, start)), 1)
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 60.0)
        self.assertEqual(self._accrual(self.sub_a, start).amount_booked, 30.0)
        # batches: the job takes a batch per call and goes on where it stopped
        for _i in range(5):
            self._invoice(self.dist_a, 1000.0, start, accrue=False)
        self.env["dms.rebate.accrual"]._cron_process_queue(batch_size=2)
        self.assertEqual(len(self._queue()), 3)
        # the accrual follows the books, not the queue rows: the first batch already books the period
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 8000.0 * 0.05)
        self._run_accruals()
        self.assertEqual(len(self._accrual_moves(self.dist_a, start)), 2)
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 8000.0 * 0.05)
        self.assertAlmostEqual(self._liability_balance(self.dist_a), -400.0)

    def test_reversed_and_cancelled_invoices_net_out(self):
        start = self.last_month_start
        invoice = self._invoice(self.dist_a, 3000.0, start)
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 60.0)
        # a full credit note (reversal), posted: the refund is queued and claws the accrual back
        invoice._reverse_moves(default_values_list=[{"date": start, "invoice_date": start}], cancel=True)
        self.assertTrue(self._queue(self.dist_a))
        self._run_accruals()
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 0.0)
        self.assertAlmostEqual(self._liability_balance(self.dist_a), 0.0)
        # reset to draft then cancelled: it nets out too
        other = self._invoice(self.sub_a, 2000.0, start)
        self.assertEqual(self._accrual(self.sub_a, start).amount_booked, 40.0)
        other.button_draft()
        other.button_cancel()
        self._run_accruals()
        self.assertEqual(self._accrual(self.sub_a, start).amount_booked, 0.0)
        self.assertAlmostEqual(self._liability_balance(self.sub_a), 0.0)

    def test_a_crashed_run_leaves_the_invoices_queued(self):
        start = self.last_month_start
        self._invoice(self.dist_a, 3000.0, start, accrue=False)
        Accrual = type(self.env["dms.rebate.accrual"])

        def crash(self_, accruals):
            raise CrashError()

        with patch.object(Accrual, "_after_book_hook", crash), self.assertRaises(CrashError):
            with self.env.cr.savepoint():
                self.env["dms.rebate.accrual"]._cron_process_queue()
        self.assertEqual(len(self._queue()), 1)
        self.assertFalse(self._accrual_moves(self.dist_a, start))
        self._run_accruals()
        self._run_accruals()
        self.assertEqual(len(self._accrual_moves(self.dist_a, start)), 1)
        self.assertEqual(self._accrual(self.dist_a, start).amount_booked, 60.0)

    def test_only_dealer_invoices_are_queued_and_clients_cannot_queue(self):
        customer = self.env["res.partner"].create({"name": "Walk-in", "is_company": True})
        self._invoice(customer, 1000.0, self.last_month_start, accrue=False)
        self.assertFalse(self._queue())
        # the skip key is for trusted server code only: a user's context still queues
        invoice = self._invoice(self.dist_a, 1000.0, self.last_month_start, post=False)
        invoice.with_user(self.user_finance).with_context(dms_rebate_skip_accrual=True).action_post()
        self.assertEqual(len(self._queue(self.dist_a)), 1)
        # the queue is written by posting only
        Queue = self.env["dms.rebate.accrual.queue"].with_user(self.user_finance)
        with self.assertRaises(AccessError):
            Queue.create({"partner_id": self.dist_a.id, "company_id": self.company.id, "date": self.today})
        with self.assertRaises(AccessError):
            Queue.search([]).unlink()

    def test_posting_query_budget(self):
        """Posting with dms_rebate costs two queries more than without, whatever the number of invoices."""

        def post(count, skip):
            moves = self.env["account.move"]
            for _i in range(count):
                moves |= self._invoice(self.dist_a, 100.0, self.last_month_start, post=False)
            # the same rights on both sides; the skip key works for trusted server code (sudo) only
            moves = moves.sudo().with_context(dms_rebate_skip_accrual=skip)
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            moves.action_post()
            self.env.flush_all()
            return self.cr.sql_log_count - start

        post(1, False)  # warm-up (xmlid of the cron, sequences)
        extra = []
        for count in (1, 5):
            without = post(count, True)
            with_rebate = post(count, False)
            extra.append(with_rebate - without)
        # the same bound for 1 and 5 invoices: the cost does not grow with their number
        self.assertLessEqual(max(extra), QUERIES_QUEUE, extra)


QUERIES_QUEUE = 4  # dealer flag of the partners, queue INSERT, cron active flag, trigger INSERT
