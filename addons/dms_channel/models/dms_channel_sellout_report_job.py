# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tools import workflow

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

#: files with more rows than this are posted by the background job (``ir.cron``), not in the request
#: (unless the system parameter ``dms_channel.sellout_async_rows`` says otherwise)
ASYNC_ROWS = 500
PORTAL = ("dms_dealer.group_dms_portal_user",)


class DmsChannelSelloutReport(models.Model):
    """Large uploads are posted in the background: queued (``posting…``), then posted or failed.

    The request checks every row (the dealer sees its errors at once), keeps the file on the
    report and queues it; the job re-reads and re-checks the file, creates the lines and posts
    them in ONE transaction per report (all or nothing): a crash leaves the report queued with
    nothing written, and the next run posts it. A report is taken under a row lock that a second
    worker skips, and only a queued report is posted: never twice. A check that fails at posting
    (the stock changed meanwhile) leaves the report failed with the reason, nothing posted; the
    same file sent again queues it again.
    """

    _inherit = "dms.channel.sellout.report"
    _workflow_protected_fields = ("date_posted", "post_error", "upload_file", "upload_filename", "upload_rows")

    state = fields.Selection(
        selection_add=[("queued", "Posting…"), ("failed", "Failed")],
        ondelete={"queued": "set default", "failed": "set default"},
    )
    post_error = fields.Text(string="Posting Error", readonly=True, copy=False)
    upload_file = fields.Binary(string="Uploaded File", attachment=True, readonly=True, copy=False)
    upload_filename = fields.Char(string="File Name", readonly=True, copy=False)
    upload_rows = fields.Integer(string="Rows Uploaded", readonly=True, copy=False)

    def _workflow_transitions(self):
        return super()._workflow_transitions() + [
            workflow.Transition("queue", ("draft",), "queued", PORTAL, workflow.OTHER, label=_lt("Post in background")),
            workflow.Transition("post", ("queued",), "posted", PORTAL, workflow.OTHER, label=_lt("Post")),
            workflow.Transition(
                "fail", ("queued",), "failed", ("base.group_system",), workflow.OTHER, label=_lt("Posting failed")
            ),
            workflow.Transition("requeue", ("failed",), "queued", PORTAL, workflow.OTHER, label=_lt("Post again")),
        ]

    @api.model
    def _sellout_async_rows(self):
        """Rows above which an upload is posted in the background (system parameter
        ``dms_channel.sellout_async_rows``, default 500)."""
        value = self.env["ir.config_parameter"].sudo().get_param("dms_channel.sellout_async_rows")
        try:
            return int(value) if value else ASYNC_ROWS
        except ValueError:
            return ASYNC_ROWS

    def _sellout_trigger_job(self):
        self.env.ref("dms_channel.ir_cron_dms_channel_sellout_post").sudo()._trigger()

    @api.model
    def _sellout_queue_file(self, dealer, key, content, filename, rows):
        """A report ``key`` of the calling dealer, queued with its file (no line yet)."""
        report = self.create({"dealer_id": dealer.id, "report_key": key, "date": fields.Date.context_today(self)})
        report._workflow_write(
            {"upload_file": base64.b64encode(content), "upload_filename": (filename or "")[:128], "upload_rows": rows}
        )
        report._workflow_apply("queue")
        report._sellout_trigger_job()
        return report

    def _sellout_requeue(self):
        self.ensure_one()
        self._workflow_apply("requeue", vals={"post_error": False})
        self._sellout_trigger_job()

    @api.model
    def _cron_post_queued(self, limit=1):
        """Post up to ``limit`` queued reports (one transaction per run: a run posts one whole file)."""
        self.flush_model(["state"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM dms_channel_sellout_report WHERE state = 'queued' ORDER BY id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                limit,
            )
        )
        reports = self.browse([row[0] for row in rows])._workflow_as_system()
        for report in reports:
            # the reasons of a refusal are written in the language of the dealer's user who uploaded the file
            lang = report.create_uid.lang or report.dealer_id.lang or self.env.lang
            report.with_context(lang=lang)._sellout_post_queued()
        remaining = self.search_count([("state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=len(reports), remaining=remaining)
        return reports

    def _sellout_post_queued(self):
        """Re-read, re-check and post the queued file; on a refusal, mark it failed with the reason."""
        self.ensure_one()
        dealer = self.dealer_id.commercial_partner_id
        try:
            with self.env.cr.savepoint():
                rows = self._sellout_read_file(base64.b64decode(self.upload_file or b""), self.upload_filename)
                checked = self._sellout_check(dealer, rows)
                self._sellout_raise_errors(checked)
                lines = [dict(vals, report_id=self.id) for vals in self._sellout_line_vals(dealer, checked)]
                self.env["dms.channel.sellout.report.line"].with_context(**{WORKFLOW_KEY: ENGINE}).create(lines)
                self.action_post()
        except (UserError, ValidationError) as error:
            self.env.invalidate_all()
            _logger.info("sell-out report %s not posted: %s", self.id, error.args[0])
            self._workflow_apply("fail", vals={"post_error": str(error.args[0])})
            return False
        return True
