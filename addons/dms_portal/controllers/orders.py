# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealer orders: list, page with its timeline, receipt, reorder."""

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import ORDER_COUNT_LIMIT, ORDERS_PER_PAGE, DmsPortal


class DmsOrdersPortal(DmsPortal):
    """Orders of the dealer and, for administrators, its downstream."""

    @http.route(
        ["/my/dms/orders", "/my/dms/orders/page/<int:page>"], type="http", website=True, auth="user", readonly=True
    )
    def dms_orders(self, page=1, scope=None, search=None, **kw):
        dealer = self._dms_require_dealer()
        SaleOrder = request.env["sale.order"]
        domain = self._dms_orders_domain(scope, dealer)
        if search:
            domain = expression.AND([domain, ["|", ("name", "ilike", search), ("partner_id", "ilike", search)]])
        # searched as the portal user: layered record rules decide what is listed.
        # The count stops at ORDER_COUNT_LIMIT so a distributor with 100,000 orders does not
        # pay for counting them all on every page.
        count = SaleOrder.search_count(domain, limit=ORDER_COUNT_LIMIT + 1)
        pager = portal_pager(
            url="/my/dms/orders",
            url_args={"scope": scope, "search": search},
            total=min(count, ORDER_COUNT_LIMIT),
            page=page,
            step=ORDERS_PER_PAGE,
        )
        fnames = ["name", "date_order", "partner_id", "dealer_id", "amount_total", "currency_id", "state", "dms_state"]
        orders = SaleOrder.search_fetch(
            domain, fnames, order="date_order desc, id desc", limit=ORDERS_PER_PAGE, offset=pager["offset"]
        )
        values = self._dms_values(
            page_name="dms_orders",
            orders=orders,
            pager=pager,
            scope=scope,
            search=search or "",
            count_capped=count > ORDER_COUNT_LIMIT,
            count_limit=ORDER_COUNT_LIMIT,
        )
        return request.render("dms_portal.portal_dms_orders", values)

    @http.route("/my/dms/orders/<int:order_id>", type="http", website=True, auth="public")
    def dms_order_page(self, order_id, access_token=None, **kw):
        order_sudo = self._dms_order_check(order_id, access_token)
        values = self._dms_values(
            page_name="dms_order",
            order=order_sudo,
            timeline=order_sudo._dms_portal_timeline(),
            can_act=order_sudo.partner_id._dms_portal_can_act(),
            can_confirm_receipt=order_sudo.dms_state == "shipped" and order_sudo.partner_id._dms_portal_can_act(),
            pickings=order_sudo.picking_ids,
            error=kw.get("error"),
        )
        return request.render("dms_portal.portal_dms_order_page", values)

    @http.route("/my/dms/orders/<int:order_id>/receipt", type="http", website=True, auth="user", methods=["POST"])
    def dms_order_receipt(self, order_id, **kw):
        order_sudo = self._dms_order_check(order_id)
        if not order_sudo.partner_id._dms_portal_can_act():
            raise Forbidden()
        try:
            order_sudo.action_dms_confirm_receipt(signed_by=request.env.user.partner_id, signature=kw.get("signature"))
        except (UserError, AccessError) as error:
            return request.redirect(f"/my/dms/orders/{order_id}?error={error.args[0]}")
        return request.redirect(f"/my/dms/orders/{order_id}")

    @http.route("/my/dms/orders/<int:order_id>/reorder", type="http", website=True, auth="user", methods=["POST"])
    def dms_order_reorder(self, order_id, **kw):
        dealer = self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        customer = self._dms_customer(dealer)
        if order_sudo.dealer_id != customer:
            raise Forbidden()
        quantities = {}
        lines = order_sudo._dms_assortment_lines() if order_sudo.dealer_id else order_sudo.order_line.browse()
        for line in lines:
            quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) + line.product_uom_qty
        return self._dms_add_catalog_quantities(dealer, quantities)
