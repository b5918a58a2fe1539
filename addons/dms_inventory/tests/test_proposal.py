# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import float_round

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

    def _assert_same_queries_per_batch(self, few, many):
        """Propose for ``few`` then ``many`` dealers (their proposals of the day dropped first): one run
        each, the same number of queries; returns the second run's proposals."""
        Proposal = self.env["dms.inventory.proposal"].sudo()
        counts = []
        for batch in (few, many):
            Proposal.search([("dealer_id", "in", batch.ids)]).unlink()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            made = Proposal._propose(self.company, dealer_ids=batch.ids)
            counts.append(self.cr.sql_log_count - start)
            self.assertEqual(made.dealer_id, batch)
        self.assertEqual(counts[0], counts[1], counts)
        return made

    def test_run_queries_do_not_grow_with_dealers(self):
        """One price call per batch: 3 or 12 dealers of a batch cost the same number of queries."""
        env = self.env(su=True)
        dealers = env["res.partner"].browse()
        for i in range(17):
            dealers |= self._dms_create_dealer(
                f"VMI dealer {i}",
                dealer_level_id=(self.level_core if i % 2 else self.level_strategic).id,
                territory_id=self.dist_a.territory_id.id,
                dms_vmi_enabled=True,
            )
        for dealer in dealers:
            for product in (self.product_tea, self.product_water):
                self._give_stock(dealer, product, 90)
                self._sell(dealer, product, 80)
        # a customer price for half of them: the price call has policy and list-price lines
        policy = env["dms.price.policy"].create(
            {
                "name": "VMI customer prices",
                "line_ids": [
                    Command.create({"product_id": self.product_tea.id, "partner_id": dealer.id, "fixed_price": 90.0})
                    for dealer in dealers[::2]
                ],
            }
        )
        policy.action_submit()
        policy.with_user(self.user_hq).action_approve()
        Proposal = self.env["dms.inventory.proposal"].sudo()
        for dealer in dealers[:2]:  # warm up registry-level caches
            Proposal._propose(self.company, dealer_ids=dealer.ids)
        made = self._assert_same_queries_per_batch(dealers[2:5], dealers[5:17])
        tea = made.line_ids.filtered(lambda line: line.product_id == self.product_tea)
        self.assertEqual(sorted(set(tea.mapped("price_unit"))), [90.0, 100.0])
        for proposal in made:  # lines inserted in one statement: related fields and amounts as the ORM makes them
            lines = proposal.line_ids
            self.assertEqual(len(lines), 2)
            self.assertEqual((lines.dealer_id, lines.territory_id), (proposal.dealer_id, proposal.territory_id))
            self.assertEqual(set(lines.mapped("dealer_path")), {proposal.dealer_path})
            self.assertAlmostEqual(proposal.amount_untaxed, sum(line.qty * line.price_unit for line in lines))
            self.assertGreater(proposal.amount_untaxed, 0.0)

    def test_dealer_served_credit_read_for_the_batch(self):
        """A dealer served by another dealer: its available credit is its channel account's limit less
        what it owes (shipped, unpaid) and what is accepted but not shipped; the accounts of a batch are
        read together (same queries for 2 and 6 such dealers)."""
        env = self.env(su=True)
        Account = env["dms.channel.account"]
        self._give_stock(self.dist_a, self.product_tea, 50)
        shipped = self._order(self.portal_sub_a, [(self.product_tea, 3.0)])
        shipped.with_user(self.portal_a_admin).action_accept()
        shipped.with_user(self.portal_a_admin).action_ship()
        pending = self._order(self.portal_sub_a, [(self.product_tea, 2.0)])
        pending.with_user(self.portal_a_admin).action_accept()
        account = Account._channel_get(self.dist_a, self.sub_a)
        account.credit_limit = 5000.0
        self.assertGreater(account.balance, 0.0)
        expected = 5000.0 - account.balance - 2.0 * pending.line_ids._channel_unit_total()
        others = env["res.partner"].browse()
        for i in range(5):
            dealer = self._dms_create_dealer(
                f"Served VMI {i}", parent=self.dist_a, dealer_type="sub_dealer", dms_vmi_enabled=True
            )
            self._give_stock(dealer, self.product_water, 90)
            self._sell(dealer, self.product_water, 80)
            Account._channel_get(self.dist_a, dealer).credit_limit = 1000.0 + i
            others |= dealer
        Proposal = self.env["dms.inventory.proposal"].sudo()
        Proposal._propose(self.company, dealer_ids=self.sub_a.ids)  # warm up registry-level caches
        made = self._assert_same_queries_per_batch(self.sub_a | others[0], self.sub_a | others[1:])
        mine = made.filtered(lambda p: p.dealer_id == self.sub_a)
        self.assertAlmostEqual(mine.credit_available, expected, places=2)
        self.assertEqual(made.filtered(lambda p: p.dealer_id == others[4]).credit_available, 1004.0)

    def test_references_and_rounding_of_batched_lines(self):
        """References drawn together follow the sequence (and fall back to one by one for a no-gap
        sequence); line values are rounded to their fields' digits as the ORM's create rounds them."""
        env = self.env(su=True)
        self._sell(self.dist_a, self.product_tea, 0.005)  # outflow 80.005: more decimals than the field keeps
        sequence = env.ref("dms_inventory.seq_dms_inventory_proposal")
        first = int(sequence.get_next_char(sequence.number_next_actual).rsplit("/", 1)[1])
        proposals = self._propose().sorted("id")
        self.assertEqual(proposals.mapped("name"), [sequence.get_next_char(first), sequence.get_next_char(first + 1)])
        line = proposals.filtered(lambda p: p.dealer_id == self.dist_a).line_ids
        digits = line._fields["outflow"].get_digits(env)[1]
        self.assertEqual(line.outflow, float_round(80.005, precision_digits=digits))
        env.invalidate_all()
        self.assertEqual(line.outflow, float_round(80.005, precision_digits=digits))
        # a no-gap sequence: one next_by_code per proposal, same format
        Proposal = env["dms.inventory.proposal"]
        sequence.implementation = "no_gap"
        names = Proposal._next_names(2)
        number = int(names[0].rsplit("/", 1)[1])
        self.assertEqual(names, [sequence.get_next_char(number), sequence.get_next_char(number + 1)])
