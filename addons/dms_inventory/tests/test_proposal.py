# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryProposal(DmsInventoryCommon, HttpCase, DmsRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)
        (cls.dist_a | cls.sub_a).write({"dms_vmi_enabled": True})
        env["product.packaging"].create({"name": "Case of 24", "product_id": cls.product_tea.id, "qty": 24})
        # dist_a sold 80 tea in 8 weeks (10 a week) and holds 10: needs 30 for 4 weeks, 2 cases = 48
        cls._give_stock(cls.dist_a, cls.product_tea, 90)
        cls._sell(cls.dist_a, cls.product_tea, 80)
        # sub_a (served by dist_a) likewise on water, no packaging: 30 units
        cls._give_stock(cls.sub_a, cls.product_water, 90)
        cls._sell(cls.sub_a, cls.product_water, 80)

    def _propose(self):
        return (
            self.env["dms.inventory.proposal"].sudo()._propose(self.company, dealer_ids=(self.dist_a | self.sub_a).ids)
        )

    def test_packaging_and_idempotency(self):
        proposals = self._propose()
        self.assertEqual(proposals.dealer_id, self.dist_a | self.sub_a)
        line = proposals.filtered(lambda p: p.dealer_id == self.dist_a).line_ids
        self.assertEqual((line.product_id, line.qty, line.pack_qty), (self.product_tea, 48.0, 24.0))
        self.assertEqual(line.price_unit, 100.0)
        water = proposals.filtered(lambda p: p.dealer_id == self.sub_a).line_ids
        self.assertEqual(water.qty, 30.0)
        self.assertFalse(self._propose(), "a rerun the same day creates nothing new")
        self.assertEqual(
            self.env["dms.inventory.proposal"]
            .sudo()
            .search_count([("dealer_id", "in", (self.dist_a | self.sub_a).ids)]),
            2,
        )

    def test_credit_cap(self):
        self.dist_a.sudo().credit_limit = 4000.0  # 48 tea at 113 (VAT incl.) = 5424 > 4000: one case only
        proposal = self._propose().filtered(lambda p: p.dealer_id == self.dist_a)
        self.assertEqual(proposal.line_ids.qty, 24.0)
        self.assertTrue(proposal.credit_limited)
        self.assertLessEqual(proposal.amount_estimated, 4000.0)
        self.dist_a.sudo().credit_limit = 100.0
        self.env["dms.inventory.proposal"].sudo().search([]).unlink()
        self.assertFalse(self._propose().filtered(lambda p: p.dealer_id == self.dist_a), "no case fits: no proposal")

    def test_edit_accept_brand_order(self):
        proposal = self._propose().filtered(lambda p: p.dealer_id == self.dist_a)
        line = proposal.line_ids
        mine = proposal.with_user(self.portal_a_admin)
        with self.assertRaises(UserError):
            mine.action_set_quantities({line.id: 30})  # not whole cases
        self.dist_a.sudo().credit_limit = 3000.0
        with self.assertRaises(UserError):
            mine.action_set_quantities({line.id: 48})  # over the available credit now
        mine.action_set_quantities({line.id: 24})
        with self.assertRaises(AccessError):
            proposal.with_user(self.portal_b_admin).action_set_quantities({line.id: 24})
        with self.assertRaises(AccessError):
            line.with_user(self.portal_a_admin).write({"qty": 240})
        with self.assertRaises(AccessError):
            proposal.with_user(self.portal_sub_a).action_accept()  # not its dealer's proposal (read rule)
        mine.action_accept()
        order = proposal.sale_order_id
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(order.partner_id.commercial_partner_id, self.dist_a)
        self.assertEqual(order.order_line.product_uom_qty, 24.0)
        self.assertNotEqual(order.dms_state, "draft", "submitted into the normal review flow")
        with self.assertRaises(UserError):
            mine.action_accept()  # double click

    def test_accept_dealer_served_makes_channel_order(self):
        proposal = self._propose().filtered(lambda p: p.dealer_id == self.sub_a)
        proposal.with_user(self.portal_sub_a).action_accept()
        order = proposal.channel_order_id
        self.assertEqual((order.buyer_id, order.seller_id, order.state), (self.sub_a, self.dist_a, "submitted"))
        self.assertEqual(order.line_ids.product_qty, 30.0)

    def test_rpc_attacks(self):
        proposal = self._propose().filtered(lambda p: p.dealer_id == self.dist_a)
        self.assertRpcRefused(
            self.portal_a_admin, "dms.inventory.proposal", "write", [proposal.id], {"state": "accepted"}
        )
        self.assertRpcRefused(
            self.portal_a_admin, "dms.inventory.proposal", "copy", [proposal.id], exception=("AccessError", "UserError")
        )
        self.assertRpcRefused(
            self.portal_a_admin,
            "dms.inventory.proposal",
            "create",
            {"dealer_id": self.dist_a.id},
        )
        self.assertRpcRefused(self.portal_b_admin, "dms.inventory.proposal", "action_accept", [proposal.id])
        self.rpc(self.portal_a_admin, "dms.inventory.proposal", "action_decline", [proposal.id])
        self.assertEqual(proposal.state, "declined")
