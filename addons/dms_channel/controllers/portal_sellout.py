# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
import uuid

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..tools import sellout_import
from .portal import DmsChannelPortal


class DmsChannelSelloutPortal(DmsChannelPortal):
    """Sell-out reported by the dealer's portal users: one line by form, many by spreadsheet.

    Everything runs as the portal user through ``dms.channel.sellout.report`` (its own dealer only);
    the upload preview writes nothing, the confirmation re-reads the same bytes and posts one report.
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
        values = {"rows": [], "error": False, "existing": False, "data": False, "filename": False}
        try:
            if not upload or not getattr(upload, "filename", None):
                raise UserError(request.env._("Choose a file to upload."))
            # read one byte past the cap: a larger file is refused without being read whole
            content = upload.read(sellout_import.MAX_BYTES + 1)
            _key, rows, existing = Report._sellout_preview_file(content, upload.filename)
            values.update(rows=rows, existing=existing.sudo(), filename=upload.filename)
            if not existing and not any(row["errors"] for row in rows):
                values["data"] = base64.b64encode(content).decode()
        except (UserError, ValidationError) as exc:
            values["error"] = str(exc.args[0])
        return self._dms_sellout_render(
            "dms_channel.portal_my_channel_sellout_upload",
            page_name="dms_channel_sellout_upload",
            labels=Report._sellout_error_labels(),
            **values,
        )

    @http.route("/my/channel/sellout/upload/confirm", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_sellout_upload_confirm(self, data=None, filename=None, **post):
        """Post the previewed file: its bytes are read and checked again, its key makes a re-post a no-op."""
        Report = self._dms_sellout_model()
        try:
            encoded = (data or "").encode()
            if len(encoded) > (sellout_import.MAX_BYTES + 2) * 4 // 3 + 4:
                raise UserError(request.env._("The file is too large."))
            try:
                content = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise UserError(request.env._("The file was damaged: upload it again.")) from None
            report, created = Report._sellout_post_file(content, filename or "")
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
