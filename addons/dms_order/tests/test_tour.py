# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


@tagged("post_install", "-at_install")
class TestOrderTour(DmsNetworkMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        dealer = cls._dms_create_dealer("Tour Hold Dealer", territory_id=cls.terr_east.id, credit_limit=10.0)
        product = cls.env["product.product"].create(
            {"name": "Tour service", "type": "service", "list_price": 500.0, "taxes_id": [Command.clear()]}
        )
        cls.order = cls.env["sale.order"].create(
            {"partner_id": dealer.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        cls.order.action_confirm()

    def test_finance_releases_from_the_queue(self):
        self.assertEqual(self.order.dms_state, "credit_hold")
        self.start_tour("/odoo/action-dms_order.action_dms_credit_hold", "dms_order_release_tour", login="dms_finance")
        self.assertEqual(self.order.dms_state, "confirmed")
        self.assertEqual(self.order.dms_credit_release_reason, "Paid in advance by bank transfer")
        self.assertEqual(self.order.dms_credit_release_uid, self.user_finance)
