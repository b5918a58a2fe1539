# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from urllib.parse import quote

from werkzeug.exceptions import NotFound

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.dms_dealer.tools import spreadsheet

from ..models.dms_channel_order_return import PHOTO_MAX_BYTES as PROOF_MAX_BYTES
from .portal import DmsChannelPortal


class DmsChannelAccountPortal(DmsChannelPortal):
    """Channel accounts (对账) between a seller and a buyer: both read, the seller records payments."""

    def _dms_channel_account_check(self, account_id):
        account = request.env["dms.channel.account"].browse(account_id)
        try:
            account.check_access("read")
            account.seller_id  # noqa: B018 - raises MissingError for a deleted account
        except (AccessError, MissingError):
            raise NotFound() from None
        return account

    @http.route("/my/channel/accounts", type="http", auth="user", website=True)
    def dms_channel_accounts(self, **kw):
        Account = request.env["dms.channel.account"]
        if not Account.has_access("read"):
            raise NotFound()
        me = request.env.user.partner_id.commercial_partner_id
        # open the accounts of the user's direct customers (as the system: the parties are checked here)
        for customer in request.env["dms.channel.order"]._channel_seller_customers(me):
            Account._channel_get(me, customer)
        values = self._prepare_portal_layout_values()
        values.update(page_name="dms_channel_accounts", accounts=Account.search([]).sudo(), my_partner=me)
        return request.render("dms_channel.portal_my_channel_accounts", values)

    @http.route("/my/channel/account/<int:account_id>", type="http", auth="user", website=True)
    def dms_channel_account_page(self, account_id, error=None, **kw):
        account = self._dms_channel_account_check(account_id)
        me = request.env.user.partner_id.commercial_partner_id
        Payment = request.env["dms.channel.payment"]
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="dms_channel_account",
            account=account.sudo(),
            entries=account.sudo()._channel_entries(),
            order_rows=account.sudo()._channel_order_lines()[0],
            payments=Payment.search([("account_id", "=", account.id)]).sudo(),
            is_seller=account.sudo().seller_id == me,
            statements=account.sudo()._channel_statements(),
            error=error,
        )
        return request.render("dms_channel.portal_my_channel_account", values)

    def _dms_channel_account_back(self, account_id, exc=None):
        suffix = f"?error={quote(str(exc.args[0]))}" if exc else ""
        return request.redirect(f"/my/channel/account/{account_id}{suffix}")

    @http.route("/my/channel/account/<int:account_id>/terms", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_account_terms(self, account_id, payment_term_days="0", credit_limit="0", **kw):
        account = self._dms_channel_account_check(account_id)
        try:
            account.write({"payment_term_days": int(payment_term_days or 0), "credit_limit": float(credit_limit or 0)})
        except ValueError:
            return self._dms_channel_account_back(account_id, UserError(request.env._("Enter numbers.")))
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_account_back(account_id, exc)
        return self._dms_channel_account_back(account_id)

    @http.route(
        "/my/channel/account/<int:account_id>/payment", type="http", auth="user", website=True, methods=["POST"]
    )
    def dms_channel_account_payment(self, account_id, amount="0", date=None, method="bank", proof=None, **kw):
        account = self._dms_channel_account_check(account_id)
        try:
            vals = {
                "buyer_id": account.sudo().buyer_id.id,
                "amount": float(amount or 0),
                "method": method,
                "note": kw.get("note") or False,
            }
            if date:
                vals["date"] = date
            if kw.get("order_id"):
                vals["order_id"] = int(kw["order_id"])
            # split over chosen orders: split_<order id> = amount (the model checks the orders)
            split = {
                int(key[len("split_") :]): float(value)
                for key, value in kw.items()
                if key.startswith("split_") and key[len("split_") :].isdigit() and (value or "").strip()
            }
            if split:
                vals["allocation_ids"] = [
                    Command.create({"order_id": order_id, "amount": amount}) for order_id, amount in split.items()
                ]
            if proof and getattr(proof, "filename", None):
                # capped before it is read
                data = proof.read(PROOF_MAX_BYTES + 1)
                if len(data) > PROOF_MAX_BYTES:
                    raise UserError(request.env._("The proof image is too large (8 MB at most)."))
                vals["proof"] = base64.b64encode(data)
            # created and confirmed as the portal user: the model and its rules decide
            payment = request.env["dms.channel.payment"].create(vals)
            if kw.get("confirm"):
                payment.action_confirm()
        except ValueError:
            return self._dms_channel_account_back(account_id, UserError(request.env._("Enter an amount.")))
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_account_back(account_id, exc)
        return self._dms_channel_account_back(account_id)

    @http.route(
        "/my/channel/payment/<int:payment_id>/<string:action>", type="http", auth="user", website=True, methods=["POST"]
    )
    def dms_channel_payment_action(self, payment_id, action, **kw):
        payment = request.env["dms.channel.payment"].browse(payment_id)
        try:
            payment.check_access("read")
            account_id = payment.sudo().account_id.id
        except (AccessError, MissingError):
            raise NotFound() from None
        try:
            if action == "confirm":
                payment.action_confirm()
            elif action == "cancel":
                payment.action_cancel(kw.get("reason"))
            else:
                raise NotFound()
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_account_back(account_id, exc)
        return self._dms_channel_account_back(account_id)

    # ------------------------------------------------------------------
    # Statements (dms_portal's statements, issued by the seller; the buyer confirms or disputes
    # them on dms_portal's statement page)
    # ------------------------------------------------------------------
    @http.route(
        "/my/channel/account/<int:account_id>/statement", type="http", auth="user", website=True, methods=["POST"]
    )
    def dms_channel_account_statement(self, account_id, month=None, **kw):
        account = self._dms_channel_account_check(account_id)
        try:
            # the model checks that the user is the seller's
            statement = account.action_dms_channel_issue_statement(month=month)
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_account_back(account_id, exc)
        return request.redirect(statement.get_portal_url())

    def _dms_channel_statement_of(self, account_id, statement_id):
        account = self._dms_channel_account_check(account_id)
        statement = account.sudo()._channel_statements().filtered(lambda s: s.id == statement_id)
        if not statement:
            raise NotFound()
        # acted on as the user: the model checks that it is the seller's
        return statement.with_user(request.env.user).sudo(False)

    @http.route(
        "/my/channel/account/<int:account_id>/statement/<int:statement_id>/reject",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def dms_channel_statement_reject(self, account_id, statement_id, line_id=None, reason=None, **kw):
        statement = self._dms_channel_statement_of(account_id, statement_id)
        try:
            statement.action_dms_channel_reject(line_id, reason)
        except (UserError, AccessError, ValidationError, ValueError) as exc:
            return self._dms_channel_account_back(account_id, exc)
        return self._dms_channel_account_back(account_id)

    @http.route(
        "/my/channel/account/<int:account_id>/statement/<int:statement_id>/reopen",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def dms_channel_statement_reopen(self, account_id, statement_id, reason=None, **kw):
        statement = self._dms_channel_statement_of(account_id, statement_id)
        try:
            statement.action_dms_channel_reopen(reason)
        except (UserError, AccessError, ValidationError) as exc:
            return self._dms_channel_account_back(account_id, exc)
        return self._dms_channel_account_back(account_id)

    @http.route("/my/channel/account/<int:account_id>/pdf", type="http", auth="user", website=True)
    def dms_channel_account_pdf(self, account_id, **kw):
        """The channel statement as a PDF (A4, both parties' seal blocks), for either party."""
        account = self._dms_channel_account_check(account_id)
        # rendered as the system once the caller's read access to this account was checked above
        pdf, _kind = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("dms_channel.action_report_dms_channel_statement", [account.id])
        )
        filename = f"statement-{account.sudo().seller_id.name}-{account.sudo().buyer_id.name}.pdf"
        return request.make_response(
            pdf,
            headers=[("Content-Type", "application/pdf"), ("Content-Disposition", content_disposition(filename))],
        )

    @http.route("/my/channel/account/<int:account_id>/xlsx", type="http", auth="user", website=True)
    def dms_channel_account_xlsx(self, account_id, **kw):
        account = self._dms_channel_account_check(account_id).sudo()
        book, sheet = spreadsheet.new_workbook("Statement")
        env = request.env
        spreadsheet.write_cell(sheet, 1, 1, env._("Seller"), bold=True, as_text=True)
        spreadsheet.write_cell(sheet, 1, 2, account.seller_id.name, as_text=True)
        spreadsheet.write_cell(sheet, 2, 1, env._("Buyer"), bold=True, as_text=True)
        spreadsheet.write_cell(sheet, 2, 2, account.buyer_id.name, as_text=True)
        headers = [env._("Date"), env._("Type"), env._("Reference"), env._("Shipped"), env._("Paid"), env._("Balance")]
        for col, header in enumerate(headers, start=1):
            spreadsheet.write_cell(sheet, 4, col, header, bold=True, as_text=True)
        kinds = {"shipment": env._("Shipment"), "payment": env._("Payment"), "return": env._("Return")}
        row = 5
        for entry in account._channel_entries():
            values = [
                entry["date"].strftime("%Y-%m-%d"),
                kinds.get(entry["kind"], entry["kind"]),
                entry["reference"],
                f"{entry['debit']:.2f}",
                f"{entry['credit']:.2f}",
                f"{entry['balance']:.2f}",
            ]
            for col, value in enumerate(values, start=1):
                spreadsheet.write_cell(sheet, row, col, value, as_text=True)
            row += 1
        filename = f"statement-{account.seller_id.name}-{account.buyer_id.name}.xlsx"
        return request.make_response(
            spreadsheet.workbook_bytes(book),
            headers=[
                ("Content-Type", spreadsheet.XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
