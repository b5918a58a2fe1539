# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryTransfer(DmsInventoryCommon, HttpCase, DmsRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)
        # a sibling of sub_a under dist_a in another territory of the same region
        cls.terr_hangzhou = env["dms.territory"].create(
            {"name": "Test Hangzhou", "code": "T-HZ", "parent_id": cls.terr_east.id, "zip_prefixes": "310"}
        )
        cls.sub_c = cls._dms_create_dealer(
            "Test Sub-dealer C", cls.dist_a, dealer_type="sub_dealer", territory_id=cls.terr_shanghai.id
        )
        cls.sub_d = cls._dms_create_dealer(
            "Test Sub-dealer D", cls.dist_a, dealer_type="sub_dealer", territory_id=cls.terr_hangzhou.id
        )
        cls.portal_sub_c = cls._dms_portal_user("dms_portal_sub_c", cls.sub_c)
        cls.portal_sub_d = cls._dms_portal_user("dms_portal_sub_d", cls.sub_d)
        # sub_a: overstocked on tea, with a near-expiry lot; sub_c and sub_d short on it
        cls._give_stock(cls.sub_a, cls.product_tea, 30, "OLD", cls.today + timedelta(days=20))
        cls._give_stock(cls.sub_a, cls.product_tea, 200, "NEW", cls.today + timedelta(days=300))
        cls._sell(cls.sub_a, cls.product_tea, 16)
        for dealer in (cls.sub_c, cls.sub_d):
            cls._give_stock(dealer, cls.product_tea, 85)
            cls._sell(dealer, cls.product_tea, 80)

    def _transfer(self, receiver, qty=20):
        return (
            self.env["dms.inventory.transfer"]
            .sudo()
            .create(
                {
                    "from_dealer_id": self.sub_a.id,
                    "to_dealer_id": receiver.id,
                    "product_id": self.product_tea.id,
                    "qty": qty,
                    "reason": "expiry",
                }
            )
        )

    def test_proposed_from_alerts_once(self):
        self._scan(self.sub_a | self.sub_c | self.sub_d)
        transfers = self.env["dms.inventory.transfer"].sudo()._propose(self.company)
        self.assertEqual(transfers.from_dealer_id, self.sub_a)
        self.assertTrue(transfers.to_dealer_id <= self.sub_c | self.sub_d)
        self.assertFalse(self.env["dms.inventory.transfer"].sudo()._propose(self.company), "no duplicate")

    def test_both_accept_ledger_both_sides_lots_kept(self):
        transfer = self._transfer(self.sub_c)
        transfer.with_user(self.portal_sub_a).action_accept()
        self.assertEqual(transfer.state, "proposed")
        with self.assertRaises(AccessError):
            transfer.with_user(self.portal_sub_d).action_accept()
        transfer.with_user(self.portal_sub_c).action_accept()
        self.assertEqual(transfer.state, "done")
        order = transfer.channel_order_id
        self.assertEqual((order.seller_id, order.buyer_id, order.state), (self.sub_a, self.sub_c, "received"))
        moves = self.env["dms.channel.stock.move"].sudo().search([("channel_order_id", "=", order.id)])
        out = moves.filtered(lambda m: m.dealer_id == self.sub_a)
        into = moves.filtered(lambda m: m.dealer_id == self.sub_c)
        self.assertEqual(sum(out.mapped("qty")), -20)
        self.assertEqual(sum(into.mapped("qty")), 20)
        self.assertEqual(set(into.mapped("lot_name")), {"OLD"}, "FEFO: the near-expiry lot moves, lot kept")
        self.assertLedgerConsistent()
        account = self.env["dms.channel.account"].sudo()._channel_get(self.sub_a, self.sub_c)
        self.assertAlmostEqual(account.balance, order.amount_total, msg="owed through their channel account")

    def test_cross_territory_needs_hq(self):
        transfer = self._transfer(self.sub_d)
        self.assertTrue(transfer.cross_territory)
        transfer.with_user(self.portal_sub_a).action_accept()
        transfer.with_user(self.portal_sub_d).action_accept()
        self.assertEqual(transfer.state, "to_approve")
        with self.assertRaises(AccessError):
            transfer.with_user(self.user_region_east).action_approve()
        with self.assertRaises(AccessError):
            transfer.with_user(self.portal_sub_a).action_approve()
        transfer.with_user(self.user_hq).action_approve()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self._on_hand(self.sub_d, self.product_tea), 25.0)

    def test_not_enough_stock_nothing_half_done(self):
        transfer = self._transfer(self.sub_c, qty=5000)
        transfer.with_user(self.portal_sub_a).action_accept()
        with self.assertRaises(UserError):
            transfer.with_user(self.portal_sub_c).action_accept()

    def test_rpc_attacks(self):
        transfer = self._transfer(self.sub_c)
        self.assertRpcRefused(self.portal_sub_a, "dms.inventory.transfer", "write", [transfer.id], {"state": "done"})
        self.assertRpcRefused(
            self.portal_sub_a, "dms.inventory.transfer", "write", [transfer.id], {"from_accepted": True}
        )
        self.assertRpcRefused(
            self.portal_sub_a, "dms.inventory.transfer", "copy", [transfer.id], exception=("AccessError", "UserError")
        )
        self.assertRpcRefused(self.portal_sub_d, "dms.inventory.transfer", "action_accept", [transfer.id])
        self.rpc(self.portal_sub_c, "dms.inventory.transfer", "action_decline", [transfer.id])
        self.assertEqual(transfer.state, "declined")
        self.assertEqual(
            self.env["dms.inventory.transfer"].with_user(self.portal_b_admin).search([]),
            self.env["dms.inventory.transfer"],
        )
