# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

#: most orders one browser session may send per hour through the public form
MAX_PER_HOUR = 5
#: product lines of the public form
FORM_LINES = 3


class DmsInventoryPublic(http.Controller):
    """Public order form of end customers (O2O): the order is routed to the nearest dealer with stock."""

    def _form_values(self, **extra):
        env = request.env(su=True)  # sudo: the public catalog of saleable products and the provinces, read only
        products = env["product.product"].search([("sale_ok", "=", True), ("is_storable", "=", True)], limit=200)
        states = env["res.country.state"].search([("country_id", "=", env.company.country_id.id)])
        return dict({"products": products, "states": states, "lines": range(FORM_LINES)}, **extra)

    @http.route("/o2o/order", type="http", auth="public", website=True, sitemap=False)
    def dms_o2o_form(self, **kw):
        return request.render("dms_inventory.o2o_order_form", self._form_values())

    @http.route("/o2o/order/submit", type="http", auth="public", methods=["POST"], website=True, sitemap=False)
    def dms_o2o_submit(self, **post):
        now = time.time()
        sent = [stamp for stamp in request.session.get("dms_o2o_sent", []) if now - stamp < 3600]
        if len(sent) >= MAX_PER_HOUR:
            return request.render(
                "dms_inventory.o2o_order_form",
                self._form_values(
                    error=request.env._("Too many orders from this browser: try again later."), post=post
                ),
            )
        lines = []
        for i in range(FORM_LINES):
            product, qty = post.get(f"product_{i}"), post.get(f"qty_{i}")
            if product and qty:
                lines.append((product, qty))
        vals = {
            key: (post.get(key) or "").strip()[:200]
            for key in ("customer_name", "phone", "email", "street", "city", "zip")
        }
        if post.get("state_id", "").isdigit():
            vals["state_id"] = int(post["state_id"])
        try:
            # sudo: anonymous visitors create routed orders only here, with whitelisted values checked by _route_create
            order = request.env["dms.inventory.routed.order"].sudo()._route_create(vals, lines, "portal")
        except UserError as exc:
            request.env.cr.rollback()
            return request.render("dms_inventory.o2o_order_form", self._form_values(error=str(exc), post=post))
        request.session["dms_o2o_sent"] = [*sent, now]
        return request.render("dms_inventory.o2o_order_done", {"order": order})
