# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Seeing is not acting; tokens are the customer's.

Core portal routes check *read* access (or the access token) and then work in
``sudo()``. A dealer administrator reads its downstream customers' documents
through record rules, so each route that acts (accept, decline, pay, post in
the chatter, upload) is re-checked here against
``res.partner._dms_portal_can_act``: logged in, only the document's own dealer
acts. Without a session, the access token is the credential, and only the
customer ever gets it: pages shown to anyone else carry no token
(``portal.mixin.get_portal_url`` and :func:`dms_strip_token`) and the ORM never
returns it to them (``models/portal_mixin.py``).
"""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers import payment as account_payment_controller
from odoo.addons.account_payment.controllers import portal as account_payment_portal
from odoo.addons.portal.controllers import attachment as portal_attachment
from odoo.addons.portal.controllers import thread as portal_thread
from odoo.addons.sale.controllers import portal as sale_portal

# documents whose customer alone may act on them in the portal
DMS_GUARDED_MODELS = ("sale.order", "account.move", "dms.dealer.statement", "dms.dealer.agreement")


def dms_may_act(model_name, record_id):
    """Whether the request's user may act on the document (False: a logged-in portal
    user acting on another customer's document)."""
    user = request.env.user
    if not user.share or user._is_public() or model_name not in DMS_GUARDED_MODELS:
        return True
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    # sudo: only reads the customer of one explicit record to decide
    record = request.env[model_name].sudo().browse(record_id).exists()
    return not record or record.partner_id._dms_portal_can_act()


def dms_check_can_act(model_name, record_id):
    """Raise Forbidden when a logged-in portal user acts on another customer's document."""
    if not dms_may_act(model_name, record_id):
        raise Forbidden()


def dms_strip_token(response, model_name, record_id):
    """Remove the document's access token from a page rendered for someone else than its customer.

    Core templates print ``access_token`` directly (data attributes, form actions);
    the logged-in user's own rights are what lets it see and use the page.
    """
    user = request.env.user
    if not user.share or user._is_public() or not getattr(response, "template", None):
        return response
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        return response
    # sudo: reads the token of one explicit record, to take it out of the page
    record = request.env[model_name].sudo().browse(record_id).exists()
    if not record or not record.access_token or not record._dms_token_hidden():
        return response
    response.flatten()
    token = record.access_token.encode()
    data = response.get_data()
    if token in data:
        response.set_data(data.replace(token, b""))
    return response


class DmsSaleCustomerPortal(sale_portal.CustomerPortal):
    @http.route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, message=False, download=False, **kw):
        response = super().portal_order_page(
            order_id, report_type=report_type, access_token=access_token, message=message, download=download, **kw
        )
        return dms_strip_token(response, "sale.order", order_id)

    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        if not dms_may_act("sale.order", order_id):
            return {"error": request.env._("Only the customer can accept this quotation.")}
        return super().portal_quote_accept(order_id, access_token=access_token, name=name, signature=signature)

    @http.route()
    def portal_quote_decline(self, order_id, access_token=None, decline_message=None, **kwargs):
        if not dms_may_act("sale.order", order_id):
            return request.redirect(f"/my/orders/{int(order_id)}?message=cant_reject")
        return super().portal_quote_decline(
            order_id, access_token=access_token, decline_message=decline_message, **kwargs
        )


class DmsInvoicePortal(account_payment_portal.PortalAccount):
    @http.route()
    def portal_my_invoice_detail(self, invoice_id, **kw):
        return dms_strip_token(super().portal_my_invoice_detail(invoice_id, **kw), "account.move", invoice_id)


class DmsSalePaymentPortal(sale_portal.PaymentPortal):
    @http.route()
    def portal_order_transaction(self, order_id, access_token, **kwargs):
        dms_check_can_act("sale.order", order_id)
        return super().portal_order_transaction(order_id, access_token, **kwargs)

    @http.route()
    def payment_pay(self, *args, amount=None, sale_order_id=None, access_token=None, **kwargs):
        if sale_order_id:
            dms_check_can_act("sale.order", sale_order_id)
        if kwargs.get("invoice_id"):
            dms_check_can_act("account.move", kwargs["invoice_id"])
        return super().payment_pay(
            *args, amount=amount, sale_order_id=sale_order_id, access_token=access_token, **kwargs
        )


class DmsInvoicePaymentPortal(account_payment_controller.PaymentPortal):
    @http.route()
    def invoice_transaction(self, invoice_id, access_token, **kwargs):
        try:
            dms_check_can_act("account.move", invoice_id)
        except Forbidden:
            raise ValidationError(request.env._("Only the customer can pay this invoice.")) from None
        return super().invoice_transaction(invoice_id, access_token, **kwargs)


class DmsThreadController(portal_thread.ThreadController):
    @http.route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        dms_check_can_act(thread_model, thread_id)
        return super().mail_message_post(thread_model, thread_id, post_data, context=context, **kwargs)


class DmsAttachmentController(portal_attachment.PortalAttachmentController):
    @http.route()
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        dms_check_can_act(thread_model, thread_id)
        return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending=is_pending, **kwargs)
