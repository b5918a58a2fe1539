# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.dms_portal.controllers.portal import DmsPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import proof

LINES_PER_PAGE = 20


class DmsPaymentPortal(DmsPortal):
    # ------------------------------------------------------------------ home tile counter
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dms_topup_count" in counters:
            Topup = request.env["dms.prepayment.topup"]
            values["dms_topup_count"] = Topup.search_count([]) if Topup.has_access("read") else 0
        return values

    # ------------------------------------------------------------------ balance page
    @http.route(
        ["/my/dms/prepayment", "/my/dms/prepayment/page/<int:page>"],
        type="http",
        website=True,
        auth="user",
        readonly=True,
    )
    def dms_prepayment(self, page=1, error=None, message=None, **kw):
        dealer = self._dms_require_dealer()
        company = request.env.company
        Line = request.env["dms.prepayment.line"]
        # searched as the portal user: the record rules keep it to its own company's ledger
        domain = [("company_id", "=", company.id)]
        pager = portal_pager(url="/my/dms/prepayment", total=Line.search_count(domain), page=page, step=LINES_PER_PAGE)
        lines = Line.search(domain, order="date desc, id desc", limit=LINES_PER_PAGE, offset=pager["offset"])
        topups = request.env["dms.prepayment.topup"].search([("company_id", "=", company.id)], limit=20)
        values = self._dms_values(
            page_name="dms_prepayment",
            balance=dealer._dms_prepayment_balance(company),
            currency=company.currency_id,
            lines=lines,
            topups=topups,
            pager=pager,
            error=error,
            message=message,
            today=fields.Date.to_string(fields.Date.context_today(dealer)),
            max_mb=proof.MAX_PROOF_BYTES // (1024 * 1024),
            can_pay_online=bool(self._dms_online_providers(dealer, company)),
        )
        return request.render("dms_payment.portal_dms_prepayment", values)

    def _dms_online_providers(self, dealer, company, amount=None):
        # sudo: providers are configuration the portal user cannot read
        return (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(company.id, dealer.id, amount or 0.0, currency_id=company.currency_id.id)
        )

    @http.route("/my/dms/prepayment/topup", type="http", website=True, auth="user", methods=["POST"])
    def dms_prepayment_topup(self, amount=None, method="transfer", transfer_date=None, bank_reference=None, **kw):
        """Declare a bank transfer with its proof, or start an online top-up."""
        dealer = self._dms_require_dealer()
        if not dealer._dms_portal_can_act():
            raise Forbidden()
        try:
            value = float(amount or 0.0)
        except ValueError:
            value = 0.0
        if value <= 0:
            return self._dms_redirect("/my/dms/prepayment", error=request.env._("Enter a positive amount."))
        vals = {
            "partner_id": dealer.id,
            "company_id": request.env.company.id,
            "amount": value,
            "method": "online" if method == "online" else "transfer",
        }
        if vals["method"] == "transfer":
            upload = kw.get("proof")
            # never more than the cap is read from the request, whatever the file claims
            data = upload.read(proof.MAX_PROOF_BYTES + 1) if upload and getattr(upload, "filename", None) else b""
            _mimetype, problem = proof.check(data)
            if problem:
                return self._dms_redirect(
                    "/my/dms/prepayment", error=request.env["dms.prepayment.topup"]._dms_proof_message(problem)
                )
            vals.update(
                {
                    "transfer_date": transfer_date or False,
                    "bank_reference": (bank_reference or "")[:64],
                    "proof": base64.b64encode(data),
                    "proof_filename": upload.filename[:128],
                }
            )
        try:
            with request.env.cr.savepoint():
                # created and declared as the portal user: rules and the workflow check it
                topup = request.env["dms.prepayment.topup"].create(vals)
                if topup.method == "transfer":
                    topup.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return self._dms_redirect("/my/dms/prepayment", error=error.args[0])
        return request.redirect(f"/my/dms/prepayment/topups/{topup.id}")

    # ------------------------------------------------------------------ one top-up
    def _dms_topup_check(self, topup_id, access_token=None):
        try:
            return self._document_check_access("dms.prepayment.topup", topup_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

    @http.route("/my/dms/prepayment/topups/<int:topup_id>", type="http", website=True, auth="user")
    def dms_prepayment_topup_page(self, topup_id, access_token=None, **kw):
        self._dms_require_dealer()
        topup_sudo = self._dms_topup_check(topup_id, access_token)
        values = self._dms_values(page_name="dms_topup", topup=topup_sudo, error=kw.get("error"))
        if topup_sudo.method == "online" and topup_sudo.state == "draft":
            values.update(self._dms_topup_payment_values(topup_sudo))
        return request.render("dms_payment.portal_dms_topup_page", values)

    def _dms_topup_payment_values(self, topup_sudo):
        """payment.form values for an online top-up (as sale does for an order)."""
        partner_sudo = request.env.user.partner_id
        company = topup_sudo.company_id
        currency = topup_sudo.currency_id
        availability_report = {}
        # sudo: providers, methods and tokens are read to render the form, as core's portals do
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id, partner_sudo.id, topup_sudo.amount, currency_id=currency.id, report=availability_report
            )
        )
        methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers_sudo.ids, partner_sudo.id, currency_id=currency.id, report=availability_report
            )
        )
        tokens_sudo = request.env["payment.token"].sudo()._get_available_tokens(providers_sudo.ids, partner_sudo.id)
        return {
            "amount": topup_sudo.amount,
            "currency": currency,
            "partner_id": partner_sudo.id,
            "providers_sudo": providers_sudo,
            "payment_methods_sudo": methods_sudo,
            "tokens_sudo": tokens_sudo,
            "availability_report": availability_report,
            "show_tokenize_input_mapping": {provider.id: False for provider in providers_sudo},
            "transaction_route": f"/my/dms/prepayment/topups/{topup_sudo.id}/transaction",
            "landing_route": f"/my/dms/prepayment/topups/{topup_sudo.id}",
            "access_token": topup_sudo._portal_ensure_token(),
        }

    @http.route(
        "/my/dms/prepayment/topups/<int:topup_id>/cancel", type="http", website=True, auth="user", methods=["POST"]
    )
    def dms_prepayment_topup_cancel(self, topup_id, **kw):
        self._dms_require_dealer()
        # as the portal user: its rule and the workflow check it
        topup = request.env["dms.prepayment.topup"].search([("id", "=", topup_id)])
        if not topup:
            raise NotFound()
        try:
            topup.action_cancel()
        except (UserError, AccessError) as error:
            return self._dms_redirect(f"/my/dms/prepayment/topups/{topup_id}", error=error.args[0])
        return request.redirect(f"/my/dms/prepayment/topups/{topup_id}")

    # ------------------------------------------------------------------ orders
    @http.route("/my/dms/orders/<int:order_id>/prepayment", type="http", website=True, auth="user", methods=["POST"])
    def dms_order_pay_prepayment(self, order_id, amount=None, **kw):
        self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        if not order_sudo.partner_id._dms_portal_can_act():
            raise Forbidden()
        order = request.env["sale.order"].browse(order_sudo.id)
        try:
            with request.env.cr.savepoint():
                # as the portal user: the method checks that the caller is the order's dealer
                order.action_dms_pay_prepayment(amount=float(amount) if amount else None)
        except (UserError, AccessError, ValueError) as error:
            return self._dms_redirect(f"/my/dms/orders/{order_id}", error=str(error.args[0]))
        return request.redirect(f"/my/dms/orders/{order_id}")

    @http.route("/my/dms/orders/<int:order_id>/pay_online", type="http", website=True, auth="user", methods=["POST"])
    def dms_order_pay_online(self, order_id, **kw):
        """An online top-up of what the order owes, which pays the order once the payment is done."""
        dealer = self._dms_require_dealer()
        order_sudo = self._dms_order_check(order_id)
        if not order_sudo.partner_id._dms_portal_can_act() or order_sudo.dealer_id != dealer:
            raise Forbidden()
        due = order_sudo._dms_prepayment_due()
        if order_sudo.state == "cancel" or order_sudo.currency_id.compare_amounts(due, 0.0) <= 0:
            return self._dms_redirect(
                f"/my/dms/orders/{order_id}", error=request.env._("Nothing is due on this order.")
            )
        topup = request.env["dms.prepayment.topup"].create(
            {
                "partner_id": dealer.id,
                "company_id": order_sudo.company_id.id,
                "amount": due,
                "method": "online",
                "sale_order_id": order_sudo.id,
            }
        )
        return request.redirect(f"/my/dms/prepayment/topups/{topup.id}")

    @http.route()
    def dms_order_page(self, order_id, access_token=None, **kw):
        response = super().dms_order_page(order_id, access_token=access_token, **kw)
        if getattr(response, "qcontext", None) is not None and request.env.user.share:
            order = response.qcontext.get("order")
            dealer = self._dms_dealer()
            if order and dealer and order.dealer_id == dealer:
                response.qcontext["dms_prepayment"] = {
                    "balance": dealer._dms_prepayment_balance(order.company_id),
                    "due": order._dms_prepayment_due(),
                    "paid": order.dms_prepaid_amount,
                    "currency": order.company_id.currency_id,
                    "can_pay": order.state != "cancel"
                    and order.currency_id == order.company_id.currency_id
                    and order.partner_id._dms_portal_can_act(),
                }
        return response

    # ------------------------------------------------------------------ checkout: pay from the balance
    @http.route()
    def dms_cart_submit(self, shipping_id=None, commitment_date=None, client_order_ref=None, note=None, **kw):
        pay = kw.pop("dms_pay_prepayment", None)
        dealer = self._dms_require_dealer()
        cart = request.env["sale.order"]._dms_portal_get_cart(self._dms_customer(dealer))
        response = super().dms_cart_submit(
            shipping_id=shipping_id, commitment_date=commitment_date, client_order_ref=client_order_ref, note=note, **kw
        )
        if pay and cart and not cart.dms_portal_cart and cart.dealer_id == dealer:
            try:
                with request.env.cr.savepoint():
                    cart.action_dms_pay_prepayment()
            except (UserError, AccessError) as error:
                return self._dms_redirect(f"/my/dms/orders/{cart.id}", error=error.args[0])
        return response
