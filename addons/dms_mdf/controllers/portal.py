# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import Command, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal
from odoo.addons.dms_portal.tools import photos as photos_rules

from ..tools import mdf

LIST_LIMIT = 50
#: bytes of form fields allowed on top of the proof files


class DmsMdfPortal(DmsPortal):
    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------
    @http.route("/my/mdf", type="http", website=True, auth="user", readonly=True)
    def dms_mdf_home(self, **kw):
        dealer = self._dms_require_dealer()
        env = request.env
        # searched as the portal user: record rules decide what is listed (own dealer only)
        budgets = env["dms.mdf.budget"].search([("date_to", ">=", fields.Date.context_today(env.user))])
        activities = env["dms.mdf.activity"].search([], limit=LIST_LIMIT)
        claims = env["dms.mdf.claim"].search([], limit=LIST_LIMIT)
        values = self._dms_values(
            page_name="dms_mdf",
            budgets=budgets.sudo(),
            activities=activities.sudo(),
            claims=claims.sudo(),
            can_act=dealer._dms_portal_can_act(),
            error=kw.get("error"),
        )
        return request.render("dms_mdf.portal_dms_mdf", values)

    # ------------------------------------------------------------------
    # Plan an activity
    # ------------------------------------------------------------------
    def _dms_mdf_form_values(self, **values):
        # sudo: the product categories are the brand's catalogue tree, names only
        categories = request.env["product.category"].sudo().search([], limit=100)
        base = self._dms_values(
            page_name="dms_mdf_plan",
            categories=categories,
            activity_types=request.env["dms.mdf.activity"]._fields["activity_type"]._description_selection(request.env),
            post={},
        )
        base.update(values)
        return base

    @http.route("/my/mdf/plan", type="http", website=True, auth="user", methods=["GET"])
    def dms_mdf_plan_form(self, **kw):
        dealer = self._dms_require_dealer()
        if not dealer._dms_portal_can_act():
            raise Forbidden()
        return request.render("dms_mdf.portal_dms_mdf_plan", self._dms_mdf_form_values())

    @http.route("/my/mdf/plan", type="http", website=True, auth="user", methods=["POST"], csrf=True)
    def dms_mdf_plan(self, **post):
        dealer = self._dms_require_dealer()
        if not dealer._dms_portal_can_act():
            raise Forbidden()
        env = request.env
        try:
            try:
                amount = float(post.get("planned_amount") or 0)
                date_from = fields.Date.to_date(post.get("date_from"))
                date_to = fields.Date.to_date(post.get("date_to"))
            except ValueError:
                raise UserError(env._("Give the dates and the planned cost as numbers and dates.")) from None
            if not (date_from and date_to):
                raise UserError(env._("Give the dates of the activity."))
            if amount <= 0:
                raise UserError(env._("The planned cost of an activity must be positive."))
            categ_ids = []
            for raw in request.httprequest.form.getlist("categ_ids"):
                if raw.isdigit():
                    categ_ids.append(int(raw))
            # only categories that exist (the list the form offered)
            categories = env["product.category"].sudo().browse(categ_ids).exists()
            types = dict(env["dms.mdf.activity"]._fields["activity_type"].selection)
            with env.cr.savepoint():
                # created as the portal user: access rights and record rules (own dealer) apply
                activity = env["dms.mdf.activity"].create(
                    {
                        "partner_id": dealer.id,
                        "title": (post.get("title") or "").strip()[:200] or env._("Marketing activity"),
                        "activity_type": post.get("activity_type") if post.get("activity_type") in types else "other",
                        "date_from": date_from,
                        "date_to": date_to,
                        "planned_amount": amount,
                        "description": (post.get("description") or "").strip()[:4000] or False,
                        "categ_ids": [Command.set(categories.ids)],
                    }
                )
                activity.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "dms_mdf.portal_dms_mdf_plan", self._dms_mdf_form_values(error=error.args[0], post=post)
            )
        return request.redirect(f"/my/mdf/activity/{activity.id}?created=1")

    # ------------------------------------------------------------------
    # Activity page and claim
    # ------------------------------------------------------------------
    def _dms_mdf_activity_check(self, activity_id):
        activity = request.env["dms.mdf.activity"].browse(activity_id)
        try:
            activity.check_access("read")
            if not activity.exists():
                raise MissingError(request.env._("This activity does not exist."))
        except (AccessError, MissingError):
            raise NotFound() from None
        return activity

    def _dms_mdf_activity_values(self, activity, **values):
        # read access was checked; the fund, claims and payouts are shown from the sudo record
        activity_sudo = activity.sudo()
        base = self._dms_values(
            page_name="dms_mdf_activity",
            activity=activity_sudo,
            claims=activity_sudo.claim_ids,
            can_act=activity_sudo.partner_id._dms_portal_can_act(),
            claimable=activity_sudo._dms_claimable(),
            max_files=mdf.MAX_FILES,
            max_file_mb=photos_rules.MAX_PHOTO_BYTES // (1024 * 1024),
        )
        base.update(values)
        return base

    @http.route("/my/mdf/activity/<int:activity_id>", type="http", website=True, auth="user")
    def dms_mdf_activity(self, activity_id, **kw):
        self._dms_require_dealer()
        activity = self._dms_mdf_activity_check(activity_id)
        values = self._dms_mdf_activity_values(activity, error=kw.get("error"), created=kw.get("created"))
        return request.render("dms_mdf.portal_dms_mdf_activity", values)

    @http.route(
        "/my/mdf/activity/<int:activity_id>/claim", type="http", website=True, auth="user", methods=["POST"], csrf=True
    )
    def dms_mdf_claim(self, activity_id, **post):
        self._dms_require_dealer()
        activity = self._dms_mdf_activity_check(activity_id)
        if not activity.sudo().partner_id._dms_portal_can_act():
            raise Forbidden()
        env = request.env
        try:
            # capped before any file is read: the whole body may not exceed the files' cap
            too_large = self._dms_photo_body_error(max_photos=mdf.MAX_FILES, pdf=True)
            if too_large:
                raise UserError(too_large)
            files = self._dms_read_photos("proofs", max_photos=mdf.MAX_FILES, pdf=True)
            if not files:
                raise UserError(env._("Attach at least one photo or receipt of the activity."))
            try:
                amount = float(post.get("amount") or 0)
            except ValueError:
                raise UserError(env._("The amount must be a number.")) from None
            if amount <= 0:
                raise UserError(env._("A claim asks for a positive amount."))
            with env.cr.savepoint():
                # created as the portal user: access rights and record rules (own dealer) apply
                claim = env["dms.mdf.claim"].create(
                    {
                        "activity_id": activity.id,
                        "amount": amount,
                        "description": (post.get("description") or "").strip()[:4000] or False,
                    }
                )
                self._dms_portal_attach_files(claim, files, "attachment_ids")
                claim.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return request.redirect(f"/my/mdf/activity/{activity_id}?{url_encode({'error': error.args[0]})}")
        return request.redirect(f"/my/mdf/activity/{activity_id}?created=1")
