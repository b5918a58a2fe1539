# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, http
from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin, DmsRpcMixin


@tagged("post_install", "-at_install")
class TestRushRpc(DmsNetworkMixin, DmsRpcMixin, HttpCase):
    """The dealer's client forges what it can: the flag, the date, a context key, a duplicate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        cls.level_strategic.rush_monthly_quota = 1
        product = cls.env["product.product"].create({"name": "Rush Water", "list_price": 10.0})
        cls.orders = cls.env["sale.order"].create(
            [
                {"partner_id": cls.dist_a.id, "order_line": [Command.create({"product_id": product.id})]}
                for _i in range(2)
            ]
        )

    def test_forged_writes_and_context(self):
        first, second = self.orders
        self.assertRpcRefused(self.portal_a_user, "sale.order", "write", first.ids, {"dms_rush": True})
        self.rpc(self.portal_a_user, "sale.order", "action_dms_rush", first.ids)
        self.assertTrue(first.dms_rush)
        # beyond the quota, whatever the context says
        self.assertRpcRefused(
            self.portal_a_user,
            "sale.order",
            "action_dms_rush",
            second.ids,
            exception="UserError",
            context={"dms_workflow": "dms_workflow_engine", "dms_rush_skip_quota": True, "active_test": False},
        )
        self.assertFalse(second.dms_rush)
        # another dealer cannot flag, nor take the flag off
        self.assertRpcRefused(self.portal_b_admin, "sale.order", "action_dms_rush", second.ids)
        self.assertRpcRefused(self.portal_a_user, "sale.order", "action_dms_rush_remove", first.ids)

    def test_portal_button(self):
        order = self.orders[0]
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        page = self.url_open(f"/my/dms/orders/{order.id}")
        self.assertIn("o_dms_rush_flag", page.text)
        response = self.url_open(
            f"/my/dms/orders/{order.id}/rush", data={"csrf_token": http.Request.csrf_token(self)}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(order.dms_rush)
        listing = self.url_open("/my/dms/orders")
        self.assertIn("o_dms_rush_badge", listing.text)
        # another dealer's order: refused
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        response = self.url_open(
            f"/my/dms/orders/{self.orders[1].id}/rush",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(self.orders[1].dms_rush)
