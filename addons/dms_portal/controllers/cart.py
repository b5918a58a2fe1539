# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealer cart: add, quick order, upload, templates, checkout and submit."""

from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from ..tools import order_import
from .portal import DmsPortal


class DmsCartPortal(DmsPortal):
    """The cart of the current user for its dealer or a downstream customer."""

    def _dms_cart_values(self, dealer, **extra):
        customer = self._dms_customer(dealer)
        cart = request.env["sale.order"]._dms_portal_get_cart(customer)
        templates = request.env["dms.order.template"].search([])
        return self._dms_values(page_name="dms_cart", cart=cart, templates=templates, **extra)

    @http.route("/my/dms/cart", type="http", website=True, auth="user")
    def dms_cart(self, error=None, **kw):
        dealer = self._dms_require_dealer()
        return request.render("dms_portal.portal_dms_cart", self._dms_cart_values(dealer, error=error))

    @http.route("/my/dms/cart/add", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_add(self, product_id=None, qty="1", packaging_id=None, **kw):
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        try:
            product = request.env["product.product"].sudo().browse(int(product_id or 0)).exists()
            packaging_id = int(packaging_id or 0)
        except (TypeError, ValueError):
            raise NotFound() from None
        # only this product is looked up in the catalog (constant cost, whatever its size)
        items = customer._dms_portal_catalog_items([product.default_code] if product.default_code else [])
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
        return self._dms_redirect("/my/dms/cart")

    def _dms_preview(self, dealer, rows, source):
        customer = self._dms_customer(dealer)
        skus = {sku for _n, sku, _q in rows if sku}
        items = customer._dms_portal_catalog_items(skus)
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
            return self._dms_redirect("/my/dms/cart?error=no_file")
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
        return self._dms_redirect("/my/dms/cart")

    @http.route("/my/dms/cart/update", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_update(self, line_id=None, qty="0", **kw):
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        # only the products the dealer chose: promotion and wallet lines follow from them
        line = cart._dms_portal_product_lines().filtered(lambda line: str(line.id) == str(line_id))
        if not line:
            raise NotFound()
        quantity = order_import.parse_quantity(qty)
        if quantity:
            line.product_uom_qty = quantity
        else:
            line.unlink()
        cart._dms_portal_cart_changed()
        return self._dms_redirect("/my/dms/cart")

    def _dms_checkout_form(self, kw):
        return {
            "shipping_id": kw.get("shipping_id") or "",
            "commitment_date": kw.get("commitment_date") or "",
            "client_order_ref": kw.get("client_order_ref") or "",
            "note": kw.get("note") or "",
        }

    def _dms_checkout_redirect(self, kw, error=None):
        """Back to the checkout, keeping what the dealer typed there."""
        query = {key: value for key, value in self._dms_checkout_form(kw).items() if value}
        if error:
            query["error"] = error
        return self._dms_redirect(f"/my/dms/cart/checkout?{url_encode(query)}")

    @http.route("/my/dms/cart/wallet", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_wallet(self, wallet_amount=None, **kw):
        """Spend the rebate wallet on the cart (0 gives it all back); capped by dms_rebate."""
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        try:
            cart._dms_portal_set_wallet(wallet_amount)
        except UserError as error:
            return self._dms_checkout_redirect(kw, error.args[0])
        return self._dms_checkout_redirect(kw)

    @http.route("/my/dms/cart/reward", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_reward(self, reward_id=None, **kw):
        """Claim a promotion reward that needs a choice (only one the engine offers this cart)."""
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        try:
            with request.env.cr.savepoint():
                cart._dms_portal_claim_reward(reward_id, kw.get(f"reward_product_{reward_id}"))
        except UserError as error:
            return self._dms_checkout_redirect(kw, error.args[0])
        return self._dms_checkout_redirect(kw)

    @http.route("/my/dms/cart/checkout", type="http", website=True, auth="user", readonly=True)
    def dms_cart_checkout(self, error=None, **kw):
        """Delivery address, requested date, PO reference, remarks and the order summary."""
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        cart = request.env["sale.order"]._dms_portal_get_cart(customer)
        if not cart or not cart._dms_portal_product_lines():
            return self._dms_redirect("/my/dms/cart")
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
            form=self._dms_checkout_form(kw),
            wallet=cart._dms_portal_wallet_info(),
            reward_choices=cart._dms_portal_claimable_choices(),
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
            return self._dms_redirect(f"/my/dms/cart/checkout?{url_encode(dict(form, error=error.args[0]))}")
        return self._dms_redirect(f"/my/dms/orders/{cart.id}/submitted")

    @http.route("/my/dms/orders/<int:order_id>/submitted", type="http", website=True, auth="user", readonly=True)
    def dms_order_submitted(self, order_id, **kw):
        """Confirmation page after submitting an order."""
        self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        if order_sudo.dms_portal_cart:
            return self._dms_redirect("/my/dms/cart/checkout")
        values = self._dms_values(
            page_name="dms_order_submitted", order=order_sudo, summary=order_sudo._dms_portal_summary()
        )
        return request.render("dms_portal.portal_dms_order_submitted", values)

    @http.route("/my/dms/cart/save_template", type="http", website=True, auth="user", methods=["POST"])
    def dms_cart_save_template(self, name=None, **kw):
        dealer = self._dms_require_dealer()
        cart = self._dms_get_own_cart(dealer)
        lines = cart._dms_portal_product_lines()
        if not name or not lines:
            return self._dms_redirect("/my/dms/cart?error=template")
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
        return self._dms_redirect("/my/dms/cart")

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
        return self._dms_redirect("/my/dms/cart")
