# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealer statements (对账单) in the portal: list, generate on demand, page, dispute,
confirm with a signature, PDF and .xlsx."""

import binascii
from urllib.parse import urlencode

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.dms_dealer.tools import spreadsheet
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import ORDERS_PER_PAGE, DmsPortal


class DmsStatementPortal(DmsPortal):
    # ------------------------------------------------------------------
    # List and generation on demand
    # ------------------------------------------------------------------
    @http.route(["/my/dms/statements", "/my/dms/statements/page/<int:page>"], type="http", website=True, auth="user")
    def dms_statements(self, page=1, error=None, **kw):
        self._dms_require_dealer()
        Statement = request.env["dms.dealer.statement"]
        # searched as the portal user: record rules decide what is listed
        count = Statement.search_count([])
        pager = portal_pager(url="/my/dms/statements", total=count, page=page, step=ORDERS_PER_PAGE)
        statements = Statement.search([], limit=ORDERS_PER_PAGE, offset=pager["offset"])
        # sudo for display only: each statement was found by the user's own rules; a seller's user may
        # list a statement it issued to a downstream customer whose contact record it cannot read
        values = self._dms_values(page_name="dms_statements", statements=statements.sudo(), pager=pager, error=error)
        return request.render("dms_portal.portal_dms_statements", values)

    @http.route("/my/dms/statements/generate", type="http", website=True, auth="user", methods=["POST"])
    def dms_statement_generate(self, month=None, date_from=None, date_to=None, **kw):
        """The dealer's own statement of a closed or the current period (any other party sent is ignored)."""
        dealer = self._dms_require_dealer()
        Statement = request.env["dms.dealer.statement"]
        try:
            start, end = Statement._dms_parse_period(month=month, date_from=date_from, date_to=date_to)
            # sudo: the dealer is the session's own company, never a parameter; the model checks
            # who regenerates an existing statement and logs it
            statement = (
                Statement.with_user(request.env.user).sudo()._dms_generate_on_demand(dealer, start, end, send=True)
            )
        except UserError as error:
            return request.redirect("/my/dms/statements?" + urlencode({"error": error.args[0]}))
        return request.redirect(statement.get_portal_url())

    # ------------------------------------------------------------------
    # Page, PDF, .xlsx
    # ------------------------------------------------------------------
    def _dms_statement_check(self, statement_id, access_token=None):
        try:
            statement_sudo = self._document_check_access(
                "dms.dealer.statement", statement_id, access_token=access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None
        if statement_sudo.state == "draft":
            raise NotFound()
        return statement_sudo

    def _dms_statement_actor(self, statement_id, access_token=None):
        """The statement, as the person acting (sudo): the workflow engine decides and logs who acts."""
        statement_sudo = self._dms_statement_check(statement_id, access_token)
        if not statement_sudo.partner_id._dms_portal_can_act():
            raise Forbidden()
        return statement_sudo.with_user(request.env.user).sudo()

    def _dms_statement_redirect(self, statement_sudo, **query):
        query_string = ("&" + urlencode(query)) if query else ""
        return request.redirect(statement_sudo.get_portal_url(query_string=query_string))

    @http.route("/my/dms/statements/<int:statement_id>", type="http", website=True, auth="public")
    def dms_statement_page(self, statement_id, access_token=None, report_type=None, download=False, **kw):
        statement_sudo = self._dms_statement_check(statement_id, access_token)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=statement_sudo,
                report_type=report_type,
                report_ref="dms_portal.action_report_dms_dealer_statement",
                download=download,
            )
        can_act = statement_sudo.partner_id._dms_portal_can_act()
        values = self._dms_values(
            page_name="dms_statement",
            statement=statement_sudo,
            can_act=can_act,
            can_sign=can_act and statement_sudo.state == "sent" and not statement_sudo.disputed_line_count,
            access_token=access_token,
            error=kw.get("error"),
            message=kw.get("message"),
        )
        values = self._get_page_view_values(statement_sudo, access_token, values, "dms_statement_history", False)
        return request.render("dms_portal.portal_dms_statement_page", values)

    @http.route("/my/dms/statements/<int:statement_id>/sign", type="json", website=True, auth="public")
    def dms_statement_sign(self, statement_id, access_token=None, name=None, signature=None):
        """Confirm the statement with the portal signature widget (as core sale's quotation acceptance)."""
        # the widget sends the token in the query string
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            statement_sudo = self._dms_statement_check(statement_id, access_token)
        except NotFound:
            return {"error": request.env._("Invalid statement.")}
        # seeing is not acting: an upstream administrator reads, only the dealer itself signs
        if not statement_sudo.partner_id._dms_portal_can_act():
            return {"error": request.env._("Only the dealer itself can confirm or dispute its statement.")}
        if not signature:
            return {"error": request.env._("Signature is missing.")}
        try:
            with request.env.cr.savepoint():
                statement_sudo.with_user(request.env.user).sudo().action_dms_confirm(name=name, signature=signature)
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        except (TypeError, ValueError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": statement_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    @http.route(
        "/my/dms/statements/<int:statement_id>/dispute", type="http", website=True, auth="public", methods=["POST"]
    )
    def dms_statement_dispute(self, statement_id, line_id=None, comment=None, access_token=None, **kw):
        statement_sudo = self._dms_statement_actor(statement_id, access_token)
        line = statement_sudo.line_ids.filtered(lambda line: str(line.id) == str(line_id))
        try:
            statement_sudo._dms_dispute_lines(line, comment)
        except UserError as error:
            return self._dms_statement_redirect(statement_sudo, error=error.args[0])
        return self._dms_statement_redirect(statement_sudo)

    @http.route("/my/dms/statements/<int:statement_id>/xlsx", type="http", website=True, auth="public")
    def dms_statement_xlsx(self, statement_id, access_token=None, **kw):
        statement_sudo = self._dms_statement_check(statement_id, access_token)
        content = statement_sudo.with_context(lang=request.env.lang)._dms_export_xlsx()
        filename = f"{statement_sudo._get_report_base_filename()}.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", spreadsheet.XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
