# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Channel sales fixture on dms_dealer's network.

``retail_a`` is served by ``sub_a`` (its dealer), ``sub_a`` by ``dist_a``. Products carry a 13 % VAT.
"""

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


class DmsChannelMixin(DmsNetworkMixin):
    @classmethod
    def _setup_dms_channel(cls, tax=True):
        cls._setup_dms_network()
        env = cls.env(su=True)
        taxes = []
        if tax:
            cls.tax_vat = env["account.tax"].create(
                {"name": "VAT 13% (test)", "amount": 13.0, "amount_type": "percent", "type_tax_use": "sale"}
            )
            taxes = [Command.set(cls.tax_vat.ids)]
        cls.product_tea, cls.product_water = env["product.product"].create(
            [
                {
                    "name": "Test Channel Tea",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 100.0,
                    "taxes_id": taxes or [Command.clear()],
                },
                {
                    "name": "Test Channel Water",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": taxes or [Command.clear()],
                },
            ]
        )

    @classmethod
    def _give_stock(cls, dealer, product, qty, lot_name=False, expiration_date=False):
        """Put ``qty`` in ``dealer``'s channel stock as a sell-in (server side)."""
        return cls.env(su=True)["dms.channel.stock.move"]._post(
            [
                {
                    "dealer_id": dealer.id,
                    "product_id": product.id,
                    "qty": qty,
                    "kind": "sell_in",
                    "lot_name": lot_name,
                    "expiration_date": expiration_date,
                    "reference": "test sell-in",
                }
            ]
        )

    def _order(self, buyer_user, lines, submit=True):
        """A channel order created (and submitted) by ``buyer_user``; lines: [(product, qty)]."""
        order = (
            self.env["dms.channel.order"]
            .with_user(buyer_user)
            .create(
                {"line_ids": [Command.create({"product_id": product.id, "product_qty": qty}) for product, qty in lines]}
            )
        )
        if submit:
            order.action_submit()
        return order.with_user(self.env.uid)

    def _on_hand(self, dealer, product):
        stock = (
            self.env["dms.channel.stock"]
            .sudo()
            .search([("dealer_id", "=", dealer.id), ("product_id", "=", product.id)])
        )
        return sum(stock.mapped("qty_on_hand"))

    def assertLedgerConsistent(self):
        """Every stock row equals the sum of its ledger (and no ledger row is outside a stock row)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT s.id, s.qty_on_hand, COALESCE(SUM(m.qty), 0)
              FROM dms_channel_stock s
         LEFT JOIN dms_channel_stock_move m
                ON m.dealer_id = s.dealer_id AND m.product_id = s.product_id
               AND COALESCE(m.lot_name, '') = COALESCE(s.lot_name, '')
          GROUP BY s.id, s.qty_on_hand
            HAVING abs(s.qty_on_hand - COALESCE(SUM(m.qty), 0)) > 0.0001
            """
        )
        self.assertEqual(self.env.cr.fetchall(), [], "channel stock differs from its ledger")
        self.env.cr.execute(
            """
            SELECT m.id FROM dms_channel_stock_move m
             WHERE NOT EXISTS (SELECT 1 FROM dms_channel_stock s
                                WHERE s.dealer_id = m.dealer_id AND s.product_id = m.product_id
                                  AND COALESCE(s.lot_name, '') = COALESCE(m.lot_name, ''))
            """
        )
        self.assertEqual(self.env.cr.fetchall(), [])


class DmsChannelCommon(DmsChannelMixin, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        # the test user reads the channel as HQ does
        cls.env.user.groups_id |= cls.env.ref("dms_dealer.group_dms_hq_manager")
        cls._setup_dms_channel()
