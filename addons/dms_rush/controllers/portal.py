# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal


class DmsRushPortal(DmsPortal):
    @http.route("/my/dms/orders/<int:order_id>/rush", type="http", website=True, auth="user", methods=["POST"])
    def dms_order_rush(self, order_id, **kw):
        """The dealer flags its own order as urgent (加急), within its monthly quota."""
        self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        if not order_sudo.partner_id._dms_portal_can_act():
            raise Forbidden()
        try:
            # acts as the portal user: the model checks it is the order's own dealer and the quota
            request.env["sale.order"].browse(order_sudo.id).action_dms_rush()
        except (UserError, AccessError) as error:
            return request.redirect(f"/my/dms/orders/{order_id}?{url_encode({'error': error.args[0]})}")
        return request.redirect(f"/my/dms/orders/{order_id}")
