# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin


@tagged("post_install", "-at_install")
class TestPortalTours(DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()

    def test_tour_order_flow(self):
        self.start_tour("/my/dms/catalog", "dms_portal_order_flow", login=self.portal_a_user.login)
        order = self.env["sale.order"].search(
            [("dms_ordered_by_user_id", "=", self.portal_a_user.id), ("dms_portal_cart", "=", False)]
        )
        self.assertEqual(len(order), 1)
        quantities = {line.product_id.default_code: line.product_uom_qty for line in order.order_line}
        self.assertEqual(quantities, {"TW-01": 3.0, "TT-01": 2.0}, "the bad Excel row was never added")
        self.assertEqual(order.dms_state, "approved", "submitted into dms_order's flow (no approval rule here)")
        # the back office confirms; the dealer is over its credit limit: the portal shows the hold
        self.dist_a.credit_limit = 1.0
        order.with_user(self.user_hq).action_confirm()
        self.assertEqual(order.dms_state, "credit_hold")
        self.start_tour(f"/my/dms/orders/{order.id}", "dms_portal_order_held", login=self.portal_a_user.login)

    def test_tour_confirm_receipt(self):
        order = self.order_by_dealer[self.retail_a]
        order._dms_write({"dms_state": "shipped"})
        self.start_tour("/my/dms/orders", "dms_portal_confirm_receipt", login=self.portal_retail_a.login)
        self.assertEqual(order.dms_state, "signed")
        self.assertEqual(order.dms_signed_by_id, self.portal_retail_a.partner_id)
