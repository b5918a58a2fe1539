# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealer agreements (经销协议) in the portal: list, page, PDF and signature."""

import binascii

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import ORDERS_PER_PAGE, DmsPortal


class DmsAgreementPortal(DmsPortal):
    # ------------------------------------------------------------------
    # Home tile
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_agreement_count" in counters and self._dms_dealer():
            Agreement = request.env["dms.dealer.agreement"]
            # counted as the portal user: dms_dealer's rules keep it to its own, non-draft agreements
            values["dms_agreement_count"] = Agreement.search_count([]) if Agreement.has_access("read") else 0
        return values

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------
    def _dms_agreement_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_start desc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name desc, id desc"},
            "state": {"label": request.env._("Status"), "order": "state, date_start desc, id desc"},
        }

    def _dms_agreement_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "to_sign": {"label": request.env._("To sign"), "domain": [("state", "=", "approved")]},
            "active": {"label": request.env._("In force"), "domain": [("state", "in", ("signed", "active"))]},
            "ended": {"label": request.env._("Ended"), "domain": [("state", "in", ("expired", "terminated"))]},
        }

    @http.route(
        ["/my/dealer_agreements", "/my/dealer_agreements/page/<int:page>"],
        type="http",
        website=True,
        auth="user",
        readonly=True,
    )
    def dms_agreements(self, page=1, sortby=None, filterby=None, **kw):
        self._dms_require_dealer()
        Agreement = request.env["dms.dealer.agreement"]
        sortings = self._dms_agreement_searchbar_sortings()
        filters = self._dms_agreement_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = filters[filterby]["domain"]
        # searched as the portal user: record rules decide what is listed
        count = Agreement.search_count(domain)
        pager = portal_pager(
            url="/my/dealer_agreements",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=ORDERS_PER_PAGE,
        )
        agreements = Agreement.search_fetch(
            domain,
            ["name", "partner_id", "date_start", "date_end", "state", "signed_on"],
            order=sortings[sortby]["order"],
            limit=ORDERS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._dms_values(
            page_name="dms_agreements",
            agreements=agreements,
            pager=pager,
            default_url="/my/dealer_agreements",
            searchbar_sortings=sortings,
            sortby=sortby,
            searchbar_filters=filters,
            filterby=filterby,
        )
        request.session["dms_agreement_history"] = agreements.ids[:100]
        return request.render("dms_portal.portal_dms_agreements", values)

    # ------------------------------------------------------------------
    # Page, PDF
    # ------------------------------------------------------------------
    def _dms_agreement_check(self, agreement_id, access_token=None):
        try:
            agreement_sudo = self._document_check_access(
                "dms.dealer.agreement", agreement_id, access_token=access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None
        if agreement_sudo.state == "draft":
            raise NotFound()
        return agreement_sudo

    @http.route("/my/dealer_agreements/<int:agreement_id>", type="http", website=True, auth="public")
    def dms_agreement_page(self, agreement_id, access_token=None, report_type=None, download=False, **kw):
        agreement_sudo = self._dms_agreement_check(agreement_id, access_token)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=agreement_sudo,
                report_type=report_type,
                report_ref="dms_dealer.action_report_dms_dealer_agreement",
                download=download,
            )
        can_act = agreement_sudo.partner_id._dms_portal_can_act()
        values = self._dms_values(
            page_name="dms_agreement",
            agreement=agreement_sudo,
            can_act=can_act,
            can_sign=can_act and agreement_sudo.state == "approved",
            access_token=access_token,
            message=kw.get("message"),
        )
        values = self._get_page_view_values(agreement_sudo, access_token, values, "dms_agreement_history", False)
        return request.render("dms_portal.portal_dms_agreement_page", values)

    # ------------------------------------------------------------------
    # Signature (as core sale's /my/orders/<id>/accept)
    # ------------------------------------------------------------------
    @http.route("/my/dealer_agreements/<int:agreement_id>/sign", type="json", auth="public", website=True)
    def dms_agreement_sign(self, agreement_id, access_token=None, name=None, signature=None):
        # get from query string if not on json param
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            agreement_sudo = self._dms_agreement_check(agreement_id, access_token)
        except NotFound:
            return {"error": request.env._("Invalid agreement.")}
        # seeing is not acting: an upstream administrator reads, only the dealer itself signs
        if not agreement_sudo.partner_id._dms_portal_can_act():
            return {"error": request.env._("Only the dealer itself can sign this agreement.")}
        if agreement_sudo.state != "approved":
            return {"error": request.env._("This agreement is not waiting for your signature.")}
        if not signature:
            return {"error": request.env._("Signature is missing.")}
        try:
            with request.env.cr.savepoint():
                agreement_sudo._portal_sign(name, signature)
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        except (TypeError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": agreement_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
