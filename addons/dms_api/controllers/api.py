# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Integration API ``/api/dms/v1``: JSON over HTTP for dealers' ERP/WMS and the brand's e-shop.

Every call is authenticated by an Odoo API key (``Authorization: Bearer <key>``, Odoo's own
``auth="bearer"``) and runs as that key's user: the same record rules, the same workflow checks and
the same ``dms_portal`` / ``dms_channel`` methods as the portal pages. ``sudo()`` is used only where
the portal controllers use it, after the same checks. Documented in ``static/openapi.json``.
"""

import json
import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import file_open

from odoo.addons.dms_portal.tools import order_import

from ..tools import idempotency

BEARER = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE)

PREFIX = "/api/dms/v1"
#: largest request body read (checked on Content-Length before reading)
MAX_BODY = 1024 * 1024
#: most lines of one order and most items of one page
MAX_LINES = 500
MAX_PAGE = 200


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message", "details"}}`` with an HTTP status."""

    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers


def _error(status, code, message, details=None, headers=None):
    payload = {"error": {"code": code, "message": message}}
    if details is not None:
        payload["error"]["details"] = details
    return request.make_json_response(payload, status=status, headers=headers)


def _int(value, name):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, "bad_request", request.env._("%(name)s must be an integer.", name=name)) from None


class DmsApi(http.Controller):
    # ------------------------------------------------------------------
    # Plumbing: errors, body, idempotency
    # ------------------------------------------------------------------
    def _dms_api_body(self):
        length = request.httprequest.content_length
        if "chunked" in (request.httprequest.headers.get("Transfer-Encoding") or "").lower():
            raise ApiError(411, "length_required", request.env._("Send the body with a Content-Length header."))
        if not length:
            return {}
        if length > MAX_BODY:
            raise ApiError(
                413, "too_large", request.env._("The body is larger than %(size)s KB.", size=MAX_BODY // 1024)
            )
        # cached: Odoo replays the request after a serialization failure and reads it again
        raw = request.httprequest.get_data(cache=True)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise ApiError(400, "bad_request", request.env._("The body is not valid JSON.")) from None
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", request.env._("The body must be a JSON object."))
        return body

    def _dms_api_call(self, handler, write=False, idempotent=None):
        """Run ``handler`` and answer JSON.

        :param write: the handler takes the JSON body and returns ``(status, payload)``
        :param idempotent: ``"required"`` or ``"optional"``: the ``Idempotency-Key`` header
            (per user) makes a retried request return the first response and do nothing again
        Business errors roll back everything the call wrote (a savepoint), its key claim included.
        """
        # messages in the API user's own language (zh_CN for Chinese dealers)
        request.update_context(lang=request.env.user.lang or request.env.context.get("lang"))
        response = self._dms_api_answer(handler, write, idempotent)
        rate = getattr(request, "_dms_api_rate", None)
        if rate and rate["limit"] is not None:
            response.headers["X-RateLimit-Limit"] = str(rate["limit"])
            response.headers["X-RateLimit-Remaining"] = str(rate["remaining"])
        return response

    def _dms_api_answer(self, handler, write, idempotent):
        try:
            self._dms_api_rate_limit()
            if not write:
                return request.make_json_response(handler())
            return self._dms_api_write(handler, idempotent)
        except ApiError as error:
            return _error(error.status, error.code, error.message, error.details, error.headers)
        except AccessError as error:
            return _error(403, "forbidden", error.args[0])
        except (MissingError, NotFound):
            return _error(404, "not_found", request.env._("No such record, or not yours."))
        except (UserError, ValidationError) as error:
            return _error(422, "invalid", error.args[0])

    def _dms_api_write(self, handler, idempotent):
        body = self._dms_api_body()
        key = request.httprequest.headers.get("Idempotency-Key")
        if key is None and idempotent == "required":
            raise ApiError(
                400,
                "idempotency_key_required",
                request.env._("Send an Idempotency-Key header: a retried request then creates nothing twice."),
            )
        if key is not None and not idempotency.valid_key(key):
            raise ApiError(
                400,
                "bad_idempotency_key",
                request.env._("An Idempotency-Key has 1 to 128 letters, digits or ._:@/+=- characters."),
            )
        use_key = bool(key and idempotent)
        path = request.httprequest.path
        with request.env.cr.savepoint():
            if use_key:
                fingerprint = idempotency.request_hash(request.httprequest.method, path, body)
                # sudo: the calling user's own key, by its explicit user and key
                Key = request.env["dms.api.idempotency"].sudo()
                record, claimed = Key._claim(request.env.user, key, request.httprequest.method, path, fingerprint)
                if not claimed:
                    if not record or record.request_hash != fingerprint:
                        raise ApiError(
                            409,
                            "idempotency_conflict",
                            request.env._("This Idempotency-Key was already used for another request: use a new key."),
                        )
                    status, payload = record._replay()
                    response = request.make_json_response(payload, status=status)
                    response.headers["Idempotent-Replayed"] = "true"
                    return response
            status, payload = handler(body)
            if use_key:
                record._store(status, payload)
        return request.make_json_response(payload, status=status)

    # ------------------------------------------------------------------
    # Rate limit
    # ------------------------------------------------------------------
    def _dms_api_rate_buckets(self):
        """``[(bucket, limit)]`` of the caller: its API key, and the user across all its keys.

        Limits: ``dms_api.rate_limit`` per key, unless HQ set another on the user's dealer; and
        ``dms_api.rate_limit_user`` per user (never below the dealer's own per-key limit).
        """
        user = request.env.user
        params = request.env["ir.config_parameter"].sudo()
        per_key = int(params.get_param("dms_api.rate_limit", "120") or 0)
        per_user = int(params.get_param("dms_api.rate_limit_user", "240") or 0)
        # sudo: an HQ-only field of the caller's own company, read to decide the caller's limit
        dealer_limit = user.partner_id.commercial_partner_id.sudo().dms_api_rate_limit
        if dealer_limit:
            per_key, per_user = dealer_limit, max(per_user, dealer_limit)
        buckets = []
        match = BEARER.match(request.httprequest.headers.get("Authorization") or "")
        if match and per_key > 0:
            # the key's public index (its first 8 characters, as res.users.apikeys stores it), already
            # checked by auth="bearer"; a browser session calling the API has the user's bucket only
            buckets.append((f"key:{user.id}:{match.group(1)[:8]}", per_key))
        if per_user > 0:
            buckets.append((f"user:{user.id}", per_user))
        return buckets

    def _dms_api_rate_limit(self):
        """Count the request; refuse it (429, ``Retry-After``) once a bucket is over its limit."""
        rate = getattr(request, "_dms_api_rate", None)
        if rate is None:
            # counted once per request: Odoo replays a request after a serialization failure
            buckets = self._dms_api_rate_buckets()
            window = int(request.env["ir.config_parameter"].sudo().get_param("dms_api.rate_window", "60") or 60)
            rate = {"allowed": True, "limit": None, "remaining": None, "retry_after": 0}
            if buckets:
                # sudo: technical counters, keyed by the authenticated caller only
                rate = request.env["dms.api.rate.counter"].sudo()._dms_take(buckets, window)
            request._dms_api_rate = rate
        if not rate["allowed"]:
            raise ApiError(
                429,
                "rate_limited",
                request.env._(
                    "Too many requests: at most %(limit)s per window. Try again in %(seconds)s seconds.",
                    limit=rate["limit"],
                    seconds=rate["retry_after"],
                ),
                headers={"Retry-After": str(rate["retry_after"])},
            )

    # ------------------------------------------------------------------
    # Who calls
    # ------------------------------------------------------------------
    def _dms_api_dealer(self):
        """The calling dealer (portal user of a dealer), else refused."""
        user = request.env.user
        dealer = user.partner_id.commercial_partner_id
        if not user.share or not dealer.is_dealer:
            raise AccessError(request.env._("This endpoint is for the API users of a dealer."))
        return dealer

    def _dms_api_back_office(self):
        if request.env.user.share:
            raise AccessError(request.env._("Only back-office users may do this."))
        return request.env.user

    def _dms_api_customer(self, dealer, customer_id):
        """The dealer itself, or a downstream customer its administrator acts for (as in the portal)."""
        if not customer_id:
            return dealer
        customer_id = _int(customer_id, "customer_id")
        if customer_id == dealer.id:
            return dealer
        Partner = request.env["res.partner"]
        if not Partner._dms_portal_is_admin():
            raise AccessError(request.env._("Only a dealer administrator acts for its downstream customers."))
        domain = expression.AND([dealer._dms_portal_customers_domain(), [("id", "=", customer_id)]])
        # searched as the user: record rules apply on top of the downstream domain
        customer = Partner.search(domain, limit=1)
        if not customer:
            raise AccessError(request.env._("This customer is not one of your downstream customers."))
        return customer

    def _dms_api_page(self, kw):
        limit = min(max(_int(kw.get("limit", 50), "limit"), 1), MAX_PAGE)
        offset = max(_int(kw.get("offset", 0), "offset"), 0)
        return limit, offset

    # ------------------------------------------------------------------
    # Serializers
    # ------------------------------------------------------------------
    def _dms_api_partner(self, partner):
        return {"id": partner.id, "name": partner.name, "code": partner.ref or None} if partner else None

    def _dms_api_address(self, address):
        parts = [address.street, address.street2, address.city, address.state_id.name, address.zip]
        return ", ".join(filter(None, parts))

    def _dms_api_order(self, order):
        order = order.sudo()  # proven readable by the caller (searched or checked as the user)
        lines = []
        for line in order.order_line.filtered(lambda line: not line.display_type):
            lines.append(
                {
                    "sku": line.product_id.default_code or None,
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "qty": line.product_uom_qty,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "subtotal": line.price_subtotal,
                    "is_wallet": bool(line.is_dms_rebate),
                }
            )
        return {
            "kind": "sale_order",
            "id": order.id,
            "name": order.name,
            "dealer": self._dms_api_partner(order.partner_id.commercial_partner_id),
            "state": order.dms_state,
            "date_order": order.date_order.isoformat() if order.date_order else None,
            "client_order_ref": order.client_order_ref or None,
            "currency": order.currency_id.name,
            "amount_untaxed": order.amount_untaxed,
            "amount_tax": order.amount_tax,
            "amount_total": order.amount_total,
            "wallet_amount": order.rebate_wallet_amount,
            "lines": lines,
        }

    def _dms_api_channel_order(self, order):
        order = order.sudo()  # created or read as the user just before
        return {
            "kind": "channel_order",
            "id": order.id,
            "name": order.name,
            "buyer": self._dms_api_partner(order.buyer_id),
            "seller": self._dms_api_partner(order.seller_id),
            "state": order.state,
            "currency": order.currency_id.name,
            "amount_untaxed": order.amount_untaxed,
            "amount_total": order.amount_total,
            "lines": [
                {
                    "sku": line.product_id.default_code or None,
                    "product_id": line.product_id.id,
                    "qty": line.product_qty,
                    "price_unit": line.price_unit,
                    "subtotal": line.price_subtotal,
                }
                for line in order.line_ids
            ],
        }

    def _dms_api_statement(self, statement, lines=False):
        # proven readable by the caller (searched as the user); a seller's user reads the statements it
        # issued to downstream customers whose contact records it may not read itself
        statement = statement.sudo()
        values = {
            "id": statement.id,
            "name": statement.name,
            "dealer": self._dms_api_partner(statement.partner_id),
            "date_from": statement.date_from.isoformat(),
            "date_to": statement.date_to.isoformat(),
            "state": statement.state,
            "currency": statement.currency_id.name,
            "opening_balance": statement.opening_balance,
            "total_invoice": statement.total_invoice,
            "total_payment": statement.total_payment,
            "total_refund": statement.total_refund,
            "total_rebate": statement.total_rebate,
            "total_other": statement.total_other,
            "closing_balance": statement.closing_balance,
        }
        if lines:
            values["lines"] = [
                {
                    "date": line.date.isoformat() if line.date else None,
                    "kind": line.kind,
                    "reference": line.reference or None,
                    "amount": line.amount,
                    "balance": line.balance,
                    "disputed": line.disputed,
                }
                for line in statement.line_ids
            ]
        return values

    # ------------------------------------------------------------------
    # Description
    # ------------------------------------------------------------------
    @http.route(f"{PREFIX}/openapi.json", type="http", auth="none", methods=["GET"], readonly=True)
    def dms_api_openapi(self, **kw):
        with file_open("dms_api/static/openapi.json", "rb") as spec:
            return request.make_response(spec.read(), headers=[("Content-Type", "application/json")])

    @http.route(
        f"{PREFIX}/me", type="http", auth="bearer", methods=["GET"], csrf=False, save_session=False, readonly=True
    )
    def dms_api_me(self, **kw):
        def handler():
            user = request.env.user
            dealer = user.partner_id.commercial_partner_id
            return {
                "user": {"id": user.id, "login": user.login, "name": user.name},
                "dealer": self._dms_api_partner(dealer) if user.share and dealer.is_dealer else None,
                "dealer_admin": bool(user.share and request.env["res.partner"]._dms_portal_is_admin()),
                "delivery_addresses": [
                    {"id": address.id, "name": address.name or dealer.name, "address": self._dms_api_address(address)}
                    for address in (dealer._dms_portal_delivery_addresses() if user.share and dealer.is_dealer else [])
                ],
                "back_office": not user.share,
            }

        return self._dms_api_call(handler)

    # ------------------------------------------------------------------
    # Prices, stock, statements
    # ------------------------------------------------------------------
    @http.route(
        f"{PREFIX}/prices", type="http", auth="bearer", methods=["GET"], csrf=False, save_session=False, readonly=True
    )
    def dms_api_prices(self, skus=None, qty="1", customer_id=None, **kw):
        def handler():
            dealer = self._dms_api_dealer()
            customer = self._dms_api_customer(dealer, customer_id)
            quantity = order_import.parse_quantity(qty)
            if not quantity:
                raise ApiError(400, "bad_request", request.env._("qty must be a positive number."))
            wanted = [sku.strip() for sku in (skus or "").split(",") if sku.strip()]
            if len(wanted) > MAX_PAGE:
                raise ApiError(400, "bad_request", request.env._("At most %(max)s SKUs per call.", max=MAX_PAGE))
            # the SKUs asked for only; the whole catalog when a page of it is asked for
            catalog = customer._dms_portal_catalog_items(wanted or None)
            if not wanted:
                limit, offset = self._dms_api_page(kw)
                wanted = sorted(catalog)[offset : offset + limit]
            known = [sku for sku in wanted if sku in catalog]
            products = request.env["product.product"].browse([catalog[sku].product_id for sku in known])
            prices = customer._dms_portal_get_prices([(product, quantity) for product in products])
            items = []
            for sku, product, price in zip(known, products, prices, strict=True):
                items.append(
                    {
                        "sku": sku,
                        "product_id": product.id,
                        "name": product.sudo().display_name,
                        "qty": quantity,
                        "price": price["price"],
                        "source": price["source"] or None,
                        "policy_line_id": price["policy_line_id"] or None,
                        "explanation": price["explanation"] or "",
                        "availability": catalog[sku].availability,
                    }
                )
            return {
                "customer": self._dms_api_partner(customer),
                "currency": request.env.company.currency_id.name,
                "prices": items,
                "not_in_catalog": [sku for sku in wanted if sku not in catalog],
            }

        return self._dms_api_call(handler)

    @http.route(
        f"{PREFIX}/stock", type="http", auth="bearer", methods=["GET"], csrf=False, save_session=False, readonly=True
    )
    def dms_api_stock(self, dealer_id=None, **kw):
        def handler():
            dealer = self._dms_api_dealer()
            target = dealer
            if dealer_id and _int(dealer_id, "dealer_id") != dealer.id:
                if not request.env["res.partner"]._dms_portal_is_admin():
                    raise AccessError(request.env._("A dealer user reads its own company's stock only."))
                domain = expression.AND(
                    [dealer._dms_portal_customers_domain(), [("id", "=", _int(dealer_id, "dealer_id"))]]
                )
                target = request.env["res.partner"].search(domain, limit=1)
                if not target:
                    raise AccessError(request.env._("This dealer is not downstream of yours."))
            limit, offset = self._dms_api_page(kw)
            # searched as the user: the channel stock rules decide what it sees
            rows = request.env["dms.channel.stock"].search([("dealer_id", "=", target.id)], limit=limit, offset=offset)
            return {
                "dealer": self._dms_api_partner(target),
                "lines": [
                    {
                        "product_id": row.product_id.id,
                        "sku": row.product_id.sudo().default_code or None,
                        "name": row.product_id.sudo().display_name,
                        "lot": row.lot_name or None,
                        "expiration_date": row.expiration_date.isoformat() if row.expiration_date else None,
                        "qty_on_hand": row.qty_on_hand,
                        "uom": row.uom_id.sudo().name,
                    }
                    for row in rows
                ],
            }

        return self._dms_api_call(handler)

    @http.route(
        f"{PREFIX}/statements",
        type="http",
        auth="bearer",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def dms_api_statements(self, dealer_id=None, **kw):
        def handler():
            dealer = self._dms_api_dealer()
            domain = [("state", "!=", "draft")]
            if dealer_id:
                target = self._dms_api_customer(dealer, dealer_id)
                domain.append(("partner_id", "=", target.id))
            limit, offset = self._dms_api_page(kw)
            # searched as the user: the portal statement rules decide what it sees
            statements = request.env["dms.dealer.statement"].search(domain, limit=limit, offset=offset)
            return {"statements": [self._dms_api_statement(statement) for statement in statements]}

        return self._dms_api_call(handler)

    @http.route(
        f"{PREFIX}/statements/<int:statement_id>",
        type="http",
        auth="bearer",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def dms_api_statement(self, statement_id, **kw):
        def handler():
            self._dms_api_dealer()
            statement = request.env["dms.dealer.statement"].search(
                [("id", "=", statement_id), ("state", "!=", "draft")], limit=1
            )
            if not statement:
                raise NotFound()
            return self._dms_api_statement(statement, lines=True)

        return self._dms_api_call(handler)

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    def _dms_api_get_order(self, order_id):
        order = request.env["sale.order"].browse(order_id).exists()
        if not order or not order.has_access("read") or order.sudo().dms_portal_cart:
            raise NotFound()
        return order

    @http.route(
        f"{PREFIX}/orders", type="http", auth="bearer", methods=["GET"], csrf=False, save_session=False, readonly=True
    )
    def dms_api_orders(self, state=None, awaiting_my_approval=None, **kw):
        def handler():
            user = request.env.user
            if user.share:
                self._dms_api_dealer()
            limit, offset = self._dms_api_page(kw)
            domain = [("dms_portal_cart", "=", False)]
            if state:
                domain.append(("dms_state", "=", state))
            if awaiting_my_approval in ("1", "true"):
                # one and the same step: pending, and the caller among its approvers
                domain.append(
                    ("dms_approval_ids", "any", [("state", "=", "pending"), ("approver_user_ids", "in", user.ids)])
                )
            # searched as the user: the portal or back-office order rules decide what it sees
            orders = request.env["sale.order"].search(domain, limit=limit, offset=offset, order="id desc")
            return {"orders": [self._dms_api_order(order) for order in orders]}

        return self._dms_api_call(handler)

    @http.route(
        f"{PREFIX}/orders/<int:order_id>",
        type="http",
        auth="bearer",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def dms_api_order(self, order_id, **kw):
        return self._dms_api_call(lambda: self._dms_api_order(self._dms_api_get_order(order_id)))

    def _dms_api_order_rows(self, body):
        lines = body.get("lines")
        if not isinstance(lines, list) or not lines:
            raise ApiError(400, "bad_request", request.env._("lines must be a non-empty list."))
        if len(lines) > MAX_LINES:
            raise ApiError(400, "bad_request", request.env._("At most %(max)s lines per order.", max=MAX_LINES))
        rows = []
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, dict) or not isinstance(line.get("sku"), str):
                raise ApiError(400, "bad_request", request.env._("Line %(line)s needs a sku and a qty.", line=number))
            rows.append((number, line["sku"].strip(), line.get("qty")))
        return rows

    @http.route(f"{PREFIX}/orders", type="http", auth="bearer", methods=["POST"], csrf=False, save_session=False)
    def dms_api_order_create(self, **kw):
        return self._dms_api_call(self._dms_api_order_create, write=True, idempotent="required")

    def _dms_api_order_create(self, body):
        """Order as the portal does: the customer's catalog (经营范围) and prices, checkout, the rebate
        wallet, then submit into order control, or into a channel order for a dealer-served customer."""
        dealer = self._dms_api_dealer()
        customer = self._dms_api_customer(dealer, body.get("customer_id"))
        if not customer._dms_portal_can_order():
            raise UserError(request.env._("%(dealer)s cannot order at the moment.", dealer=customer.display_name))
        rows = self._dms_api_order_rows(body)
        # only the SKUs ordered are looked up (and their stock read), not the whole catalog
        items = customer._dms_portal_catalog_items([sku for _number, sku, _qty in rows])
        checked = order_import.validate_rows(rows, items)
        bad = [row for row in checked if row["errors"]]
        if bad:
            raise ApiError(
                422,
                "invalid_lines",
                request.env._("Nothing was ordered: some lines are refused."),
                details=[{"line": row["row"], "sku": row["sku"], "errors": row["errors"]} for row in bad],
            )
        SaleOrder = request.env["sale.order"]
        # sudo: the same cart the portal creates for this user and customer (checked above)
        cart = SaleOrder.sudo()._dms_portal_create_cart(customer, request.env.user)
        cart._dms_portal_add_products(order_import.merge_valid_rows(checked))
        cart._dms_portal_checkout(
            shipping_id=body.get("shipping_id"),
            commitment_date=body.get("commitment_date"),
            client_order_ref=body.get("client_order_ref"),
            note=body.get("note"),
        )
        wallet = body.get("use_wallet")
        if wallet:
            if customer != dealer:
                raise UserError(request.env._("Only the dealer's own orders are paid from its rebate wallet."))
            amount = None if wallet is True else wallet
            if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float))):
                raise ApiError(400, "bad_request", request.env._("use_wallet is true or an amount."))
            cart._dms_apply_rebate_wallet(amount)
        cart_id = cart.id
        result = cart._dms_portal_submit()
        if getattr(result, "_name", None) == "dms.channel.order":
            return 201, self._dms_api_channel_order(result)
        return 201, self._dms_api_order(SaleOrder.browse(cart_id))

    @http.route(
        f"{PREFIX}/orders/<int:order_id>/receipt",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def dms_api_order_receipt(self, order_id, **kw):
        def handler(body):
            self._dms_api_dealer()
            order = self._dms_api_get_order(order_id)
            if not order.sudo().partner_id._dms_portal_can_act():
                raise AccessError(request.env._("Only the order's own dealer confirms its receipt."))
            order.action_dms_confirm_receipt(signed_by=request.env.user.partner_id)
            return 200, self._dms_api_order(order)

        return self._dms_api_call(handler, write=True, idempotent="optional")

    @http.route(
        f"{PREFIX}/orders/<int:order_id>/approve",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def dms_api_order_approve(self, order_id, **kw):
        def handler(body):
            self._dms_api_back_office()
            order = self._dms_api_get_order(order_id)
            approval = order._dms_my_pending_approval()
            if not approval:
                raise AccessError(request.env._("%(order)s has no approval step waiting for you.", order=order.name))
            approval[:1].action_approve(comment=body.get("comment"))
            return 200, self._dms_api_order(order)

        return self._dms_api_call(handler, write=True, idempotent="optional")

    @http.route(
        f"{PREFIX}/orders/<int:order_id>/confirm",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def dms_api_order_confirm(self, order_id, **kw):
        def handler(body):
            self._dms_api_back_office()
            order = self._dms_api_get_order(order_id)
            order.action_confirm()
            return 200, self._dms_api_order(order)

        return self._dms_api_call(handler, write=True, idempotent="optional")

    # ------------------------------------------------------------------
    # Channel orders and sell-out (dms_channel)
    # ------------------------------------------------------------------
    @http.route(
        f"{PREFIX}/channel-orders", type="http", auth="bearer", methods=["POST"], csrf=False, save_session=False
    )
    def dms_api_channel_order_create(self, **kw):
        def handler(body):
            self._dms_api_dealer()
            rows = self._dms_api_order_rows(body)
            skus = {sku for _n, sku, _q in rows}
            # sudo: product ids of the SKUs the caller sent; dms_channel checks its offer to the customer
            products = request.env["product.product"].sudo().search([("default_code", "in", list(skus))])
            by_sku = {product.default_code: product.id for product in products}
            quantities = {}
            for number, sku, qty in rows:
                quantity = order_import.parse_quantity(qty)
                if sku not in by_sku or not quantity:
                    raise ApiError(
                        422,
                        "invalid_lines",
                        request.env._("Nothing was ordered: some lines are refused."),
                        details=[{"line": number, "sku": sku, "errors": ["unknown_sku" if quantity else "bad_qty"]}],
                    )
                quantities[by_sku[sku]] = quantities.get(by_sku[sku], 0.0) + quantity
            order = request.env["dms.channel.order"]._channel_create_for_customer(
                body.get("customer_id"),
                quantities,
                accept=bool(body.get("accept")),
                extra={"note": body.get("note") or False, "client_order_ref": body.get("client_order_ref") or False},
            )
            return 201, self._dms_api_channel_order(order)

        return self._dms_api_call(handler, write=True, idempotent="required")

    @http.route(f"{PREFIX}/sellout", type="http", auth="bearer", methods=["POST"], csrf=False, save_session=False)
    def dms_api_sellout(self, **kw):
        def handler(body):
            self._dms_api_dealer()
            key = body.get("report_key") or request.httprequest.headers.get("Idempotency-Key")
            result = request.env["dms.channel.sellout.report"].dms_api_report(key, body.get("lines"))
            return (201 if result["created"] else 200), result

        return self._dms_api_call(handler, write=True, idempotent="required")

    # ------------------------------------------------------------------
    # Webhooks
    # ------------------------------------------------------------------
    def _dms_api_webhook(self, hook, secret=None):
        values = {"id": hook.id, "name": hook.name, "url": hook.url, "active": hook.active, "events": ["order.state"]}
        if secret:
            values["secret"] = secret
        return values

    @http.route(
        f"{PREFIX}/webhooks", type="http", auth="bearer", methods=["GET"], csrf=False, save_session=False, readonly=True
    )
    def dms_api_webhooks(self, **kw):
        def handler():
            self._dms_api_dealer()
            # searched as the user: a portal user sees its own subscriptions only
            hooks = request.env["dms.api.webhook"].search([("user_id", "=", request.env.uid)])
            return {"webhooks": [self._dms_api_webhook(hook) for hook in hooks]}

        return self._dms_api_call(handler)

    @http.route(f"{PREFIX}/webhooks", type="http", auth="bearer", methods=["POST"], csrf=False, save_session=False)
    def dms_api_webhook_create(self, **kw):
        def handler(body):
            self._dms_api_dealer()
            url = body.get("url")
            if not isinstance(url, str) or not url:
                raise ApiError(400, "bad_request", request.env._("url is required."))
            name = body.get("name") if isinstance(body.get("name"), str) else ""
            # sudo: a subscription of the calling user only, with a URL checked against HQ's list
            hook = (
                request.env["dms.api.webhook"]
                .sudo()
                .create({"name": name.strip()[:128] or url[:128], "url": url, "user_id": request.env.uid})
            )
            return 201, self._dms_api_webhook(hook, secret=hook.secret)

        return self._dms_api_call(handler, write=True, idempotent="optional")

    @http.route(
        f"{PREFIX}/webhooks/<int:webhook_id>",
        type="http",
        auth="bearer",
        methods=["DELETE"],
        csrf=False,
        save_session=False,
    )
    def dms_api_webhook_delete(self, webhook_id, **kw):
        def handler(body):
            self._dms_api_dealer()
            hook = request.env["dms.api.webhook"].search([("id", "=", webhook_id), ("user_id", "=", request.env.uid)])
            if not hook:
                raise NotFound()
            # sudo: the user's own subscription, just found as the user
            hook.sudo().unlink()
            return 200, {"deleted": True, "id": webhook_id}

        return self._dms_api_call(handler, write=True)
