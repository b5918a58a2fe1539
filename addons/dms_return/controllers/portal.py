# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal
from odoo.addons.dms_portal.tools import photos as photos_rules
from odoo.addons.portal.controllers.portal import pager as portal_pager

RETURNS_PER_PAGE = 20
#: bytes of form fields allowed on top of the photos


class DmsReturnPortal(DmsPortal):
    # ------------------------------------------------------------------
    # List and page
    # ------------------------------------------------------------------
    @http.route(
        ["/my/dms/returns", "/my/dms/returns/page/<int:page>"], type="http", website=True, auth="user", readonly=True
    )
    def dms_returns(self, page=1, **kw):
        self._dms_require_dealer()
        Request = request.env["dms.return.request"]
        # searched as the portal user: record rules decide what is listed
        count = Request.search_count([])
        pager = portal_pager(url="/my/dms/returns", total=count, page=page, step=RETURNS_PER_PAGE)
        requests = Request.search([], limit=RETURNS_PER_PAGE, offset=pager["offset"])
        values = self._dms_values(page_name="dms_returns", returns=requests, pager=pager)
        return request.render("dms_return.portal_dms_returns", values)

    def _dms_return_check(self, request_id):
        record = request.env["dms.return.request"].browse(request_id)
        try:
            record.check_access("read")
            if not record.exists():
                raise MissingError(request.env._("This return request does not exist."))
        except (AccessError, MissingError):
            raise NotFound() from None
        return record

    @http.route("/my/dms/returns/<int:request_id>", type="http", website=True, auth="user")
    def dms_return_page(self, request_id, **kw):
        self._dms_require_dealer()
        record = self._dms_return_check(request_id)
        # read access was checked above; products, transfers and credit notes are shown from the sudo record
        record = record.sudo()
        values = self._dms_values(
            page_name="dms_return",
            rma=record,
            steps=record._dms_portal_steps(),
            can_act=record.partner_id._dms_portal_can_act(),
            max_photos=photos_rules.MAX_PHOTOS,
            error=kw.get("error"),
            created=kw.get("created"),
        )
        return request.render("dms_return.portal_dms_return_page", values)

    @http.route("/my/dms/returns/<int:request_id>/cancel", type="http", website=True, auth="user", methods=["POST"])
    def dms_return_cancel(self, request_id, **kw):
        self._dms_require_dealer()
        record = self._dms_return_check(request_id)
        try:
            record.action_cancel()
        except (UserError, AccessError) as error:
            return request.redirect(f"/my/dms/returns/{request_id}?{url_encode({'error': error.args[0]})}")
        return request.redirect(f"/my/dms/returns/{request_id}")

    # ------------------------------------------------------------------
    # Request form from an order page
    # ------------------------------------------------------------------
    def _dms_return_form_values(self, order_sudo, **values):
        returnable = order_sudo._dms_returnable_lines()
        reasons = request.env["dms.return.reason"].search([])
        base = self._dms_values(
            page_name="dms_return_form",
            order=order_sudo,
            returnable=[(line, qty) for line, qty in returnable.items() if qty > 0],
            reasons=reasons,
            max_photos=photos_rules.MAX_PHOTOS,
            max_photo_mb=photos_rules.MAX_PHOTO_BYTES // (1024 * 1024),
        )
        base.update(values)
        return base

    def _dms_order_for_return(self, order_id):
        self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        if not order_sudo.partner_id._dms_portal_can_act():
            raise Forbidden()
        return order_sudo

    @http.route("/my/dms/orders/<int:order_id>/return", type="http", website=True, auth="user", methods=["GET"])
    def dms_return_form(self, order_id, **kw):
        order_sudo = self._dms_order_for_return(order_id)
        return request.render("dms_return.portal_dms_return_form", self._dms_return_form_values(order_sudo))

    @http.route(
        "/my/dms/orders/<int:order_id>/return", type="http", website=True, auth="user", methods=["POST"], csrf=True
    )
    def dms_return_submit(self, order_id, **post):
        order_sudo = self._dms_order_for_return(order_id)
        # capped before anything is read: the whole body may not exceed the photos' cap
        too_large = self._dms_photo_body_error()
        if too_large:
            return self._dms_return_form_error(order_sudo, too_large)
        try:
            photos = self._dms_read_photos()
            lines = []
            for line in order_sudo.order_line:
                raw = post.get(f"qty_{line.id}")
                if raw in (None, ""):
                    continue
                try:
                    qty = float(raw)
                except ValueError:
                    raise UserError(request.env._("Quantities must be numbers.")) from None
                if qty:
                    lines.append(Command.create({"sale_line_id": line.id, "qty": qty}))
            if not lines:
                raise UserError(request.env._("Give the quantity to return of at least one product."))
            try:
                reason_id = int(post.get("reason_id") or 0)
            except ValueError:
                reason_id = 0
            with request.env.cr.savepoint():
                # created as the portal user: access rights and record rules (own dealer) apply
                rma = request.env["dms.return.request"].create(
                    {
                        "order_id": order_sudo.id,
                        "reason_id": reason_id,
                        "request_type": "exchange" if post.get("request_type") == "exchange" else "refund",
                        "description": (post.get("description") or "").strip()[:2000] or False,
                        "line_ids": lines,
                    }
                )
                self._dms_attach_photos(rma, photos)
                rma.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return self._dms_return_form_error(order_sudo, error.args[0])
        return request.redirect(f"/my/dms/returns/{rma.id}?created=1")

    def _dms_return_form_error(self, order_sudo, message):
        return request.render(
            "dms_return.portal_dms_return_form", self._dms_return_form_values(order_sudo, error=message)
        )

    def _dms_attach_photos(self, rma, photos):
        if not photos:
            return
        if photos_rules.check_count(len(rma.sudo().photo_ids) + len(photos)):
            raise UserError(self._dms_photo_error(photos_rules.PHOTO_TOO_MANY))
        self._dms_portal_attach_files(rma, photos, "photo_ids")

    @http.route("/my/dms/returns/<int:request_id>/photos", type="http", website=True, auth="user", methods=["POST"])
    def dms_return_photos(self, request_id, **kw):
        """Add photos to a draft or submitted request of the user's own dealer."""
        self._dms_require_dealer()
        record = self._dms_return_check(request_id)
        if not record.partner_id._dms_portal_can_act() or record.state not in ("draft", "submitted"):
            raise Forbidden()
        try:
            too_large = self._dms_photo_body_error()
            if too_large:
                raise UserError(too_large)
            with request.env.cr.savepoint():
                self._dms_attach_photos(record, self._dms_read_photos())
        except UserError as error:
            return request.redirect(f"/my/dms/returns/{request_id}?{url_encode({'error': error.args[0]})}")
        return request.redirect(f"/my/dms/returns/{request_id}")

    # ------------------------------------------------------------------
    # Receipt with discrepancies
    # ------------------------------------------------------------------
    @http.route()
    def dms_order_receipt(self, order_id, **kw):
        discrepancies = []
        for key, value in kw.items():
            if key.startswith("disc_qty_") and value not in ("", None, "0"):
                line_id = key.removeprefix("disc_qty_")
                discrepancies.append(
                    {
                        "sale_line_id": line_id,
                        "qty": value,
                        "kind": kw.get(f"disc_kind_{line_id}") or "shortage",
                        "note": (kw.get("disc_note") or "")[:500],
                    }
                )
        if not discrepancies:
            return super().dms_order_receipt(order_id, **kw)
        order_sudo = self._dms_order_check(order_id)
        if not order_sudo.partner_id._dms_portal_can_act():
            raise Forbidden()
        try:
            with request.env.cr.savepoint():
                order_sudo.action_dms_confirm_receipt(
                    signed_by=request.env.user.partner_id, signature=kw.get("signature"), discrepancies=discrepancies
                )
        except (UserError, ValidationError, AccessError) as error:
            return request.redirect(f"/my/dms/orders/{order_id}?{url_encode({'error': error.args[0]})}")
        rma = order_sudo.dms_return_request_ids.sorted("id")[-1:]
        return request.redirect(f"/my/dms/returns/{rma.id}?created=1" if rma else f"/my/dms/orders/{order_id}")
