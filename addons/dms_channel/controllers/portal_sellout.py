# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.dms_dealer.tools import spreadsheet
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import sellout_import
from .portal import DmsChannelPortal

#: good rows shown in the preview of a file without errors
PREVIEW_ROWS = 100
REPORTS_PER_PAGE = 20
#: columns of the downloadable template, in order
TEMPLATE_COLUMNS = ("code", "qty", "date", "store_name", "store_address", "store_zip")
#: example rows of the template (the dealer's product codes)
TEMPLATE_EXAMPLES = 50


class DmsChannelSelloutPortal(DmsChannelPortal):
    """Sell-out reported by the dealer's portal users: one line by form, many by spreadsheet.

    Everything runs as the portal user through ``dms.channel.sellout.report`` (its own dealer only);
    the upload preview writes no report (the file is kept server-side for its confirmation, bound to
    the user and a one-time key), the confirmation re-reads the same bytes and posts one report.
    """

    def _dms_sellout_model(self):
        Report = request.env["dms.channel.sellout.report"]
        try:
            Report._sellout_reporting_dealer()
        except (AccessError, UserError):
            raise Forbidden() from None
        return Report

    def _dms_sellout_render(self, template, **values):
        page = self._prepare_portal_layout_values()
        page.update(values)
        return request.render(template, page)

    @http.route("/my/channel/sellout/new", type="http", auth="user", website=True, methods=["GET"], readonly=True)
    def dms_channel_sellout_new(self, error=None, done=None, **kw):
        Report = self._dms_sellout_model()
        dealer = Report._sellout_reporting_dealer()
        _by_code, on_hand, products = Report._sellout_products(dealer)
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_new",
            page_name="dms_channel_sellout_new",
            products=products,
            on_hand=on_hand,
            token=uuid.uuid4().hex,
            error=error,
            done=done,
        )

    @http.route("/my/channel/sellout/new", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_sellout_new_post(self, token=None, product_id=None, **post):
        Report = self._dms_sellout_model()
        dealer = Report._sellout_reporting_dealer()
        by_code, _on_hand, _products = Report._sellout_products(dealer)
        code = next((c for c, pid in by_code.items() if str(pid) == str(product_id or "")), f"#{product_id}")
        row = {key: post.get(key) for key in ("qty", "date", "store_name", "store_address", "store_zip")}
        row["code"] = code
        token = "".join(ch for ch in (token or "") if ch.isalnum())[:40]
        try:
            if not token:
                raise UserError(request.env._("The form expired: open it again."))
            checked = Report._sellout_check(dealer, [(1, row)])
            labels = Report._sellout_error_labels()
            if checked[0]["errors"]:
                raise UserError(", ".join(labels[code] for code in checked[0]["errors"]))
            report, created = Report._sellout_post_checked(dealer, f"WEB-{token}", checked)
        except (UserError, ValidationError) as exc:
            return self._dms_sellout_render(
                "dms_channel.portal_my_channel_sellout_done",
                page_name="dms_channel_sellout_new",
                error=str(exc.args[0]),
                report=False,
                created=False,
            )
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_done",
            page_name="dms_channel_sellout_new",
            error=False,
            report=report.sudo(),
            created=created,
        )

    @http.route("/my/channel/sellout/upload", type="http", auth="user", website=True, methods=["GET"], readonly=True)
    def dms_channel_sellout_upload(self, **kw):
        self._dms_sellout_model()
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_upload",
            page_name="dms_channel_sellout_upload",
            rows=[],
            hidden=0,
            error=False,
            existing=False,
            data=False,
            filename=False,
            labels={},
        )

    @http.route("/my/channel/sellout/upload", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_sellout_upload_post(self, upload=None, **post):
        """Preview: every row with its errors; nothing is written."""
        Report = self._dms_sellout_model()
        values = {"rows": [], "hidden": 0, "error": False, "existing": False, "data": False, "filename": False}
        try:
            if not upload or not getattr(upload, "filename", None):
                raise UserError(request.env._("Choose a file to upload."))
            # read one byte past the cap: a larger file is refused without being read whole
            content = upload.read(sellout_import.MAX_BYTES + 1)
            _key, rows, existing = Report._sellout_preview_file(content, upload.filename)
            # every bad row, and the first good ones (a 10,000-row file is not sent back whole)
            shown = [row for row in rows if row["errors"]] or rows[:PREVIEW_ROWS]
            values.update(rows=shown, hidden=len(rows) - len(shown), existing=existing.sudo(), filename=upload.filename)
            if not existing and not any(row["errors"] for row in rows):
                # the file stays on the server: the confirmation sends its one-time key only
                values["data"] = Report._sellout_preview_store(content, upload.filename)
        except (UserError, ValidationError) as exc:
            values["error"] = str(exc.args[0])
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_upload",
            page_name="dms_channel_sellout_upload",
            labels=Report._sellout_error_labels(),
            **values,
        )

    @http.route("/my/channel/sellout/upload/confirm", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_sellout_upload_confirm(self, preview_key=None, **post):
        """Post the previewed file kept on the server (one-time key of this user): its bytes are checked
        again, its report key makes a re-sent file a no-op."""
        Report = self._dms_sellout_model()
        try:
            report, created = Report._sellout_post_preview(preview_key)
        except (UserError, ValidationError) as exc:
            return self._dms_sellout_render(
                "dms_channel.portal_my_channel_sellout_done",
                page_name="dms_channel_sellout_upload",
                error=str(exc.args[0]),
                report=False,
                created=False,
            )
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_done",
            page_name="dms_channel_sellout_upload",
            error=False,
            report=report.sudo(),
            created=created,
        )


class DmsChannelSelloutHistoryPortal(DmsChannelSelloutPortal):
    """The dealer's sell-out reports (history), one report's status and the upload template."""

    @http.route(
        "/my/channel/sellout/<int:report_id>", type="http", auth="user", website=True, methods=["GET"], readonly=True
    )
    def dms_channel_sellout_status(self, report_id, **kw):
        """One report of the user's dealer: posted, still posting (the page refreshes) or failed (why)."""
        Report = self._dms_sellout_model()
        dealer = Report._sellout_reporting_dealer()
        # searched as the portal user: the record rules and the dealer keep it to its own reports
        report = Report.search([("id", "=", report_id), ("dealer_id", "=", dealer.id)])
        if not report:
            raise NotFound()
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_done",
            page_name="dms_channel_sellout_history",
            error=False,
            report=report.sudo(),
            created=True,
        )

    @http.route(
        ["/my/channel/sellout", "/my/channel/sellout/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=True,
    )
    def dms_channel_sellout_history(self, page=1, **kw):
        Report = self._dms_sellout_model()
        dealer = Report._sellout_reporting_dealer()
        # searched as the portal user: the record rules keep it to what the user may read
        domain = [("dealer_id", "=", dealer.id)]
        pager = portal_pager(
            url="/my/channel/sellout", total=Report.search_count(domain), page=page, step=REPORTS_PER_PAGE
        )
        reports = Report.search(domain, limit=REPORTS_PER_PAGE, offset=pager["offset"])
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_history",
            page_name="dms_channel_sellout_history",
            reports=reports.sudo(),
            pager=pager,
        )

    @http.route(
        "/my/channel/sellout/template.xlsx", type="http", auth="user", website=True, methods=["GET"], readonly=True
    )
    def dms_channel_sellout_template(self, **kw):
        """An .xlsx with the header the upload reads and one example row per product held (codes only)."""
        Report = self._dms_sellout_model()
        dealer = Report._sellout_reporting_dealer()
        by_code, _on_hand, _products = Report._sellout_products(dealer)
        book, sheet = spreadsheet.new_workbook("sell-out")
        for col, key in enumerate(TEMPLATE_COLUMNS, start=1):
            spreadsheet.write_cell(sheet, 1, col, sellout_import.COLUMNS[key][0], bold=True, as_text=True)
        today = fields.Date.context_today(request.env.user).isoformat()
        for row, code in enumerate(sorted(by_code)[:TEMPLATE_EXAMPLES], start=2):
            spreadsheet.write_cell(sheet, row, 1, code, as_text=True)
            spreadsheet.write_cell(sheet, row, 2, "0", as_text=True)
            spreadsheet.write_cell(sheet, row, 3, today, as_text=True)
        return request.make_response(
            spreadsheet.workbook_bytes(book),
            headers=[
                ("Content-Type", spreadsheet.XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition("sellout-template.xlsx")),
            ],
        )
