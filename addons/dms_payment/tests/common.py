# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Prepayment fixture: the portal network (dms_portal's) plus a second finance user and helpers."""

import base64

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.dms_portal.tests.common import DmsPortalMixin

#: smallest PNG (8x8 white): a valid payment proof
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAD0lEQVR4nGP4jwMwDC0JALoev0Ewkwr8AAAAAElFTkSuQmCC"
)


class DmsPaymentMixin(DmsPortalMixin):
    @classmethod
    def _setup_dms_payment(cls):
        cls._setup_dms_portal()
        env = cls.env
        cls.company = env.company
        cls.company._dms_prepayment_ensure_setup()
        cls.advance_account = cls.company.dms_prepayment_account_id
        cls.user_finance2 = new_test_user(
            env(su=True), login="dms_finance2", name="Finance 2", groups="base.group_user,dms_dealer.group_dms_finance"
        )
        cls.product_service = env["product.product"].create(
            {
                "name": "Prepaid Service",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 600.0,
                "taxes_id": [Command.clear()],
            }
        )

    def _declare(self, amount, user=None, dealer=None):
        """A bank-transfer top-up declared with its proof by ``user`` (default: dist_a's portal user)."""
        dealer = dealer or self.dist_a
        user = user or {self.dist_a: self.portal_a_user, self.dist_b: self.portal_b_admin}[dealer]
        topup = (
            self.env["dms.prepayment.topup"]
            .with_user(user)
            .create(
                {
                    "partner_id": dealer.id,
                    "amount": amount,
                    "bank_reference": "BANK-1",
                    "proof": base64.b64encode(PNG),
                    "proof_filename": "slip.png",
                }
            )
        )
        topup.action_submit()
        return topup.with_user(self.env.user)

    def _topped_up(self, amount, dealer=None):
        topup = self._declare(amount, dealer=dealer)
        topup.with_user(self.user_finance).action_confirm()
        return topup

    def _order(self, dealer=None, price=600.0):
        order = self.env["sale.order"].create(
            {
                "partner_id": (dealer or self.dist_a).id,
                "order_line": [Command.create({"product_id": self.product_service.id, "price_unit": price})],
            }
        )
        return order
