# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal pages of the engagement center: announcements (公告), knowledge base (知识库), tasks (任务中心).

Every list is searched as the portal user (record rules: published, live and targeted at its
dealer; its own assignments); every detail page checks read access as the user first and answers
404 for anything else.
"""

from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal
from odoo.addons.dms_portal.tools import photos as photos_rules
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import engagement

PER_PAGE = 20
#: largest proof form accepted: werkzeug refuses a bigger body (413) before anything parses it
PROOF_MAX_BODY = photos_rules.body_limit(engagement.MAX_PHOTOS)


class DmsEngagementPortal(DmsPortal):
    # ------------------------------------------------------------------
    # Home tiles (counters are fetched by /my/counters, a readonly route)
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_announcement_unread_count" in counters:
            values["dms_announcement_unread_count"] = request.env["dms.announcement"]._dms_portal_unread_count()
        if "dms_task_open_count" in counters:
            values["dms_task_open_count"] = request.env["dms.engagement.assignment"]._dms_portal_open_count()
        return values

    def _dms_check_record(self, model, record_id):
        """The record if the portal user may read it, else 404 (existence is not revealed)."""
        record = request.env[model].browse(record_id)
        try:
            if not record.exists():
                raise MissingError(request.env._("This page does not exist."))
            record.check_access("read")
        except (AccessError, MissingError):
            raise NotFound() from None
        return record

    def _dms_receipts(self, announcements):
        """{announcement id: receipt} of the user's dealer (searched as the user: its own only)."""
        receipts = request.env["dms.announcement.receipt"].search_fetch(
            [("announcement_id", "in", announcements.ids)], ["announcement_id", "ack_date"]
        )
        return {receipt.announcement_id.id: receipt for receipt in receipts}

    # ------------------------------------------------------------------
    # Announcements
    # ------------------------------------------------------------------
    @http.route(
        ["/my/announcements", "/my/announcements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def dms_announcements(self, page=1, **kw):
        self._dms_require_dealer()
        Announcement = request.env["dms.announcement"]
        domain = [("dealer_visible", "=", True)]
        count = Announcement.search_count(domain)
        pager = portal_pager(url="/my/announcements", total=count, page=page, step=PER_PAGE)
        announcements = Announcement.search(domain, limit=PER_PAGE, offset=pager["offset"])
        values = self._dms_values(
            page_name="dms_announcements",
            announcements=announcements,
            receipts=self._dms_receipts(announcements),
            pager=pager,
        )
        return request.render("dms_engagement.portal_dms_announcements", values)

    @http.route("/my/announcements/<int:announcement_id>", type="http", auth="user", website=True)
    def dms_announcement_page(self, announcement_id, **kw):
        self._dms_require_dealer()
        announcement = self._dms_check_record("dms.announcement", announcement_id)
        announcement._dms_portal_open()
        receipt = self._dms_receipts(announcement).get(announcement.id)
        values = self._dms_values(
            page_name="dms_announcement",
            announcement=announcement,
            # read access was checked above; portal users read attachments through their token
            attachments=announcement.sudo().attachment_ids,
            receipt=receipt,
            can_act=self._dms_dealer()._dms_portal_can_act(),
            error=kw.get("error"),
        )
        return request.render("dms_engagement.portal_dms_announcement_page", values)

    @http.route("/my/announcements/<int:announcement_id>/ack", type="http", auth="user", website=True, methods=["POST"])
    def dms_announcement_ack(self, announcement_id, **kw):
        self._dms_require_dealer()
        announcement = self._dms_check_record("dms.announcement", announcement_id)
        try:
            announcement._dms_portal_acknowledge()
        except (UserError, AccessError) as error:
            return request.redirect(f"/my/announcements/{announcement_id}?{url_encode({'error': error.args[0]})}")
        return request.redirect(f"/my/announcements/{announcement_id}")

    # ------------------------------------------------------------------
    # Knowledge base
    # ------------------------------------------------------------------
    @http.route(
        ["/my/knowledge", "/my/knowledge/page/<int:page>"], type="http", auth="user", website=True, readonly=True
    )
    def dms_knowledge(self, page=1, category=None, search=None, **kw):
        self._dms_require_dealer()
        Announcement = request.env["dms.announcement"]
        base = [("dealer_visible", "=", True), ("is_knowledge", "=", True)]
        # categories that hold something for this dealer, with their counts (searched as the user)
        shelves = Announcement._read_group(base, ["category_id"], ["__count"])
        domain = list(base)
        try:
            category_id = int(category or 0)
        except ValueError:
            category_id = 0
        if category_id:
            domain.append(("category_id", "=", category_id))
        search = (search or "").strip()[:100]
        if search:
            domain += ["|", "|", ("name", "ilike", search), ("summary", "ilike", search), ("body", "ilike", search)]
        count = Announcement.search_count(domain)
        url_args = {k: v for k, v in (("category", category_id or ""), ("search", search)) if v}
        pager = portal_pager(url="/my/knowledge", url_args=url_args, total=count, page=page, step=PER_PAGE)
        items = Announcement.search(domain, limit=PER_PAGE, offset=pager["offset"])
        values = self._dms_values(
            page_name="dms_knowledge",
            items=items,
            receipts=self._dms_receipts(items),
            shelves=shelves,
            category_id=category_id,
            search=search,
            pager=pager,
        )
        return request.render("dms_engagement.portal_dms_knowledge", values)

    # ------------------------------------------------------------------
    # Tasks
    # ------------------------------------------------------------------
    @http.route(["/my/tasks", "/my/tasks/page/<int:page>"], type="http", auth="user", website=True, readonly=True)
    def dms_tasks(self, page=1, filterby="open", **kw):
        self._dms_require_dealer()
        Assignment = request.env["dms.engagement.assignment"]
        domain = [("state", "in", engagement.OPEN_STATES)] if filterby == "open" else [("state", "!=", "cancel")]
        count = Assignment.search_count(domain)
        pager = portal_pager(url="/my/tasks", url_args={"filterby": filterby}, total=count, page=page, step=PER_PAGE)
        assignments = Assignment.search(domain, order="date_deadline, id", limit=PER_PAGE, offset=pager["offset"])
        values = self._dms_values(page_name="dms_tasks", assignments=assignments, filterby=filterby, pager=pager)
        return request.render("dms_engagement.portal_dms_tasks", values)

    @http.route("/my/tasks/<int:assignment_id>", type="http", auth="user", website=True)
    def dms_task_page(self, assignment_id, **kw):
        self._dms_require_dealer()
        assignment = self._dms_check_record("dms.engagement.assignment", assignment_id)
        values = self._dms_values(
            page_name="dms_task",
            # read access was checked above; the proof's photos are shown from the sudo record
            assignment=assignment.sudo(),
            can_act=assignment.sudo().partner_id._dms_portal_can_act(),
            max_photos=engagement.MAX_PHOTOS,
            max_photo_mb=photos_rules.MAX_PHOTO_BYTES // (1024 * 1024),
            error=kw.get("error"),
            sent=kw.get("sent"),
        )
        return request.render("dms_engagement.portal_dms_task_page", values)

    @http.route(
        "/my/tasks/<int:assignment_id>/submit",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        csrf=True,
        max_content_length=PROOF_MAX_BODY,
    )
    def dms_task_submit(self, assignment_id, **post):
        self._dms_require_dealer()
        assignment = self._dms_check_record("dms.engagement.assignment", assignment_id)
        try:
            # the route's max_content_length already refused a longer body; a chunked one is cut there too
            too_large = self._dms_photo_body_error(max_photos=engagement.MAX_PHOTOS)
            if too_large:
                raise UserError(too_large)
            photos = self._dms_read_photos(max_photos=engagement.MAX_PHOTOS)
            with request.env.cr.savepoint():
                assignment._dms_portal_submit(post.get("proof_text"), photos)
        except (UserError, ValidationError, AccessError) as error:
            return request.redirect(f"/my/tasks/{assignment_id}?{url_encode({'error': error.args[0]})}")
        return request.redirect(f"/my/tasks/{assignment_id}?sent=1")
