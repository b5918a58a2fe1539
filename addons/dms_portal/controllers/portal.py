# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import order_import

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
    # Dashboard
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    def _dms_orders_domain(self, scope=None, dealer=None):
        domain = [("dms_portal_cart", "=", False)]
        if scope == "own" and dealer:
            domain.append(("dealer_id", "=", dealer.id))
        elif scope == "downstream" and dealer:
            domain.append(("dealer_id", "!=", dealer.id))
        return domain

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

    def _dms_order_check(self, order_id, access_token=None):
        try:
            return self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

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

    def _dms_add_catalog_quantities(self, dealer, quantities):
        """Add ``{product_id: qty}`` of a template or a past order: the products the customer may
        buy today are added, the others are named in the message shown with the cart."""
        customer = self._dms_customer(dealer)
        catalog = set(customer._dms_portal_catalog_products().ids)
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
        return request.redirect("/my/dms/cart")

    def _dms_cart_redirect(self, error=None, url="/my/dms/cart"):
        if not error:
            return request.redirect(url)
        return request.redirect(f"{url}?{url_encode({'error': error})}")

    # ------------------------------------------------------------------
    # Catalog
    # ------------------------------------------------------------------
    def _dms_tier_quantities(self):
        raw = request.env["ir.config_parameter"].sudo().get_param("dms_portal.tier_quantities", "10,50")
        return [float(q) for q in raw.split(",") if q.strip()]

    @http.route(
        ["/my/dms/catalog", "/my/dms/catalog/page/<int:page>"], type="http", website=True, auth="user", readonly=True
    )
    def dms_catalog(self, page=1, search=None, category=None, **kw):
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        products = customer._dms_portal_catalog_products()
        categories = products.categ_id
        if category:
            products = products.filtered(lambda p: str(p.categ_id.id) == str(category))
        if search:
            term = search.lower()
            products = products.filtered(
                lambda p: term in (p.name or "").lower() or term in (p.default_code or "").lower()
            )
        pager = portal_pager(
            url="/my/dms/catalog",
            url_args={"search": search, "category": category},
            total=len(products),
            page=page,
            step=CATALOG_PER_PAGE,
        )
        page_products = products[pager["offset"] : pager["offset"] + CATALOG_PER_PAGE]
        tiers = self._dms_tier_quantities()
        pairs = [(p, 1.0) for p in page_products] + [(p, q) for p in page_products for q in tiers]
        prices = customer._dms_portal_get_prices(pairs)
        price_map = {(p.id, q): price for (p, q), price in zip(pairs, prices, strict=True)}
        rows = []
        availability = customer._dms_portal_availability(page_products)
        packagings = self._dms_packagings(page_products)
        for product in page_products:
            base = price_map[(product.id, 1.0)]
            rows.append(
                {
                    "product": product,
                    "price": base,
                    "tiers": [
                        (q, price_map[(product.id, q)]["price"])
                        for q in tiers
                        if price_map[(product.id, q)]["price"] < base["price"]
                    ],
                    "availability": availability.get(product.id, order_import.IN_STOCK),
                    "min_qty": product.product_tmpl_id.dms_portal_min_qty,
                    "packagings": packagings.get(product.id, []),
                }
            )
        values = self._dms_values(
            page_name="dms_catalog",
            rows=rows,
            categories=categories,
            category=category,
            search=search or "",
            pager=pager,
            currency=request.env.company.currency_id,
        )
        return request.render("dms_portal.portal_dms_catalog", values)

    def _dms_packagings(self, products):
        """``{product_id: [(packaging_id, label)]}``: sales packagings as "1 箱 = 24 瓶"."""
        result = {}
        # sudo: packagings of products already in the customer's catalog
        for product in products.sudo():
            packs = product.packaging_ids.filtered(lambda pack: pack.qty > 0 and ("sales" not in pack or pack.sales))
            result[product.id] = [
                (
                    pack.id,
                    request.env._(
                        "1 %(pack)s = %(qty)s %(uom)s",
                        pack=pack.name,
                        qty=order_import.format_quantity(pack.qty),
                        uom=product.uom_id.name,
                    ),
                    pack.name,
                )
                for pack in packs
            ]
        return result

    @http.route("/my/dms/catalog/image/<int:product_id>", type="http", auth="user", readonly=True)
    def dms_catalog_image(self, product_id, **kw):
        """Thumbnail of a product of the customer's catalog (portal users do not read products)."""
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        product = customer._dms_portal_catalog_products().filtered(lambda p: p.id == product_id)
        if not product:
            raise NotFound()
        # sudo: the product was just checked to be in the customer's catalog
        stream = request.env["ir.binary"]._get_image_stream_from(
            product.sudo(), "image_128", placeholder="product/static/img/placeholder_thumbnail.png"
        )
        return stream.get_response(max_age=3600)

    @http.route("/my/dms/json/price", type="json", auth="user", readonly=True)
    def dms_json_price(self, skus=None, **kw):
        """Price and availability of SKUs for the current customer (used by quick order)."""
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        catalog = customer._dms_portal_catalog_items()
        result = {}
        products = request.env["product.product"].browse(
            [catalog[sku].product_id for sku in (skus or [])[:200] if sku in catalog]
        )
        prices = customer._dms_portal_get_prices([(p, 1.0) for p in products])
        for product, price in zip(products, prices, strict=True):
            result[product.sudo().default_code] = {
                "name": product.sudo().display_name,
                "price": price["price"],
                "explanation": price["explanation"],
                "availability": catalog[product.sudo().default_code].availability,
            }
        return result

    # ------------------------------------------------------------------
    # Cart, quick order, upload, templates
    # ------------------------------------------------------------------
    def _dms_cart_values(self, dealer, **extra):
        customer = self._dms_customer(dealer)
        cart = request.env["sale.order"]._dms_portal_get_cart(customer)
        templates = request.env["dms.order.template"].search([])
        return self._dms_values(page_name="dms_cart", cart=cart, templates=templates, **extra)

    @http.route("/my/dms/cart", type="http", website=True, auth="user")
    def dms_cart(self, error=None, **kw):
        dealer = self._dms_require_dealer()
        return request.render("dms_portal.portal_dms_cart", self._dms_cart_values(dealer, error=error))

    def _dms_add_quantities(self, dealer, quantities):
        customer = self._dms_customer(dealer)
        if not customer._dms_portal_can_order():
            raise UserError(request.env._("%(dealer)s cannot order at the moment.", dealer=customer.display_name))
        cart = request.env["sale.order"]._dms_portal_get_cart(customer, create=True)
        cart._dms_portal_add_products(quantities)
        return cart

    @http.route("/my/dms/cart/add", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_add(self, product_id=None, qty="1", packaging_id=None, **kw):
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        items = customer._dms_portal_catalog_items()
        try:
            product = request.env["product.product"].sudo().browse(int(product_id or 0)).exists()
            packaging_id = int(packaging_id or 0)
        except (TypeError, ValueError):
            raise NotFound() from None
        if packaging_id:
            # ordered in cases: converted to units of the product
            packaging = product.packaging_ids.filtered(lambda pack: pack.id == packaging_id and pack.qty > 0)
            quantity = order_import.parse_quantity(qty)
            if not packaging:
                raise NotFound()
            qty = quantity * packaging.qty if quantity else qty
        sku = product.default_code if product else None
        rows = order_import.validate_rows([(1, sku or "", qty)], items, {sku} if sku else set())
        if rows[0]["errors"]:
            self._dms_explain_rows(rows)
            labels = self._dms_error_labels()
            message = "; ".join(rows[0].get("detail") or labels.get(code, code) for code in rows[0]["errors"])
            if product and not rows[0].get("detail"):
                message = f"{product.display_name}: {message}"
            return self._dms_cart_redirect(message)
        try:
            self._dms_add_quantities(dealer, order_import.merge_valid_rows(rows))
        except UserError as error:
            return self._dms_cart_redirect(error.args[0])
        return request.redirect("/my/dms/cart")

    def _dms_preview(self, dealer, rows, source):
        customer = self._dms_customer(dealer)
        items = customer._dms_portal_catalog_items()
        skus = {sku for _n, sku, _q in rows if sku}
        # sudo: only tells "exists but not for you" for SKUs the user typed
        known = set(
            request.env["product.product"].sudo().search([("default_code", "in", list(skus))]).mapped("default_code")
        )
        checked = order_import.validate_rows(rows, items, known)
        return self._dms_explain_rows(checked)

    def _dms_explain_rows(self, checked):
        """Name the product of rows refused because the customer may not buy it."""
        skus = [row["sku"] for row in checked if order_import.NOT_SOLD in row["errors"]]
        if not skus:
            return checked
        # sudo: names of the products whose SKU the user typed
        names = {
            product.default_code: product.display_name
            for product in request.env["product.product"].sudo().search([("default_code", "in", skus)])
        }
        for row in checked:
            if order_import.NOT_SOLD in row["errors"]:
                row["detail"] = request.env._(
                    "Not sold to this customer: %(product)s is not in the products you may order (经营范围).",
                    product=names.get(row["sku"], row["sku"]),
                )
        return checked

    @http.route("/my/dms/cart/quick", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_quick(self, lines="", **kw):
        dealer = self._dms_require_dealer()
        checked = self._dms_preview(dealer, order_import.parse_text_lines(lines), "quick")
        return self._dms_render_preview(dealer, checked, "quick")

    @http.route("/my/dms/cart/upload", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_upload(self, upload=None, **kw):
        dealer = self._dms_require_dealer()
        if not upload or not getattr(upload, "filename", None):
            return request.redirect("/my/dms/cart?error=no_file")
        try:
            # never more than the cap is read from the request, whatever the file claims
            rows = order_import.read_spreadsheet(upload.read(order_import.MAX_UPLOAD_BYTES + 1), upload.filename)
        except order_import.SpreadsheetError as error:
            return request.render(
                "dms_portal.portal_dms_cart",
                self._dms_cart_values(dealer, error=self._dms_spreadsheet_error_message(error)),
            )
        checked = self._dms_preview(dealer, rows, "upload")
        return self._dms_render_preview(dealer, checked, "upload")

    def _dms_spreadsheet_error_message(self, error):
        if error.code == order_import.TOO_LARGE:
            return request.env._(
                "The file is too large: send at most %(size)s MB.", size=order_import.MAX_UPLOAD_BYTES // (1024 * 1024)
            )
        if error.code == order_import.TOO_MANY_ROWS:
            return request.env._(
                "The sheet has too many rows: send at most %(rows)s lines.", rows=order_import.MAX_ROWS
            )
        return request.env._("The file is not a readable .xlsx or .xls sheet.")

    def _dms_error_labels(self):
        return {
            order_import.UNKNOWN_SKU: request.env._("Unknown SKU"),
            order_import.BAD_QTY: request.env._("Quantity is not a positive number"),
            order_import.BELOW_MIN: request.env._("Below the minimum order quantity"),
            order_import.NOT_SOLD: request.env._("Not sold to this customer"),
            order_import.OUT: request.env._("Out of stock"),
        }

    def _dms_render_preview(self, dealer, checked, source):
        labels = self._dms_error_labels()
        values = self._dms_cart_values(
            dealer,
            preview=checked,
            preview_source=source,
            error_labels=labels,
            preview_valid=[r for r in checked if not r["errors"]],
            preview_bad=[r for r in checked if r["errors"]],
        )
        return request.render("dms_portal.portal_dms_cart", values)

    @http.route("/my/dms/cart/import", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_import(self, **post):
        """Add the rows of a preview (re-validated: the browser is not trusted)."""
        dealer = self._dms_require_dealer()
        rows = []
        index = 0
        while f"sku_{index}" in post and index < order_import.MAX_ROWS:
            rows.append((index + 1, post[f"sku_{index}"], post.get(f"qty_{index}")))
            index += 1
        checked = self._dms_preview(dealer, rows, "import")
        if any(r["errors"] for r in checked):
            return self._dms_render_preview(dealer, checked, "import")
        try:
            self._dms_add_quantities(dealer, order_import.merge_valid_rows(checked))
        except UserError as error:
            return self._dms_cart_redirect(error.args[0])
        return request.redirect("/my/dms/cart")

    def _dms_get_own_cart(self, dealer):
        cart = request.env["sale.order"]._dms_portal_get_cart(self._dms_customer(dealer))
        if not cart:
            raise NotFound()
        return cart

    @http.route("/my/dms/cart/update", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_update(self, line_id=None, qty="0", **kw):
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        line = cart.order_line.filtered(lambda line: str(line.id) == str(line_id))
        if not line:
            raise NotFound()
        quantity = order_import.parse_quantity(qty)
        if quantity:
            line.product_uom_qty = quantity
        else:
            line.unlink()
        return request.redirect("/my/dms/cart")

    @http.route("/my/dms/cart/checkout", type="http", website=True, auth="user", readonly=True)
    def dms_cart_checkout(self, error=None, **kw):
        """Delivery address, requested date, PO reference, remarks and the order summary."""
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        cart = request.env["sale.order"]._dms_portal_get_cart(customer)
        if not cart or not cart.order_line.filtered(lambda line: not line.display_type):
            return request.redirect("/my/dms/cart")
        addresses = [
            (address.id, self._dms_address_label(address)) for address in customer._dms_portal_delivery_addresses()
        ]
        values = self._dms_values(
            page_name="dms_checkout",
            cart=cart,
            addresses=addresses,
            summary=cart._dms_portal_summary(),
            today=fields.Date.to_string(fields.Date.context_today(cart)),
            error=error,
            form={
                "shipping_id": kw.get("shipping_id") or "",
                "commitment_date": kw.get("commitment_date") or "",
                "client_order_ref": kw.get("client_order_ref") or "",
                "note": kw.get("note") or "",
            },
        )
        return request.render("dms_portal.portal_dms_checkout", values)

    def _dms_address_label(self, address):
        parts = [address.street, address.street2, address.city, address.state_id.name, address.zip]
        name = address.name or address.parent_id.name
        return " — ".join(filter(None, [name, ", ".join(filter(None, parts))]))

    @http.route("/my/dms/cart/submit", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_submit(self, shipping_id=None, commitment_date=None, client_order_ref=None, note=None, **kw):
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        try:
            # one transaction: a refused submit leaves the cart as it was (checkout choices included)
            with request.env.cr.savepoint():
                cart._dms_portal_checkout(
                    shipping_id=shipping_id,
                    commitment_date=commitment_date,
                    client_order_ref=client_order_ref,
                    note=note,
                )
                cart._dms_portal_submit()
        except UserError as error:
            form = {
                "shipping_id": shipping_id or "",
                "commitment_date": commitment_date or "",
                "client_order_ref": client_order_ref or "",
                "note": note or "",
            }
            return request.redirect(f"/my/dms/cart/checkout?{url_encode(dict(form, error=error.args[0]))}")
        return request.redirect(f"/my/dms/orders/{cart.id}/submitted")

    @http.route("/my/dms/orders/<int:order_id>/submitted", type="http", website=True, auth="user", readonly=True)
    def dms_order_submitted(self, order_id, **kw):
        """Confirmation page after submitting an order."""
        self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        if order_sudo.dms_portal_cart:
            return request.redirect("/my/dms/cart/checkout")
        values = self._dms_values(
            page_name="dms_order_submitted", order=order_sudo, summary=order_sudo._dms_portal_summary()
        )
        return request.render("dms_portal.portal_dms_order_submitted", values)

    @http.route("/my/dms/cart/save_template", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_save_template(self, name=None, **kw):
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        lines = cart.order_line.filtered(lambda line: line.product_id and not line.display_type)
        if not name or not lines:
            return request.redirect("/my/dms/cart?error=template")
        # created as the portal user: the template rule keeps it in its own company
        request.env["dms.order.template"].create(
            {
                "name": name,
                "partner_id": dealer.id,
                "line_ids": [
                    (0, 0, {"product_id": line.product_id.id, "product_uom_qty": line.product_uom_qty})
                    for line in lines
                ],
            }
        )
        return request.redirect("/my/dms/cart")

    @http.route("/my/dms/templates/<int:template_id>/use", type="http", website=True, auth="user", methods=["POST"])
    def dms_template_use(self, template_id, **kw):
        dealer = self._dms_require_dealer()
        template = request.env["dms.order.template"].search([("id", "=", template_id)])
        if not template:
            raise NotFound()
        return self._dms_add_catalog_quantities(dealer, template._dms_quantities())

    @http.route("/my/dms/templates/<int:template_id>/delete", type="http", website=True, auth="user", methods=["POST"])
    def dms_template_delete(self, template_id, **kw):
        self._dms_require_dealer()
        template = request.env["dms.order.template"].search([("id", "=", template_id)])
        if not template:
            raise NotFound()
        template.unlink()
        return request.redirect("/my/dms/cart")

    # ------------------------------------------------------------------
    # Downstream customers and ordering on behalf (代客下单)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/dms/customers", "/my/dms/customers/page/<int:page>"],
        type="http",
        website=True,
        auth="user",
        readonly=True,
    )
    def dms_customers(self, page=1, search=None, **kw):
        dealer = self._dms_require_admin()
        Partner = request.env["res.partner"]
        domain = dealer._dms_portal_customers_domain()
        if search:
            domain = expression.AND([domain, ["|", ("name", "ilike", search), ("ref", "ilike", search)]])
        count = Partner.search_count(domain)
        pager = portal_pager(
            url="/my/dms/customers", url_args={"search": search}, total=count, page=page, step=ORDERS_PER_PAGE
        )
        customers = Partner.search_fetch(
            domain,
            ["name", "ref", "dealer_type", "dealer_state", "dealer_parent_id", "city"],
            order="dealer_path, id",
            limit=ORDERS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._dms_values(page_name="dms_customers", customers=customers, pager=pager, search=search or "")
        return request.render("dms_portal.portal_dms_customers", values)

    @http.route("/my/dms/behalf", type="http", website=True, auth="user", methods=["POST"])
    def dms_behalf(self, customer_id=None, **kw):
        dealer = self._dms_require_dealer()
        if customer_id and str(customer_id) != "0":
            customer = self._dms_downstream_customer(dealer, customer_id)
            if not customer:
                raise Forbidden()
            request.session[SESSION_CUSTOMER] = customer.id
        else:
            request.session.pop(SESSION_CUSTOMER, None)
        return request.redirect("/my/dms/catalog")
