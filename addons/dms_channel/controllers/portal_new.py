# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from .portal import DmsChannelPortal


class DmsChannelNewPortal(DmsChannelPortal):
    """The seller's portal users order for one of their direct customers (代客下单)."""

    def _dms_channel_seller_customers(self):
        Order = request.env["dms.channel.order"]
        if not request.env.user.has_group("dms_dealer.group_dms_portal_user"):
            raise Forbidden()
        seller = request.env.user.partner_id.commercial_partner_id
        return seller, Order._channel_seller_customers(seller)

    @http.route("/my/channel/new", type="http", auth="user", website=True, methods=["GET"], readonly=True)
    def dms_channel_new(self, customer_id=None, error=None, **kw):
        seller, customers = self._dms_channel_seller_customers()
        customer = customers.filtered(lambda partner: str(partner.id) == str(customer_id or ""))
        products, prices = request.env["product.product"], {}
        if customer:
            Order = request.env["dms.channel.order"]
            products = Order._channel_seller_catalog(seller, customer)
            results = request.env["dms.price.engine"].sudo()._get_prices(customer, [(p, 1.0) for p in products])
            prices = {product.id: result["price"] for product, result in zip(products, results, strict=True)}
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="dms_channel_new",
            customers=customers,
            customer=customer,
            products=products.sudo(),
            prices=prices,
            currency=request.env.company.currency_id,
            error=error,
        )
        return request.render("dms_channel.portal_my_channel_new", values)

    @http.route("/my/channel/new", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_new_post(self, customer_id=None, accept=None, **post):
        self._dms_channel_seller_customers()
        quantities = {
            key[4:]: value.strip() for key, value in post.items() if key.startswith("qty_") and (value or "").strip()
        }
        try:
            order = request.env["dms.channel.order"]._channel_create_for_customer(
                customer_id,
                quantities,
                accept=bool(accept),
                extra={"note": post.get("note") or False, "client_order_ref": post.get("client_order_ref") or False},
            )
        except AccessError:
            raise Forbidden() from None
        except (UserError, ValidationError) as exc:
            return request.redirect(
                f"/my/channel/new?customer_id={quote(str(customer_id or ''))}&error={quote(str(exc.args[0]))}"
            )
        return request.redirect(f"/my/channel/{order.id}")
