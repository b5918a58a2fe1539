# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.http import request

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
    def _dms_portal_catalog_products(self):
        """product.product the commercial entity of ``self`` may buy (its seller's offer)."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        offer = self.env["dms.price.engine"].sudo()._get_catalog_products(dealer)
        # only the goods of the dealer's assortment (经营范围, dms_order)
        return self.env["dms.assortment"].sudo()._filter_authorised(dealer, offer)

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

    def _dms_portal_catalog_items(self):
        """``{sku: CatalogItem}`` used by quick order and spreadsheet upload."""
        products = self._dms_portal_catalog_products().filtered("default_code")
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
