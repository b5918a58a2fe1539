# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import allocation
from .common import DmsChannelCommon


@tagged("post_install", "-at_install")
class TestChannelOrder(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)

    def _brand_counts(self):
        return {
            model: self.env[model].sudo().search_count([])
            for model in ("sale.order", "stock.picking", "account.move", "account.move.line")
        }

    def test_doctests(self):
        assert_doctests(self, allocation)

    def test_served_by_defaults(self):
        self.assertEqual(self.retail_a.dms_served_by, "dealer")
        self.assertEqual(self.dist_a.dms_served_by, "brand")
        self.assertEqual(self.retail_a._dms_channel_seller(), self.sub_a)
        self.assertFalse(self.dist_a._dms_channel_seller())
        self.assertTrue(self.retail_a.dms_track_channel_stock)

    def test_retailer_order_is_the_dealers_sale_not_the_brands(self):
        before = self._brand_counts()
        order = self._order(self.portal_retail_a, [(self.product_tea, 6.0)])
        self.assertEqual(order.seller_id, self.sub_a)
        self.assertEqual(order.buyer_id, self.retail_a)
        self.assertEqual(order.state, "submitted")
        self.assertRegex(order.name, r"^CO/")
        line = order.line_ids
        self.assertEqual(line.price_unit, 100.0)
        self.assertEqual(line.dms_price_source, "list_price")
        self.assertTrue(line.dms_price_explanation)
        self.assertEqual(line.tax_ids, self.tax_vat)
        self.assertRecordValues(order, [{"amount_untaxed": 600.0, "amount_tax": 78.0, "amount_total": 678.0}])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship({line.id: 2.0}, carrier="SF Express", tracking_ref="SF123")
        self.assertEqual(order.state, "shipped")
        self.assertEqual(order.ship_status, "partial")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 8.0)
        order.with_user(self.portal_sub_a).action_ship()
        self.assertEqual(order.ship_status, "full")
        self.assertEqual(line.qty_shipped, 6.0)
        self.assertEqual(len(order.shipment_ids), 2)
        first = order.shipment_ids.sorted("id")[0]
        self.assertRecordValues(first, [{"carrier": "SF Express", "tracking_ref": "SF123"}])
        self.assertEqual(first.line_ids.qty, 2.0)
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 4.0)
        order.with_user(self.portal_retail_a).action_receive()
        self.assertEqual(order.state, "received")
        self.assertEqual(line.qty_received, 6.0)
        # the buyer is a stocked dealer: its channel stock gets the goods
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 6.0)
        moves = self.env["dms.channel.stock.move"].search([("channel_order_id", "=", order.id)])
        self.assertEqual(sorted(moves.mapped("kind")), ["sell_through_in", "sell_through_out", "sell_through_out"])
        # nothing of it is the brand's: no sales order, delivery, invoice or receivable
        self.assertEqual(self._brand_counts(), before)
        self.assertLedgerConsistent()

    def test_buyer_without_channel_stock_gets_no_ledger(self):
        self.retail_a.dms_track_channel_stock = False
        order = self._order(self.portal_retail_a, [(self.product_tea, 1.0)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        order.with_user(self.portal_retail_a).action_receive()
        self.assertFalse(self.env["dms.channel.stock"].search([("dealer_id", "=", self.retail_a.id)]))
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 9.0)

    def test_brand_served_customer_has_no_channel_order(self):
        with self.assertRaises(ValidationError):
            self._order(self.portal_a_admin, [(self.product_tea, 1.0)], submit=False)

    def test_discrepancy_is_resolved_by_the_seller(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 5.0)])
        line = order.line_ids
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        with self.assertRaises(UserError):
            order.with_user(self.portal_retail_a).action_receive({line.id: 4.0})
        with self.assertRaises(UserError):
            order.with_user(self.portal_retail_a).action_receive({line.id: 9.0}, note="too many")
        self.assertEqual(order.state, "shipped")
        order.with_user(self.portal_retail_a).action_receive({str(line.id): 4.0}, note="one case broken")
        self.assertEqual(order.state, "received_with_discrepancy")
        self.assertEqual(order.discrepancy_note, "one case broken")
        self.assertEqual(line.qty_received, 4.0)
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 4.0)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_retail_a).action_resolve("fine")
        with self.assertRaises(UserError):
            order.with_user(self.portal_sub_a).action_resolve("")
        order.with_user(self.portal_sub_a).action_resolve("credit note for one case")
        self.assertEqual(order.state, "done")
        self.assertLedgerConsistent()

    def test_reject_needs_reason_and_cancel_sides(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 1.0)])
        with self.assertRaises(UserError):
            order.with_user(self.portal_sub_a).action_reject("")
        order.with_user(self.portal_sub_a).action_reject("out of season")
        self.assertRecordValues(order, [{"state": "rejected", "reject_reason": "out of season"}])
        other = self._order(self.portal_retail_a, [(self.product_tea, 1.0)])
        # the seller refuses what it has not accepted by rejecting it, not by cancelling
        with self.assertRaises(AccessError):
            other.with_user(self.portal_sub_a).action_cancel()
        other.with_user(self.portal_retail_a).action_cancel()
        self.assertEqual(other.state, "cancel")

    def test_roles_act_only_on_their_side(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 2.0)])
        # the buyer never accepts nor ships its own purchase
        with self.assertRaises(AccessError):
            order.with_user(self.portal_retail_a).action_accept()
        # the upstream's upstream (dist_a) sees its downstream's order, read only
        self.assertEqual(order.with_user(self.portal_a_admin).read(["name"])[0]["name"], order.name)
        self.assertTrue(order.line_ids.with_user(self.portal_a_admin).read(["price_unit"]))
        for user in (self.portal_a_admin, self.portal_a_user, self.user_hq, self.user_region_east):
            with self.assertRaises(AccessError, msg=user.login):
                order.with_user(user).action_accept()
        # dist_a's plain user, the other network and the west manager do not even see it
        for user in (self.portal_a_user, self.portal_b_admin, self.user_region_west):
            with self.assertRaises(AccessError, msg=user.login):
                order.with_user(user).read(["name"])
        # HQ and the east manager see it, read only
        for user in (self.user_hq, self.user_region_east):
            self.assertTrue(order.with_user(user).read(["amount_total"]))
            with self.assertRaises(AccessError):
                order.with_user(user).check_access("write")
        order.with_user(self.portal_sub_a).action_accept()
        with self.assertRaises(AccessError):
            order.with_user(self.portal_retail_a).action_ship()
        with self.assertRaises(AccessError):
            order.with_user(self.portal_a_admin).action_ship()
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 10.0)
        order.with_user(self.portal_sub_a).action_ship()
        # the seller never confirms the buyer's receipt
        with self.assertRaises(AccessError):
            order.with_user(self.portal_sub_a).action_receive()
        self.assertEqual(order.state, "shipped")

    def test_seller_does_not_see_drafts_and_lines_freeze(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 2.0)], submit=False)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_sub_a).read(["name"])
        line = order.line_ids.with_user(self.portal_retail_a)
        line.product_qty = 3.0
        self.assertEqual(order.amount_untaxed, 300.0)
        # the price is the seller's, never the buyer's
        with self.assertRaises(AccessError):
            line.write({"price_unit": 1.0})
        with self.assertRaises(AccessError):
            line.write({"qty_shipped": 3.0})
        order.with_user(self.portal_retail_a).action_submit()
        with self.assertRaises(UserError):
            line.write({"product_qty": 30.0})
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            self.env["dms.channel.order.line"].with_user(self.portal_retail_a).create(
                {"order_id": order.id, "product_id": self.product_water.id, "product_qty": 1.0}
            )
        with self.assertRaises(UserError):
            order.with_user(self.portal_retail_a).write({"note": "changed"})

    def test_state_and_protected_fields_only_through_workflow(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 2.0)])
        for user, vals in (
            (self.portal_retail_a, {"state": "received"}),
            (self.portal_sub_a, {"state": "accepted"}),
            (self.portal_sub_a, {"seller_id": self.dist_a.id}),
            (self.portal_retail_a, {"reject_reason": "x"}),
        ):
            with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                order.with_user(user).write(vals)
        # a client's context text is not the engine's mark
        with self.assertRaises(AccessError):
            order.with_user(self.portal_sub_a).with_context(dms_workflow="dms_workflow_engine").write(
                {"state": "accepted"}
            )
        with self.assertRaises(AccessError):
            self.env["dms.channel.order"].with_user(self.portal_retail_a).create(
                {"state": "accepted", "line_ids": [Command.create({"product_id": self.product_tea.id})]}
            )
        # a buyer orders for itself only
        with self.assertRaises(AccessError):
            self.env["dms.channel.order"].with_user(self.portal_retail_a).create({"buyer_id": self.sub_b.id})
        self.assertEqual(order.state, "submitted")
        copy = order.with_user(self.portal_retail_a).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.line_ids.qty_shipped)

    def test_double_click_ship_does_not_ship_twice(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 4.0)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        with self.assertRaises(UserError):
            order.with_user(self.portal_sub_a).action_ship()
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 6.0)
        self.assertEqual(len(order.shipment_ids), 1)
        with self.assertRaises(UserError):
            order.with_user(self.portal_sub_a).action_accept()
