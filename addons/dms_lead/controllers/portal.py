# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.dms_lead_assignment import MAX_LINES, WORKING_STATES

#: the steps a dealer takes from the portal, and whether they carry a reason
ACTIONS = {"accept": False, "decline": True, "contact": False, "quote": False, "lose": True}
#: rows of each list of /my/leads
LIST_ROWS = 100


class DmsLeadPortal(CustomerPortal):
    """Leads in the dealer portal: offers to accept or decline before their deadline, leads to work,
    leads won. Lists are searched as the portal user (record rules); every step calls the model's
    checked action."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_lead_offered_count" in counters:
            Assignment = request.env["dms.lead.assignment"]
            values["dms_lead_offered_count"] = (
                Assignment.search_count([("state", "=", "offered")])
                if request.env.user.has_group("dms_dealer.group_dms_portal_user") and Assignment.has_access("read")
                else 0
            )
        return values

    def _dms_lead_check(self):
        if not request.env.user.has_group("dms_dealer.group_dms_portal_user"):
            raise NotFound()
        return request.env.user.partner_id.commercial_partner_id

    def _dms_lead_record(self, assignment_id):
        row = request.env["dms.lead.assignment"].browse(assignment_id)
        try:
            row.check_access("read")
            row.exists().ensure_one()
        except (AccessError, MissingError, ValueError):
            raise NotFound() from None
        return row

    @http.route("/my/leads", type="http", auth="user", website=True, readonly=True)
    def dms_leads(self, error=None, done=None, **kw):
        me = self._dms_lead_check()
        Assignment = request.env["dms.lead.assignment"]
        now = fields.Datetime.now()
        offered = Assignment.search([("state", "=", "offered")], order="deadline, id", limit=LIST_ROWS)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dms_leads",
                "me": me,
                # sudo: only the rows the rules let this user find, for rendering
                "offered": offered.sudo(),
                "working": Assignment.search([("state", "in", WORKING_STATES)], limit=LIST_ROWS).sudo(),
                "closed": Assignment.search([("state", "in", ("won", "lost"))], limit=LIST_ROWS).sudo(),
                "seconds_left": {row.id: max(0, int((row.deadline - now).total_seconds())) for row in offered.sudo()},
                "error": error,
                "done": done,
            }
        )
        return request.render("dms_lead.portal_my_leads", values)

    @http.route("/my/leads/<int:assignment_id>", type="http", auth="user", website=True, readonly=True)
    def dms_lead(self, assignment_id, error=None, **kw):
        me = self._dms_lead_check()
        row = self._dms_lead_record(assignment_id).sudo()
        products = request.env["product.product"]
        if row.state in WORKING_STATES and row.customer_id:
            products = request.env["dms.channel.order"]._channel_seller_catalog(me, row.customer_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dms_lead",
                "row": row,
                "products": products.sudo()[:200],
                "max_lines": min(5, MAX_LINES),
                "seconds_left": max(0, int((row.deadline - fields.Datetime.now()).total_seconds()))
                if row.state == "offered" and row.deadline
                else 0,
                "error": error,
            }
        )
        return request.render("dms_lead.portal_my_lead", values)

    @http.route(
        "/my/leads/<int:assignment_id>/<string:action>", type="http", auth="user", website=True, methods=["POST"]
    )
    def dms_lead_act(self, assignment_id, action, **post):
        self._dms_lead_check()
        if action not in ACTIONS and action not in ("note", "convert"):
            raise NotFound()
        row = self._dms_lead_record(assignment_id)
        target = f"/my/leads/{assignment_id}"
        try:
            if action == "note":
                row.action_save_note(post.get("note"))
            elif action == "convert":
                quantities = {}
                for index in range(MAX_LINES):
                    product_id, qty = post.get(f"product_{index}"), post.get(f"qty_{index}")
                    if product_id and qty:
                        quantities[product_id] = qty
                row.action_convert(quantities, note=post.get("note"))
            elif ACTIONS[action]:
                getattr(row, f"action_{action}")(reason=(post.get("reason") or "").strip() or None)
            else:
                getattr(row, f"action_{action}")()
        except (UserError, ValidationError, AccessError) as exc:
            request.env.cr.rollback()
            return request.redirect(f"{target}?error={quote(str(exc))}"[:2000])
        if action == "decline":
            return request.redirect("/my/leads?done=1")
        return request.redirect(target)
