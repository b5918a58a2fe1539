# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal

from ..models.res_partner import FAPIAO_FIELDS
from ..tools import quota


class DmsFapiaoPortal(DmsPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_fapiao_count" in counters:
            Request = request.env["dms.fapiao.request"]
            values["dms_fapiao_count"] = Request.search_count([]) if Request.has_access("read") else 0
        return values

    def _dms_fapiao_orders(self, dealer):
        """[(order, requestable amount)] of the dealer's invoiced orders with something left to request."""
        # sudo: the invoice link is not searchable by portal users; the domain is the dealer's own orders
        orders = (
            request.env["sale.order"]
            .sudo()
            .search(
                [("dealer_id", "=", dealer.id), ("invoice_ids", "!=", False), ("state", "=", "sale")],
                order="date_order desc",
                limit=50,
            )
        )
        invoiced = orders._dms_fapiao_invoiced()
        requested = orders._dms_fapiao_requested()
        rows = []
        for order in orders:
            left = quota.requestable(invoiced[order.id], requested[order.id])
            if left > 0:
                rows.append((order, left))
        return rows

    @http.route("/my/dms/fapiao", type="http", website=True, auth="user", readonly=True)
    def dms_fapiao(self, error=None, **kw):
        dealer = self._dms_require_dealer()
        values = self._dms_values(
            page_name="dms_fapiao",
            requests=request.env["dms.fapiao.request"].search([], limit=50),
            orders=self._dms_fapiao_orders(dealer),
            details=dealer.sudo(),
            error=error,
            currency=request.env.company.currency_id,
        )
        return request.render("dms_fapiao.portal_dms_fapiao", values)

    @http.route("/my/dms/fapiao/request", type="http", website=True, auth="user", methods=["POST"])
    def dms_fapiao_request(self, fapiao_type="normal", **post):
        dealer = self._dms_require_dealer()
        if not dealer._dms_portal_can_act():
            raise Forbidden()
        lines = []
        for key, value in post.items():
            if not key.startswith("amount_") or not value:
                continue
            try:
                order_id, amount = int(key[7:]), float(value)
            except ValueError:
                return self._dms_redirect("/my/dms/fapiao", error=request.env._("Enter amounts as numbers."))
            if amount > 0:
                lines.append(Command.create({"sale_order_id": order_id, "amount": amount}))
        try:
            with request.env.cr.savepoint():
                # as the portal user: rules, the dealer constraint and the workflow check it
                fapiao = request.env["dms.fapiao.request"].create(
                    {
                        "partner_id": dealer.id,
                        "fapiao_type": "special" if fapiao_type == "special" else "normal",
                        "line_ids": lines,
                    }
                )
                fapiao.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return self._dms_redirect("/my/dms/fapiao", error=error.args[0])
        return request.redirect(f"/my/dms/fapiao/{fapiao.id}")

    @http.route("/my/dms/fapiao/<int:request_id>", type="http", website=True, auth="user", readonly=True)
    def dms_fapiao_page(self, request_id, **kw):
        self._dms_require_dealer()
        fapiao = request.env["dms.fapiao.request"].search([("id", "=", request_id)])
        if not fapiao:
            raise NotFound()
        return request.render(
            "dms_fapiao.portal_dms_fapiao_page", self._dms_values(page_name="dms_fapiao_request", fapiao=fapiao)
        )

    @http.route("/my/dms/fapiao/<int:request_id>/pdf", type="http", auth="user", readonly=True)
    def dms_fapiao_pdf(self, request_id, **kw):
        self._dms_require_dealer()
        fapiao = request.env["dms.fapiao.request"].search([("id", "=", request_id), ("state", "=", "issued")])
        if not fapiao or not fapiao.fapiao_pdf:
            raise NotFound()
        return request.env["ir.binary"]._get_stream_from(fapiao, "fapiao_pdf").get_response(as_attachment=True)

    @http.route("/my/dms/fapiao/details", type="http", website=True, auth="user", methods=["POST"])
    def dms_fapiao_details(self, **post):
        """The dealer's invoicing details (抬头, 税号, bank...), whitelisted and validated."""
        dealer = self._dms_require_dealer()
        if not dealer._dms_portal_can_act():
            raise Forbidden()
        vals = {name: (post.get(name) or "").strip()[:128] or False for name in FAPIAO_FIELDS}
        try:
            with request.env.cr.savepoint():
                # sudo: portal users do not write partners; only the whitelisted fields of its own company
                dealer.sudo().write(vals)
        except ValidationError as error:
            return self._dms_redirect("/my/dms/fapiao", error=error.args[0])
        return request.redirect("/my/dms/fapiao")
