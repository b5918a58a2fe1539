# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Base of the dealer portal controllers: who is asking, for which customer, and the helpers
several pages share. Each page has its own file (dashboard, catalog, cart, orders, customers,
statement, self_service, agreement); Odoo merges them into one controller."""

import base64

from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..tools import order_import
from ..tools import photos as photo_rules

ORDERS_PER_PAGE = 20
ORDER_COUNT_LIMIT = 2000
CATALOG_PER_PAGE = 24
SESSION_CUSTOMER = "dms_portal_customer_id"


class DmsPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Context helpers
    # ------------------------------------------------------------------
    def _dms_dealer(self):
        """The logged-in user's commercial dealer, or None."""
        user = request.env.user
        if user._is_public() or not user.share:
            return None
        dealer = user.partner_id.commercial_partner_id
        return dealer if dealer.is_dealer else None

    # ------------------------------------------------------------------
    # Photos (returns, service tickets, proofs): one rule, tools/photos.py
    # ------------------------------------------------------------------
    def _dms_photo_error(self, code, max_photos=None, max_bytes=None, pdf=False):
        """The dealer-facing message of a refusal code of ``tools.photos`` (``pdf``: receipts accepted too)."""
        max_photos = max_photos or photo_rules.MAX_PHOTOS
        size = (max_bytes or photo_rules.MAX_PHOTO_BYTES) // (1024 * 1024)
        if code == photo_rules.PHOTO_TOO_LARGE:
            if pdf:
                return request.env._("A file is too large: send at most %(size)s MB per file.", size=size)
            return request.env._("A photo is too large: send at most %(size)s MB per photo.", size=size)
        if code == photo_rules.PHOTO_TOO_MANY:
            if pdf:
                return request.env._("Send at most %(count)s files.", count=max_photos)
            return request.env._("Send at most %(count)s photos.", count=max_photos)
        if pdf:
            return request.env._("Proofs must be photos (PNG, JPEG, GIF, WebP) or PDF receipts.")
        return request.env._("Photos must be PNG, JPEG, GIF or WebP images.")

    def _dms_photo_body_error(self, max_photos=None, max_bytes=None, pdf=False):
        """The message when the request body cannot fit the photos' cap (checked before reading it), else None."""
        max_photos = max_photos or photo_rules.MAX_PHOTOS
        max_bytes = max_bytes or photo_rules.MAX_PHOTO_BYTES
        if (request.httprequest.content_length or 0) > photo_rules.body_limit(max_photos, max_bytes):
            return self._dms_photo_error(photo_rules.PHOTO_TOO_LARGE, max_photos, max_bytes, pdf)
        return None

    def _dms_read_photos(
        self, field="photos", max_photos=photo_rules.MAX_PHOTOS, max_bytes=photo_rules.MAX_PHOTO_BYTES, pdf=False
    ):
        """``[(filename, bytes, mimetype)]`` of the uploaded photos; never reads more than the cap.

        Raises :class:`UserError` with the dealer-facing message on too many, too large or refused files.
        """
        files = [f for f in request.httprequest.files.getlist(field) if getattr(f, "filename", None)]
        if photo_rules.check_count(len(files), max_photos):
            raise UserError(self._dms_photo_error(photo_rules.PHOTO_TOO_MANY, max_photos, max_bytes, pdf))
        result = []
        for upload in files:
            data = upload.read(max_bytes + 1)
            code, mimetype = photo_rules.check_photo(data[:16], len(data), max_bytes, pdf)
            if code:
                raise UserError(self._dms_photo_error(code, max_photos, max_bytes, pdf))
            result.append((upload.filename[:128], data, mimetype))
        return result

    def _dms_portal_attach_files(self, record, files, field):
        """Attach ``[(filename, bytes, mimetype)]`` (read by :meth:`_dms_read_photos`) to ``record`` and
        link them on its many2many ``field``. The caller has checked the user may act on ``record``.
        """
        if not files:
            return request.env["ir.attachment"]
        # sudo: portal users cannot create attachments; these are bound to the one record the caller
        # checked the user may act on, and to nothing else
        attachments = (
            request.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(data),
                        "mimetype": mimetype,
                        "res_model": record._name,
                        "res_id": record.id,
                    }
                    for name, data, mimetype in files
                ]
            )
        )
        # the link is not a workflow field; written as superuser on the checked record
        record.sudo().write({field: [Command.link(a.id) for a in attachments]})
        return attachments

    def _dms_require_dealer(self):
        dealer = self._dms_dealer()
        if dealer is None:
            raise Forbidden()
        return dealer

    def _dms_require_admin(self):
        dealer = self._dms_require_dealer()
        if not request.env["res.partner"]._dms_portal_is_admin():
            raise Forbidden()
        return dealer

    def _dms_downstream_customer(self, dealer, customer_id):
        """A downstream customer of ``dealer`` the admin may order for, else empty."""
        if not customer_id or not request.env["res.partner"]._dms_portal_is_admin():
            return request.env["res.partner"]
        try:
            customer_id = int(customer_id)
        except (TypeError, ValueError):
            return request.env["res.partner"]
        domain = expression.AND([dealer._dms_portal_customers_domain(), [("id", "=", customer_id)]])
        # searched as the user: record rules apply on top of the downstream domain
        return request.env["res.partner"].search(domain, limit=1)

    def _dms_customer(self, dealer):
        """Who the portal orders for: the dealer itself or a checked downstream customer."""
        customer = self._dms_downstream_customer(dealer, request.session.get(SESSION_CUSTOMER))
        if not customer:
            request.session.pop(SESSION_CUSTOMER, None)
            return dealer
        return customer

    def _dms_values(self, **values):
        dealer = self._dms_dealer()
        base = self._prepare_portal_layout_values()
        base.update(
            {
                "dms_dealer": dealer,
                "dms_is_admin": request.env["res.partner"]._dms_portal_is_admin(),
                "dms_customer": self._dms_customer(dealer) if dealer else None,
                "dms_qty": order_import.format_quantity,
            }
        )
        base.update(values)
        return base

    # ------------------------------------------------------------------
    # Home tiles
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        dealer = self._dms_dealer()
        if not dealer:
            return values
        SaleOrder = request.env["sale.order"]
        if "dms_order_count" in counters:
            values["dms_order_count"] = (
                SaleOrder.search_count(self._dms_orders_domain()) if SaleOrder.has_access("read") else 0
            )
        if "dms_statement_count" in counters:
            Statement = request.env["dms.dealer.statement"]
            values["dms_statement_count"] = Statement.search_count([]) if Statement.has_access("read") else 0
        if "dms_customer_count" in counters:
            values["dms_customer_count"] = (
                request.env["res.partner"].search_count(dealer._dms_portal_customers_domain())
                if request.env["res.partner"]._dms_portal_is_admin()
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Shared by several pages
    # ------------------------------------------------------------------
    def _dms_orders_domain(self, scope=None, dealer=None):
        domain = [("dms_portal_cart", "=", False)]
        if scope == "own" and dealer:
            domain.append(("dealer_id", "=", dealer.id))
        elif scope == "downstream" and dealer:
            domain.append(("dealer_id", "!=", dealer.id))
        return domain

    def _dms_order_check(self, order_id, access_token=None):
        try:
            return self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

    def _dms_add_catalog_quantities(self, dealer, quantities):
        """Add ``{product_id: qty}`` of a template or a past order: the products the customer may
        buy today are added, the others are named in the message shown with the cart."""
        customer = self._dms_customer(dealer)
        catalog = set(customer._dms_portal_catalog_products([("id", "in", list(quantities))]).ids)
        refused = request.env["product.product"].sudo().browse([pid for pid in quantities if pid not in catalog])
        try:
            self._dms_add_quantities(dealer, {pid: qty for pid, qty in quantities.items() if pid in catalog})
        except UserError as error:
            return self._dms_cart_redirect(error.args[0])
        if refused:
            return self._dms_cart_redirect(
                request.env._(
                    "Not added, not in the products you may order (经营范围): %(products)s.",
                    products=", ".join(refused.mapped("display_name")),
                )
            )
        return self._dms_redirect("/my/dms/cart")

    def _dms_redirect(self, url, **params):
        """Redirect to a portal page with ``params`` (those set) as its query; in the reader's language
        like every redirect to a ``/my`` page (``ir.http._redirect``). The one redirect helper of the
        portal's controllers (the addons' controllers are merged into one class: do not define another
        ``_dms_redirect``)."""
        params = {key: value for key, value in params.items() if value}
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{url_encode(params)}"
        return request.redirect(url)

    def _dms_cart_redirect(self, error=None, url="/my/dms/cart"):
        return self._dms_redirect(url, error=error)

    def _dms_add_quantities(self, dealer, quantities):
        customer = self._dms_customer(dealer)
        if not customer._dms_portal_can_order():
            raise UserError(request.env._("%(dealer)s cannot order at the moment.", dealer=customer.display_name))
        cart = request.env["sale.order"]._dms_portal_get_cart(customer, create=True)
        cart._dms_portal_add_products(quantities)
        return cart

    def _dms_get_own_cart(self, dealer):
        cart = request.env["sale.order"]._dms_portal_get_cart(self._dms_customer(dealer))
        if not cart:
            raise NotFound()
        return cart
