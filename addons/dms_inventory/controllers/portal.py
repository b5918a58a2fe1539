# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

#: rows of the stock table shown on the inventory page
STOCK_ROWS = 200


class DmsInventoryPortal(CustomerPortal):
    """Channel inventory in the portal: stock of the dealer (and, for an administrator, its downstream),
    open alerts (the dealer's notice), replenishment proposals, transfers and routed orders to act on.

    Every list is searched *as the portal user* (record rules); actions call the models' checked methods.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_inventory_todo_count" in counters:
            count = 0
            env = request.env
            if env.user.has_group("dms_dealer.group_dms_portal_user"):
                count = (
                    env["dms.inventory.alert"].search_count([])
                    + env["dms.inventory.proposal"].search_count([("state", "=", "proposed")])
                    + env["dms.inventory.routed.order"].search_count([("state", "=", "offered")])
                )
            values["dms_inventory_todo_count"] = count
        return values

    def _dms_inventory_check(self):
        if not request.env.user.has_group("dms_dealer.group_dms_portal_user"):
            raise NotFound()
        return request.env.user.partner_id.commercial_partner_id

    @http.route("/my/inventory", type="http", auth="user", website=True, readonly=True)
    def dms_inventory(self, error=None, done=None, **kw):
        me = self._dms_inventory_check()
        env = request.env
        stock = env["dms.inventory.report"].search(
            [("level", "in", ("dealer", "transit"))], limit=STOCK_ROWS, order="dealer_id, product_id, lot_name"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dms_inventory",
                "me": me,
                "stock": stock.sudo(),
                "alerts": env["dms.inventory.alert"].search([], limit=100).sudo(),
                "proposals": env["dms.inventory.proposal"].search([("state", "=", "proposed")]).sudo(),
                "transfers": env["dms.inventory.transfer"].search([("state", "in", ("proposed", "to_approve"))]).sudo(),
                "offers": env["dms.inventory.routed.order"].search([("state", "=", "offered")]).sudo(),
                "error": error,
                "done": done,
            }
        )
        return request.render("dms_inventory.portal_my_inventory", values)

    def _dms_inventory_record(self, model, record_id):
        record = request.env[model].browse(record_id)
        try:
            record.check_access("read")
            record.exists().ensure_one()
        except (AccessError, MissingError, ValueError):
            raise NotFound() from None
        return record

    @http.route("/my/inventory/proposal/<int:proposal_id>", type="http", auth="user", website=True, readonly=True)
    def dms_inventory_proposal(self, proposal_id, error=None, **kw):
        self._dms_inventory_check()
        proposal = self._dms_inventory_record("dms.inventory.proposal", proposal_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dms_inventory_proposal",
                "proposal": proposal.sudo(),
                "can_act": proposal.sudo().state == "proposed"
                and proposal.sudo().dealer_id == request.env.user.partner_id.commercial_partner_id,
                "error": error,
            }
        )
        return request.render("dms_inventory.portal_my_inventory_proposal", values)

    @http.route(
        "/my/inventory/proposal/<int:proposal_id>/act", type="http", auth="user", methods=["POST"], website=True
    )
    def dms_inventory_proposal_act(self, proposal_id, action=None, **post):
        self._dms_inventory_check()
        proposal = self._dms_inventory_record("dms.inventory.proposal", proposal_id)
        quantities = {key[4:]: value for key, value in post.items() if key.startswith("qty_")}
        try:
            if action in ("save", "accept") and quantities:
                proposal.action_set_quantities(quantities)
            if action == "accept":
                proposal.action_accept()
            elif action == "decline":
                proposal.action_decline(reason=(post.get("reason") or "").strip() or None)
        except (UserError, ValidationError, AccessError) as exc:
            request.env.cr.rollback()
            return request.redirect(f"/my/inventory/proposal/{proposal_id}?error={quote(str(exc))}"[:2000])
        return request.redirect(f"/my/inventory/proposal/{proposal_id}")

    @http.route(
        "/my/inventory/<string:kind>/<int:record_id>/<string:action>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def dms_inventory_act(self, kind, record_id, action, **post):
        self._dms_inventory_check()
        models = {
            "transfer": ("dms.inventory.transfer", ("accept", "decline")),
            "routed": ("dms.inventory.routed.order", ("accept", "reject")),
        }
        if kind not in models or action not in models[kind][1]:
            raise NotFound()
        record = self._dms_inventory_record(models[kind][0], record_id)
        try:
            method = getattr(record, f"action_{action}")
            if action in ("decline", "reject"):
                method(reason=(post.get("reason") or "").strip() or None)
            else:
                method()
        except (UserError, ValidationError, AccessError) as exc:
            request.env.cr.rollback()
            return request.redirect(f"/my/inventory?error={quote(str(exc))}"[:2000])
        return request.redirect("/my/inventory?done=1")
