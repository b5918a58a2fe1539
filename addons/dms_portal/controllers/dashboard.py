# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealer dashboard (/my/dms) and the branding logo."""

from odoo import http
from odoo.http import request

from .portal import DmsPortal


class DmsDashboardPortal(DmsPortal):
    """Dashboard: credit, rebate wallet, open orders."""

    @http.route("/my/dms", type="http", website=True, auth="user", readonly=True)
    def dms_dashboard(self, **kw):
        dealer = self._dms_require_dealer()
        open_orders = request.env["sale.order"].search_count(
            self._dms_orders_domain() + [("state", "in", ("draft", "sent")), ("dealer_id", "=", dealer.id)]
        )
        values = self._dms_values(
            page_name="dms_dashboard",
            credit=dealer._dms_portal_credit_info(),
            rebate=dealer._dms_portal_rebate_info(),
            # searched as the portal user: dms_rebate's rule keeps it to its own wallet
            rebate_lines=request.env["dms.rebate.wallet.line"].search(
                [("partner_id", "=", dealer.id)], order="date desc, id desc", limit=8
            ),
            open_orders=open_orders,
            currency=request.env.company.currency_id,
            welcome=request.env["dms.portal.branding"]._get_for_partner(request.env.user.partner_id)["welcome"],
        )
        return request.render("dms_portal.portal_dms_dashboard", values)

    @http.route("/my/dms/branding/logo", type="http", website=True, auth="user", readonly=True)
    def dms_branding_logo(self, **kw):
        """Logo of the branding the current user sees (no id: nothing else can be asked for)."""
        branding = request.env["dms.portal.branding"]._get_for_partner(request.env.user.partner_id)
        if not branding["id"] or not branding["has_logo"]:
            return request.redirect(f"/logo.png?company={request.env.company.id}")
        # sudo: the branding id was resolved from the user's own dealer chain
        record = request.env["dms.portal.branding"].sudo().browse(branding["id"])
        return request.env["ir.binary"]._get_image_stream_from(record, "logo").get_response()
