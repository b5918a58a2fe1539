# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from urllib.parse import quote

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.dms_channel_order_return import PHOTO_MAX_BYTES


class DmsChannelReturnPortal(CustomerPortal):
    """Returns between dealers and shipment cancellation in the portal.

    Everything runs as the portal user: the models check the side (buyer requests and cancels,
    seller accepts, refuses and cancels its shipments).
    """

    def _dms_channel_check(self, model, record_id):
        record = request.env[model].browse(record_id)
        try:
            if not record.exists():
                raise MissingError(request.env._("This record was deleted."))
            record.check_access("read")
        except (AccessError, MissingError):
            raise NotFound() from None
        return record

    def _dms_channel_back(self, order_id, exc=None):
        if exc is not None:
            return request.redirect(f"/my/channel/{order_id}?error={quote(str(exc.args[0]))}")
        return request.redirect(f"/my/channel/{order_id}")

    @http.route("/my/channel/<int:order_id>/return/new", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_return_request(self, order_id, reason=None, photo=None, **post):
        order = self._dms_channel_check("dms.channel.order", order_id)
        try:
            quantities = {}
            for line in order.sudo().line_ids:
                raw = (post.get(f"return_{line.id}") or "").strip()
                if raw:
                    try:
                        quantities[line.id] = float(raw)
                    except ValueError:
                        raise UserError(request.env._("Quantities must be numbers.")) from None
            content = False
            if photo is not None and getattr(photo, "filename", None):
                # capped before it is read
                data = photo.read(PHOTO_MAX_BYTES + 1)
                if len(data) > PHOTO_MAX_BYTES:
                    raise UserError(request.env._("The photo is too large (8 MB at most)."))
                content = base64.b64encode(data).decode() if data else False
            order.action_request_return(quantities, reason, content)
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_back(order_id, exc)
        return self._dms_channel_back(order_id)

    @http.route(
        "/my/channel/return/<int:return_id>/<string:action>", type="http", auth="user", website=True, methods=["POST"]
    )
    def dms_channel_return_action(self, return_id, action, reason=None, **post):
        ret = self._dms_channel_check("dms.channel.return", return_id)
        order_id = ret.sudo().order_id.id
        try:
            if action == "accept":
                ret.action_accept()
            elif action == "refuse":
                ret.action_refuse(reason)
            elif action == "cancel":
                ret.action_cancel(reason)
            else:
                raise NotFound()
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_back(order_id, exc)
        return self._dms_channel_back(order_id)

    @http.route(
        "/my/channel/shipment/<int:shipment_id>/cancel", type="http", auth="user", website=True, methods=["POST"]
    )
    def dms_channel_shipment_cancel(self, shipment_id, reason=None, **post):
        shipment = self._dms_channel_check("dms.channel.shipment", shipment_id)
        order_id = shipment.sudo().order_id.id
        try:
            shipment.action_cancel(reason)
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_back(order_id, exc)
        return self._dms_channel_back(order_id)
