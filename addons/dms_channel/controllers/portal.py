# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

ORDERS_PER_PAGE = 20


class DmsChannelPortal(CustomerPortal):
    """Channel orders in the portal: the buyer's and the seller's users act, others read.

    Pages search and act *as the portal user* (record rules and the workflow engine decide);
    only the page of results, already checked, is rendered with ``sudo`` (units, products).
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_channel_order_count" in counters:
            Order = request.env["dms.channel.order"]
            values["dms_channel_order_count"] = Order.search_count([]) if Order.has_access("read") else 0
        return values

    def _dms_channel_domain(self, side):
        partner = request.env.user.partner_id.commercial_partner_id
        if side == "sales":
            return [("seller_id", "=", partner.id)]
        if side == "purchases":
            return [("buyer_id", "=", partner.id)]
        return []

    @http.route(["/my/channel", "/my/channel/page/<int:page>"], type="http", auth="user", website=True, readonly=True)
    def dms_channel_orders(self, page=1, side=None, **kw):
        Order = request.env["dms.channel.order"]
        if not Order.has_access("read"):
            raise Forbidden()
        side = side if side in ("sales", "purchases") else None
        domain = self._dms_channel_domain(side)
        pager = portal_pager(
            url="/my/channel",
            url_args={"side": side},
            total=Order.search_count(domain),
            page=page,
            step=ORDERS_PER_PAGE,
        )
        orders = Order.search(domain, order="date desc, id desc", limit=ORDERS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="dms_channel_orders",
            orders=orders.sudo(),
            pager=pager,
            side=side,
            my_partner=request.env.user.partner_id.commercial_partner_id,
        )
        return request.render("dms_channel.portal_my_channel_orders", values)

    def _dms_channel_order_check(self, order_id):
        order = request.env["dms.channel.order"].browse(order_id)
        try:
            order.check_access("read")
            order.name  # noqa: B018 - raises MissingError for a deleted order
        except (AccessError, MissingError):
            raise NotFound() from None
        return order

    @http.route("/my/channel/<int:order_id>", type="http", auth="user", website=True, readonly=True)
    def dms_channel_order_page(self, order_id, error=None, **kw):
        order = self._dms_channel_order_check(order_id)
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="dms_channel_order",
            order=order.sudo(),
            actions=order._channel_portal_actions(),
            error=error,
        )
        return request.render("dms_channel.portal_my_channel_order", values)

    def _dms_channel_quantities(self, order, post, prefix):
        quantities = {}
        for line in order.sudo().line_ids:
            raw = (post.get(f"{prefix}_{line.id}") or "").strip()
            if raw:
                try:
                    quantities[line.id] = float(raw)
                except ValueError:
                    raise UserError(request.env._("Quantities must be numbers.")) from None
        return quantities or None

    @http.route("/my/channel/<int:order_id>/<string:action>", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_order_action(self, order_id, action, **post):
        order = self._dms_channel_order_check(order_id)
        try:
            if action == "submit":
                order.action_submit()
            elif action == "accept":
                order.action_accept()
            elif action == "reject":
                order.action_reject(post.get("reason"))
            elif action == "cancel":
                order.action_cancel(post.get("reason"))
            elif action == "ship":
                order.action_ship(
                    self._dms_channel_quantities(order, post, "ship"),
                    carrier=post.get("carrier"),
                    tracking_ref=post.get("tracking_ref"),
                )
            elif action == "receive":
                order.action_receive(self._dms_channel_quantities(order, post, "receive"), note=post.get("note"))
            elif action == "resolve":
                order.action_resolve(post.get("resolution"))
            else:
                raise NotFound()
        except (UserError, AccessError, ValidationError) as exc:
            return request.redirect(f"/my/channel/{order_id}?error={quote(str(exc.args[0]))}")
        return request.redirect(f"/my/channel/{order_id}")
