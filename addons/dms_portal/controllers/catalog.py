# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealer catalog (经营范围): search, paging, prices, availability, images."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import order_import
from .portal import CATALOG_PER_PAGE, DmsPortal


class DmsCatalogPortal(DmsPortal):
    """The products the customer may buy, with its own prices."""

    def _dms_tier_quantities(self):
        raw = request.env["ir.config_parameter"].sudo().get_param("dms_portal.tier_quantities", "10,50")
        return [float(q) for q in raw.split(",") if q.strip()]

    @http.route(
        ["/my/dms/catalog", "/my/dms/catalog/page/<int:page>"], type="http", website=True, auth="user", readonly=True
    )
    def dms_catalog(self, page=1, search=None, category=None, **kw):
        dealer = self._dms_require_dealer()
        customer = self._dms_customer(dealer)
        Product = request.env["product.product"].sudo()
        # sudo: every search below is within the customer's catalog domain
        catalog_domain = customer._dms_portal_catalog_domain()
        categories = (
            request.env["product.category"]
            .sudo()
            .browse([categ.id for [categ] in Product._read_group(catalog_domain, ["categ_id"])])
        )
        domain = catalog_domain
        if category:
            try:
                domain = expression.AND([domain, [("categ_id", "=", int(category))]])
            except (TypeError, ValueError):
                raise NotFound() from None
        if search:
            domain = expression.AND([domain, ["|", ("name", "ilike", search), ("default_code", "ilike", search)]])
        pager = portal_pager(
            url="/my/dms/catalog",
            url_args={"search": search, "category": category},
            total=Product.search_count(domain),
            page=page,
            step=CATALOG_PER_PAGE,
        )
        page_products = Product.search(domain, limit=CATALOG_PER_PAGE, offset=pager["offset"])
        promotions = customer._dms_portal_promotions(page_products)
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
                    "promotions": promotions["by_product"].get(product.id, []),
                }
            )
        values = self._dms_values(
            page_name="dms_catalog",
            rows=rows,
            categories=categories,
            order_promotions=promotions["order"],
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
        product = customer._dms_portal_catalog_products([("id", "=", product_id)])
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
        skus = [sku for sku in (skus or [])[:200] if isinstance(sku, str)]
        catalog = customer._dms_portal_catalog_items(skus)
        result = {}
        products = request.env["product.product"].browse([catalog[sku].product_id for sku in skus if sku in catalog])
        prices = customer._dms_portal_get_prices([(p, 1.0) for p in products])
        for product, price in zip(products, prices, strict=True):
            result[product.sudo().default_code] = {
                "name": product.sudo().display_name,
                "price": price["price"],
                "explanation": price["explanation"],
                "availability": catalog[product.sudo().default_code].availability,
            }
        return result
