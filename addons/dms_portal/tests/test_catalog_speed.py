# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Catalog search and paging run in SQL, stock is read for the shown page only, and adding to the
cart costs the same number of queries whatever the size of the catalog."""

import logging

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPortalCatalogSpeed(DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()

    def _add_products(self, count, prefix):
        self.env["product.product"].create(
            [
                {
                    "name": f"Bulk {prefix} {i:03d}",
                    "default_code": f"BK-{prefix}-{i:03d}",
                    "list_price": 5.0,
                    "categ_id": self.categ.id,
                    "is_storable": True,
                }
                for i in range(count)
            ]
        )
        self.env.flush_all()

    def _queries(self, url, data=None):
        """Queries of one request, caches warm (the second identical request is measured)."""
        if data is not None:
            data = dict(data, csrf_token=http.Request.csrf_token(self))
        redirects = data is None
        for _i in range(2):
            self.url_open(url, data=data, allow_redirects=redirects)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url, data=data, allow_redirects=redirects)
        self.assertIn(response.status_code, (200, 303))
        self.assertNotIn("error=", response.headers.get("Location", ""))
        return self.cr.sql_log_count - before, response

    def test_catalog_page_query_count_constant(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self._add_products(30, "A")
        few, response = self._queries("/my/dms/catalog")
        self.assertEqual(response.text.count("o_dms_product_card"), 24)
        self._add_products(120, "B")
        many, response = self._queries("/my/dms/catalog")
        self.assertEqual(response.text.count("o_dms_product_card"), 24)
        self.assertEqual(few, many, "the catalog page costs the same for 33 and 153 products")
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            self.url_open("/my/dms/catalog")
        _logger.info("dms portal catalog page: %s queries for 33 and for 153 products", few)

    def test_catalog_search_and_paging_in_sql(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self._add_products(40, "A")
        page = self.url_open("/my/dms/catalog?search=bk-a-03").text
        self.assertEqual(page.count("o_dms_product_card"), 10, "name or SKU, case-insensitive")
        page = self.url_open("/my/dms/catalog/page/2").text
        self.assertEqual(page.count("o_dms_product_card"), 43 - 24)
        page = self.url_open(f"/my/dms/catalog?category={self.categ.id}&search=Tea").text
        self.assertEqual(page.count("o_dms_product_card"), 1)
        self.assertEqual(self.url_open("/my/dms/catalog?category=x").status_code, 404)
        # the hidden (not saleable) product is never found, whatever the search
        self.assertNotIn("TX-01", self.url_open("/my/dms/catalog?search=TX").text)

    def test_add_to_cart_query_count_constant(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        data = {"product_id": self.product_water.id, "qty": "2"}
        self._add_products(10, "A")
        few, response = self._queries("/my/dms/cart/add", data)
        self._add_products(150, "B")
        many, response = self._queries("/my/dms/cart/add", data)
        self.assertEqual(few, many, "adding to the cart costs the same for 13 and 163 products")
        cart = self.env["sale.order"].search(
            [("dms_portal_cart", "=", True), ("dms_ordered_by_user_id", "=", self.portal_a_user.id)]
        )
        self.assertEqual(cart.order_line.product_uom_qty, 12.0)
        self.env.invalidate_all()
        csrf = http.Request.csrf_token(self)
        with self.assertQueryCount(few):
            self.url_open("/my/dms/cart/add", data=dict(data, csrf_token=csrf), allow_redirects=False)
        _logger.info("dms portal add to cart: %s queries for 13 and for 163 products", few)
