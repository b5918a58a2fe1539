# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.http import request
from odoo.osv import expression

from ..tools import order_import


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Who may act ("seeing is not acting")
    # ------------------------------------------------------------------
    def _dms_portal_can_act(self):
        """Whether the current user may act (accept, sign, decline, pay, post) on a
        document whose customer is ``self``.

        Internal users follow their own rules; a public visitor holding the document's
        access token is the customer. A logged-in portal user acts only for its own
        commercial entity: reading a downstream customer's document (record rules of
        dealer administrators) gives no right to act on it.
        """
        self.ensure_one()
        user = self._dms_portal_acting_user()
        if not user.share or user._is_public():
            return True
        return user.partner_id.commercial_partner_id == self.commercial_partner_id

    @api.model
    def _dms_portal_acting_user(self):
        """The user on whose behalf the code runs.

        Core portal controllers hand documents over as ``with_user(SUPERUSER_ID)``
        (``_document_check_access``); inside an HTTP request the acting person is then
        the request's user, not the superuser.
        """
        user = self.env.user
        if user._is_superuser() and request and getattr(request, "env", None) is not None:
            return request.env.user
        return user

    def _dms_portal_can_order(self):
        """Whether orders may be placed in the portal for this customer."""
        self.ensure_one()
        return self.commercial_partner_id._dealer_can_order()

    # ------------------------------------------------------------------
    # Layered visibility helpers
    # ------------------------------------------------------------------
    @api.model
    def _dms_portal_is_admin(self):
        return self.env.user.has_group("dms_dealer.group_dms_portal_admin")

    def _dms_portal_customers_domain(self):
        """Downstream customers a dealer administrator may see and order for."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        if not dealer.dealer_path:
            return [("id", "=", 0)]
        return dealer._get_dealer_downstream_domain()

    # ------------------------------------------------------------------
    # Catalog, prices, availability (dms_pricing, stock)
    # ------------------------------------------------------------------
    def _dms_portal_catalog_domain(self):
        """product.product domain of what the commercial entity of ``self`` may buy: its seller's
        offer (dms_pricing) within its assortment (经营范围, dms_order). Searched with ``sudo()``
        (portal users do not read products): the domain itself is the access rule."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        offer = self.env["dms.price.engine"].sudo()._get_catalog_products(dealer)
        assortment = self.env["dms.assortment"].sudo()._get_authorised_domain(dealer)
        return expression.AND([[("id", "in", offer.ids)], assortment])

    def _dms_portal_catalog_products(self, domain=None, limit=None, offset=0):
        """product.product (sudo) the commercial entity of ``self`` may buy, narrowed by ``domain``
        and paged in SQL."""
        self.ensure_one()
        full = expression.AND([self._dms_portal_catalog_domain(), domain or []])
        # sudo: the catalog domain keeps it to the products this customer may buy
        return self.env["product.product"].sudo().search(full, limit=limit, offset=offset)

    def _dms_portal_delivery_addresses(self):
        """Delivery addresses (child contacts of type delivery) of the commercial entity of ``self``."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        # sudo: explicit domain on the customer's own contacts
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [("id", "child_of", dealer.id), ("id", "!=", dealer.id), ("type", "=", "delivery")], order="name, id"
            )
        )

    def _dms_portal_get_prices(self, product_qtys):
        """Prices of ``[(product, qty), ...]`` for the commercial entity of ``self``:
        dicts with price, policy_line_id, explanation, floor, source (dms_pricing)."""
        self.ensure_one()
        if not product_qtys:
            return []
        return self.env["dms.price.engine"].sudo()._get_prices(self.commercial_partner_id, product_qtys)

    @api.model
    def _dms_portal_availability(self, products):
        """``{product_id: 'in_stock' | 'low' | 'out'}`` without exposing quantities."""
        threshold = float(self.env["ir.config_parameter"].sudo().get_param("dms_portal.low_stock_threshold", "10"))
        # sudo: the level is derived server side, the quantity itself never leaves it
        return {
            product.id: order_import.availability_level(product.qty_available, threshold, tracked=product.is_storable)
            for product in products.sudo()
        }

    def _dms_portal_catalog_items(self, skus=None):
        """``{sku: CatalogItem}`` used by quick order, spreadsheet upload and add-to-cart; with
        ``skus``, only those SKUs are looked up (and their stock read)."""
        domain = [("default_code", "!=", False)]
        if skus is not None:
            domain = [("default_code", "in", [sku for sku in skus if sku])]
        products = self._dms_portal_catalog_products(domain)
        availability = self._dms_portal_availability(products)
        return {
            product.default_code: order_import.CatalogItem(
                product.id,
                product.product_tmpl_id.dms_portal_min_qty,
                True,
                availability.get(product.id, order_import.IN_STOCK),
            )
            for product in products
        }

    def _dms_portal_promotions(self, products):
        """Promotions that apply to the commercial entity of ``self``:
        ``{"order": [(program, text)], "by_product": {product_id: [(program, text)]}}``; programs
        whose rules name products go on those products, the others apply to the whole order."""
        self.ensure_one()
        customer = self.commercial_partner_id
        draft = self.env["sale.order"].sudo().new({"partner_id": customer.id, "company_id": self.env.company.id})
        programs = self.env["loyalty.program"]._dms_portal_search_for(draft)
        result = {"order": [], "by_product": {}}
        for program in programs:
            text = program._dms_portal_text()
            if not any(rule._get_valid_product_domain() for rule in program.rule_ids):
                result["order"].append((program, text))
                continue
            for matched in program._get_valid_products(products).values():
                for product in matched:
                    entries = result["by_product"].setdefault(product.id, [])
                    if (program, text) not in entries:
                        entries.append((program, text))
        return result

    # ------------------------------------------------------------------
    # Dashboard figures (dms_order, dms_rebate)
    # ------------------------------------------------------------------
    def _dms_portal_credit_info(self):
        self.ensure_one()
        return self.commercial_partner_id.sudo()._dms_credit_info()

    def _dms_portal_rebate_info(self):
        """Wallet balance and progress to the next tier of each active rebate policy."""
        self.ensure_one()
        dealer = self.commercial_partner_id.sudo()
        return {
            "balance": dealer._dms_rebate_wallet_balance(),
            "progress": dealer._dms_rebate_progress(),
            "currency_id": self.env.company.currency_id.id,
        }
