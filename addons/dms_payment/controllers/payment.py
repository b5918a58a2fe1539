# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.payment.controllers import portal as payment_portal


class DmsTopupPaymentPortal(payment_portal.PaymentPortal):
    @http.route("/my/dms/prepayment/topups/<int:topup_id>/transaction", type="json", auth="user")
    def dms_topup_transaction(self, topup_id, access_token=None, **kwargs):
        """Create the transaction of an online top-up (as sale's order transaction route does).

        The amount, currency and partner are the top-up's, whatever the client sends; only the
        dealer's own logged-in users may pay (the token alone, without a session, does nothing).
        """
        try:
            topup_sudo = self._document_check_access("dms.prepayment.topup", topup_id, access_token=access_token)
        except MissingError:
            raise
        except AccessError:
            raise ValidationError(request.env._("The access token is invalid.")) from None
        user = request.env.user
        if not user.share or user.partner_id.commercial_partner_id != topup_sudo.partner_id:
            raise Forbidden()
        if topup_sudo.method != "online" or topup_sudo.state != "draft":
            raise ValidationError(request.env._("This top-up cannot be paid online any more."))
        self._validate_transaction_kwargs(kwargs)
        kwargs.update(
            {
                "amount": topup_sudo.amount,
                "currency_id": topup_sudo.currency_id.id,
                "partner_id": user.partner_id.id,
            }
        )
        tx_sudo = self._create_transaction(custom_create_values={"dms_topup_id": topup_sudo.id}, **kwargs)
        return tx_sudo._get_processing_values()
