# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin


@tagged("post_install", "-at_install")
class TestChannelCreditRace(DmsRaceMixin, TransactionCase):
    """A seller accepts two orders of one buyer at the same time, on two real cursors: the limit holds.

    Fixtures are committed (each cursor must see them) and removed in cleanup.
    """

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            dealer = {"is_company": True, "is_dealer": True, "dealer_state": "active"}
            seller = env["res.partner"].create(dict(dealer, name="Credit Race Seller", dealer_type="distributor"))
            buyer = env["res.partner"].create(
                dict(dealer, name="Credit Race Buyer", dealer_type="retailer", dealer_parent_id=seller.id)
            )
            product = env["product.product"].create(
                {"name": "Credit Race Tea", "type": "consu", "list_price": 10.0, "taxes_id": [Command.clear()]}
            )
            account = env["dms.channel.account"]._channel_get(seller, buyer)
            account.credit_limit = 100.0
            orders = env["dms.channel.order"].create(
                [
                    {"buyer_id": buyer.id, "line_ids": [Command.create({"product_id": product.id, "product_qty": 6.0})]}
                    for _i in range(2)
                ]
            )
            orders.action_submit()
        self.partner_ids = (seller | buyer).ids
        self.product_id = product.id
        self.account_id = account.id
        self.order_ids = orders.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._race_committed() as env:
            cr = env.cr
            cr.execute("DELETE FROM dms_channel_order WHERE id = ANY(%s)", [self.order_ids])
            cr.execute("DELETE FROM dms_channel_account WHERE id = %s", [self.account_id])
            self._race_forget(env, "dms.channel.order", self.order_ids)
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def test_two_simultaneous_acceptances_never_pass_the_limit(self):
        def accept(env, order_id):
            env["dms.channel.order"].browse(order_id).action_accept()
            return "accepted"

        results = self._race_run(accept, self.order_ids)
        outcomes = sorted(results.values())
        self.assertEqual(len(outcomes), 2, results)
        self.assertIn("accepted", outcomes, results)
        loser = next(order_id for order_id, state in results.items() if state != "accepted")
        self.assertIn(results[loser], (REFUSED, SERIALIZATION_FAILURE), results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.race_context)
            # Odoo retries a request that failed to serialise: the retry sees the winner's acceptance
            if results[loser] == SERIALIZATION_FAILURE:
                with self.assertRaisesRegex(UserError, "credit limit"):
                    env["dms.channel.order"].browse(loser).action_accept()
            orders = env["dms.channel.order"].browse(self.order_ids)
            self.assertEqual(sorted(orders.mapped("state")), ["accepted", "submitted"])
            cr.rollback()
