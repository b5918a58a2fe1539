# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal


class DmsChannelCartPortal(DmsPortal):
    """The portal cart of a customer served by its dealer is submitted as a channel order of that dealer."""

    @http.route()
    def dms_cart_submit(self, **kw):
        dealer = self._dms_dealer()
        cart = request.env["sale.order"]._dms_portal_get_cart(self._dms_customer(dealer)) if dealer else None
        cart_id = cart.id if cart else None
        response = super().dms_cart_submit(**kw)
        if cart_id:
            # searched as the user: the buyer, the seller and the upstream see the submitted order
            order = request.env["dms.channel.order"].search([("portal_cart_ref", "=", cart_id)], limit=1)
            if order:
                return request.redirect(f"/my/channel/{order.id}")
        return response
