# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import plaintext2html

from .portal import DmsPortal

MAX_UPLOAD = 10 * 1024 * 1024


class DmsSelfService(DmsPortal):
    # ------------------------------------------------------------------
    # Admission application (public)
    # ------------------------------------------------------------------
    def _dms_prepare_application_vals(self, post):
        """An admission application, nothing else: the dealer is made when the channel team admits it."""
        return {
            "partner_name": post["company_name"].strip(),
            "contact_name": post["contact_name"].strip(),
            "email": post["email"].strip(),
            "phone": (post.get("phone") or "").strip(),
            "city": (post.get("city") or "").strip(),
            "vat": (post.get("vat") or "").strip() or False,
            "dealer_type": post.get("dealer_type")
            if post.get("dealer_type") in ("distributor", "sub_dealer", "retailer")
            else "retailer",
            "requested_level_id": self._dms_default_applicant_level().id,
            "requested_territory_id": post["territory"].id,
            "note": plaintext2html(post["message"].strip()) if (post.get("message") or "").strip() else False,
            "user_id": False,
            "company_id": request.env.company.id,
        }

    def _dms_apply_rate_key(self):
        """Who is applying, for the rate limit: the client's address."""
        return request.httprequest.remote_addr

    def _dms_default_applicant_level(self):
        """Level requested by a public applicant: the entry level, refined by the channel team."""
        # sudo: levels are reference data; the public user has no access to them
        level = request.env.ref("dms_dealer.dealer_level_regular", raise_if_not_found=False)
        return (
            level.sudo() if level else request.env["dms.dealer.level"].sudo().search([], order="sequence desc", limit=1)
        )

    def _dms_apply_territories(self):
        # sudo: territories are reference data shown to prospective dealers, limited to the company
        return (
            request.env["dms.territory"]
            .sudo()
            .search([("company_id", "in", [False, request.env.company.id])], order="complete_name")
        )

    @http.route("/dealer/apply", type="http", website=True, auth="public", methods=["GET", "POST"])
    def dms_apply(self, **post):
        territories = self._dms_apply_territories()
        values = {"post": post, "error": {}, "page_name": "dms_apply", "territories": territories}
        if request.httprequest.method == "POST":
            Attempt = request.env["dms.portal.apply.attempt"]
            ip, email = self._dms_apply_rate_key(), (post.get("email") or "").strip()
            if Attempt._dms_is_limited(ip, email):
                return request.render("dms_portal.portal_dms_apply_limited", {"page_name": "dms_apply"}, status=429)
            for field in ("company_name", "contact_name", "email"):
                if not (post.get(field) or "").strip():
                    values["error"][field] = True
            territory = territories.filtered(lambda t: str(t.id) == str(post.get("territory_id")))
            if not territory:
                values["error"]["territory_id"] = True
            if not values["error"]:
                Attempt._dms_log(ip, email)
                # sudo: a prospective dealer has no account; creates exactly one draft application.
                # No partner is made here: the dealer (and any related-party check) comes with the review.
                application = (
                    request.env["dms.dealer.application"]
                    .sudo()
                    .create(self._dms_prepare_application_vals(dict(post, territory=territory)))
                )
                # a note for the reviewers (back office): in the company's language, not the visitor's
                # (sudo: only the language of the company's own partner is read)
                staff_lang = request.env.company.sudo().partner_id.lang or request.env.lang
                staff_env = application.with_context(lang=staff_lang).env
                application.message_post(body=staff_env._("Admission application received from the portal."))
                return request.render("dms_portal.portal_dms_apply_done", {"application": application})
        return request.render("dms_portal.portal_dms_apply", values)

    # ------------------------------------------------------------------
    # Profile and qualification uploads
    # ------------------------------------------------------------------
    def _dms_qualification_domain(self, dealer):
        return [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", dealer.id),
            ("description", "=", "dms_qualification"),
        ]

    @http.route("/my/dms/profile", type="http", website=True, auth="user", methods=["GET", "POST"])
    def dms_profile(self, upload=None, **post):
        dealer = self._dms_require_dealer()
        error = None
        if request.httprequest.method == "POST":
            if not request.env["res.partner"]._dms_portal_is_admin():
                raise Forbidden()
            content = upload.read() if upload and upload.filename else b""
            if not content:
                error = request.env._("Choose a file to upload.")
            elif len(content) > MAX_UPLOAD:
                error = request.env._("The file is larger than 10 MB.")
            else:
                # sudo: attaches to the user's own dealer company only
                request.env["ir.attachment"].sudo().create(
                    {
                        "name": upload.filename,
                        "datas": base64.b64encode(content),
                        "res_model": "res.partner",
                        "res_id": dealer.id,
                        "description": "dms_qualification",
                    }
                )
                return request.redirect("/my/dms/profile")
        attachments = request.env["ir.attachment"].sudo().search(self._dms_qualification_domain(dealer))
        # searched as the portal user: dms_dealer's rules decide which agreements it reads
        agreements = request.env["dms.dealer.agreement"].search([("partner_id", "=", dealer.id)])
        values = self._dms_values(
            page_name="dms_profile",
            dealer_sudo=dealer.sudo(),
            attachments=attachments,
            agreements=agreements,
            error=error,
        )
        return request.render("dms_portal.portal_dms_profile", values)

    # ------------------------------------------------------------------
    # Portal users of the dealer and of its downstream customers
    # ------------------------------------------------------------------
    def _dms_manageable_users_domain(self, dealer):
        """Portal users a dealer administrator manages: its own company's, never a downstream one's."""
        return [("share", "=", True), ("partner_id.commercial_partner_id", "=", dealer.id)]

    @http.route("/my/dms/users", type="http", website=True, auth="user", readonly=True)
    def dms_users(self, error=None, **kw):
        dealer = self._dms_require_admin()
        # sudo: users are not readable by portal users; explicit domain on its own dealer subtree
        users = (
            request.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search(self._dms_manageable_users_domain(dealer), order="login")
        )
        values = self._dms_values(page_name="dms_users", users=users, error=error)
        return request.render("dms_portal.portal_dms_users", values)

    @http.route("/my/dms/users/invite", type="http", website=True, auth="user", methods=["POST"])
    def dms_users_invite(self, name=None, email=None, customer_id=None, **kw):
        dealer = self._dms_require_admin()
        # a dealer administrator invites users into its own company only (downstream dealers run their own)
        if customer_id and str(customer_id) != str(dealer.id):
            raise Forbidden()
        company = dealer
        name, email = (name or "").strip(), (email or "").strip().lower()
        if not name or "@" not in email:
            return request.redirect("/my/dms/users?error=invalid")
        Users = request.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=", email)]):
            return request.redirect("/my/dms/users?error=exists")
        # sudo: creates one contact under a checked company and grants portal access through core's wizard
        contact = request.env["res.partner"].sudo().create({"name": name, "email": email, "parent_id": company.id})
        wizard = request.env["portal.wizard"].sudo().create({"partner_ids": [(6, 0, contact.ids)]})
        try:
            wizard.user_ids.action_grant_access()
        except UserError:
            return request.redirect("/my/dms/users?error=grant")
        user = contact.user_ids[:1]
        if user:
            user.sudo().write({"groups_id": [(4, request.env.ref("dms_dealer.group_dms_portal_user").id)]})
        return request.redirect("/my/dms/users")

    @http.route("/my/dms/users/<int:user_id>/deactivate", type="http", website=True, auth="user", methods=["POST"])
    def dms_users_deactivate(self, user_id, **kw):
        dealer = self._dms_require_admin()
        Users = request.env["res.users"].sudo()
        user = Users.search(self._dms_manageable_users_domain(dealer) + [("id", "=", user_id)])
        if not user:
            raise NotFound()
        if user == request.env.user:
            return request.redirect("/my/dms/users?error=self")
        user.active = False
        return request.redirect("/my/dms/users")
