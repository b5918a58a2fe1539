# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Downstream customers and ordering on behalf (代客下单)."""

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import ORDERS_PER_PAGE, SESSION_CUSTOMER, DmsPortal


class DmsCustomersPortal(DmsPortal):
    """Administrators list their downstream customers and order for one."""

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
