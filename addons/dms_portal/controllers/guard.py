# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Seeing is not acting.

Core portal routes check *read* access (or the access token) and then work in
``sudo()``. A dealer administrator reads its downstream customers' documents
through record rules, so each route that acts (pay, post in the chatter) is
re-checked here against ``res.partner._dms_portal_can_act``. Accepting, signing
and declining are closed at the model level (``sale.order._has_to_be_signed``).
"""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers import payment as account_payment_controller
from odoo.addons.portal.controllers import attachment as portal_attachment
from odoo.addons.portal.controllers import thread as portal_thread
from odoo.addons.sale.controllers import portal as sale_portal

# documents whose customer alone may act on them in the portal
DMS_GUARDED_MODELS = ("sale.order", "account.move", "dms.dealer.statement", "dms.dealer.agreement")


def dms_check_can_act(model_name, record_id):
    """Raise Forbidden when a logged-in portal user acts on another customer's document."""
    user = request.env.user
    if not user.share or user._is_public() or model_name not in DMS_GUARDED_MODELS:
        return
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    # sudo: only reads the customer of one explicit record to decide
    record = request.env[model_name].sudo().browse(record_id).exists()
    if record and not record.partner_id._dms_portal_can_act():
        raise Forbidden()


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
