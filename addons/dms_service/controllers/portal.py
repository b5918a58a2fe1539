# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal
from odoo.addons.dms_portal.tools import photos as photos_rules
from odoo.addons.portal.controllers.portal import pager as portal_pager

TICKETS_PER_PAGE = 20
#: bytes of form fields allowed on top of the photos


class DmsServicePortal(DmsPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_ticket_count" in counters:
            Ticket = request.env["dms.service.ticket"]
            # counted as the user: record rules keep it to the dealer's own tickets
            values["dms_ticket_count"] = Ticket.search_count([]) if Ticket.has_access("read") else 0
        return values

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------
    @http.route(["/my/tickets", "/my/tickets/page/<int:page>"], type="http", website=True, auth="user", readonly=True)
    def dms_tickets(self, page=1, filterby="all", **kw):
        self._dms_require_dealer()
        Ticket = request.env["dms.service.ticket"]
        filters = {
            "all": [],
            "open": [("state", "in", ("new", "in_progress", "waiting"))],
            "waiting": [("state", "=", "waiting")],
            "done": [("state", "in", ("solved", "closed", "cancelled"))],
        }
        domain = filters.get(filterby, [])
        # searched as the portal user: record rules decide what is listed
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/tickets", url_args={"filterby": filterby}, total=count, page=page, step=TICKETS_PER_PAGE
        )
        tickets = Ticket.search(domain, limit=TICKETS_PER_PAGE, offset=pager["offset"])
        values = self._dms_values(
            page_name="dms_tickets", tickets=tickets.sudo(), pager=pager, filterby=filterby, default_url="/my/tickets"
        )
        return request.render("dms_service.portal_dms_tickets", values)

    # ------------------------------------------------------------------
    # Page: the dealer (logged in) or whoever holds the ticket's link reads it
    # ------------------------------------------------------------------
    @http.route("/my/tickets/<int:ticket_id>", type="http", website=True, auth="public")
    def dms_ticket_page(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access("dms.service.ticket", ticket_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my") if not request.env.user._is_public() else request.redirect("/web/login")
        user = request.env.user
        is_dealer_user = (
            user.share and not user._is_public() and user.partner_id.commercial_partner_id == ticket_sudo.partner_id
        )
        values = self._dms_values(
            page_name="dms_ticket",
            ticket=ticket_sudo,
            steps=ticket_sudo._dms_portal_steps(),
            can_act=is_dealer_user,
            can_rate=is_dealer_user and ticket_sudo._dms_can_rate(),
            rating=ticket_sudo._dms_rating(),
            error=kw.get("error"),
            created=kw.get("created"),
        )
        values = self._get_page_view_values(ticket_sudo, access_token, values, "my_tickets_history", False)
        return request.render("dms_service.portal_dms_ticket_page", values)

    def _dms_ticket_check(self, ticket_id):
        """The ticket, as the logged-in user, when it may read it (a token is not enough to act)."""
        ticket = request.env["dms.service.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
            if not ticket.exists():
                raise MissingError(request.env._("This service ticket does not exist."))
        except (AccessError, MissingError):
            raise NotFound() from None
        return ticket

    def _dms_ticket_redirect(self, ticket_id, error=None):
        url = f"/my/tickets/{ticket_id}"
        return request.redirect(f"{url}?{url_encode({'error': error})}" if error else url)

    @http.route("/my/tickets/<int:ticket_id>/rate", type="http", website=True, auth="user", methods=["POST"])
    def dms_ticket_rate(self, ticket_id, rate=None, feedback=None, **kw):
        self._dms_require_dealer()
        ticket = self._dms_ticket_check(ticket_id)
        try:
            ticket.action_dms_rate(rate, feedback=feedback)
        except (UserError, AccessError) as error:
            return self._dms_ticket_redirect(ticket_id, error.args[0])
        return self._dms_ticket_redirect(ticket_id)

    @http.route("/my/tickets/<int:ticket_id>/cancel", type="http", website=True, auth="user", methods=["POST"])
    def dms_ticket_cancel(self, ticket_id, reason=None, **kw):
        self._dms_require_dealer()
        ticket = self._dms_ticket_check(ticket_id)
        try:
            ticket.action_cancel(reason=(reason or "").strip()[:500])
        except (UserError, AccessError) as error:
            return self._dms_ticket_redirect(ticket_id, error.args[0])
        return self._dms_ticket_redirect(ticket_id)

    @http.route("/my/tickets/<int:ticket_id>/reopen", type="http", website=True, auth="user", methods=["POST"])
    def dms_ticket_reopen(self, ticket_id, reason=None, **kw):
        self._dms_require_dealer()
        ticket = self._dms_ticket_check(ticket_id)
        try:
            ticket.action_reopen(reason=(reason or "").strip()[:500])
        except (UserError, AccessError) as error:
            return self._dms_ticket_redirect(ticket_id, error.args[0])
        return self._dms_ticket_redirect(ticket_id)

    # ------------------------------------------------------------------
    # New ticket
    # ------------------------------------------------------------------
    def _dms_ticket_form_values(self, dealer, **values):
        # sudo: products and orders are read for the dealer's own orders only (the domain)
        orders = (
            request.env["sale.order"]
            .sudo()
            .search(
                [("partner_id", "child_of", dealer.id), ("state", "=", "sale")],
                order="date_order desc",
                limit=50,
            )
        )
        base = self._dms_values(
            page_name="dms_ticket_new",
            categories=request.env["dms.service.category"].search([]),
            orders=orders,
            products=orders.order_line.product_id.sorted("display_name"),
            max_photos=photos_rules.MAX_PHOTOS,
            max_photo_mb=photos_rules.MAX_PHOTO_BYTES // (1024 * 1024),
            form={},
        )
        base.update(values)
        return base

    @http.route("/my/tickets/new", type="http", website=True, auth="user", methods=["GET"])
    def dms_ticket_new(self, **kw):
        dealer = self._dms_require_dealer()
        return request.render("dms_service.portal_dms_ticket_new", self._dms_ticket_form_values(dealer))

    @http.route("/my/tickets/new", type="http", website=True, auth="user", methods=["POST"], csrf=True)
    def dms_ticket_create(self, **post):
        dealer = self._dms_require_dealer()
        # capped before anything is read: the whole body may not exceed the photos' cap
        too_large = self._dms_photo_body_error()
        if too_large:
            return self._dms_ticket_form_error(dealer, post, too_large)
        try:
            photos = self._dms_read_photos()
            vals = {
                "subject": (post.get("subject") or "").strip()[:200],
                "description": (post.get("description") or "").strip()[:5000] or False,
                "category_id": self._dms_int(post.get("category_id")),
                "product_id": self._dms_int(post.get("product_id")) or False,
                "order_id": self._dms_int(post.get("order_id")) or False,
                "partner_id": dealer.id,
            }
            if not vals["subject"]:
                raise UserError(request.env._("Give your ticket a subject."))
            if not vals["category_id"]:
                raise UserError(request.env._("Choose what the ticket is about."))
            with request.env.cr.savepoint():
                # created as the portal user: access rights and record rules (own dealer) apply;
                # the order must be the dealer's own (checked by the model)
                ticket = request.env["dms.service.ticket"].create(vals)
                self._dms_portal_attach_files(ticket, photos, "photo_ids")
        except (UserError, ValidationError, AccessError) as error:
            return self._dms_ticket_form_error(dealer, post, error.args[0])
        return request.redirect(f"/my/tickets/{ticket.id}?created=1")

    @staticmethod
    def _dms_int(value):
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return 0

    def _dms_ticket_form_error(self, dealer, post, message):
        return request.render(
            "dms_service.portal_dms_ticket_new", self._dms_ticket_form_values(dealer, error=message, form=post)
        )
