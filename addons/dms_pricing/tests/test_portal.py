# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import DmsPricingMixin


@tagged("post_install", "-at_install")
class TestPortalExplanation(DmsPricingMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_pricing()

    def test_portal_order_shows_price_explanation(self):
        policy = self._dms_policy([{"product_id": self.tea.id, "partner_id": self.dist_a.id, "fixed_price": 90.0}])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": 3})],
            }
        )
        order.write({"state": "sent"})
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"Customer price 90.00 from policy {policy.code} v1", response.text)
