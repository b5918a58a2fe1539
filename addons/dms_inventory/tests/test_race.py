# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Concurrent accepts on two real cursors: proposals, transfers and routed orders.

Fixtures are committed (each racing cursor must see them) and removed in cleanup. The loser of a race
fails to serialise (Odoo retries it on fresh data) or is refused; the tests then replay the retry.
"""

from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin, new_test_user

LOST = (REFUSED, SERIALIZATION_FAILURE)


@tagged("post_install", "-at_install")
class TestInventoryRace(DmsRaceMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            Partner = env["res.partner"]
            dist = Partner.create(
                {
                    "name": "Race Inv Dist",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            subs = Partner.create(
                [
                    {
                        "name": f"Race Inv Sub {i}",
                        "is_company": True,
                        "is_dealer": True,
                        "dealer_type": "sub_dealer",
                        "dealer_state": "active",
                        "dealer_parent_id": dist.id,
                    }
                    for i in range(2)
                ]
            )
            contacts = Partner.create(
                [
                    {"name": name, "parent_id": dealer.id, "email": f"{name}@example.com"}
                    for name, dealer in (("race_inv_s0a", subs[0]), ("race_inv_s0b", subs[0]), ("race_inv_s1", subs[1]))
                ]
            )
            users = env["res.users"].browse()
            for contact in contacts:
                users |= new_test_user(
                    env,
                    login=contact.name,
                    groups="base.group_portal,dms_dealer.group_dms_portal_user",
                    partner_id=contact.id,
                )
            product = env["product.product"].create(
                {"name": "Race Inv Tea", "type": "consu", "list_price": 10.0, "taxes_id": [Command.clear()]}
            )
            env["dms.channel.stock.move"]._post(
                [{"dealer_id": subs[0].id, "product_id": product.id, "qty": 50.0, "kind": "sell_in"}]
            )
            proposal = env["dms.inventory.proposal"]._workflow_create(
                [
                    {
                        "dealer_id": subs[0].id,
                        "company_id": env.company.id,
                        "line_ids": [
                            Command.create(
                                {"product_id": product.id, "qty_proposed": 10, "qty": 10, "price_unit": 10.0}
                            )
                        ],
                    }
                ]
            )
            transfer = env["dms.inventory.transfer"].create(
                {
                    "from_dealer_id": subs[0].id,
                    "to_dealer_id": subs[1].id,
                    "product_id": product.id,
                    "qty": 20.0,
                    "reason": "overstock",
                    "company_id": env.company.id,
                }
            )
            routed = env["dms.inventory.routed.order"]._workflow_create(
                [
                    {
                        "customer_name": "Race Customer",
                        "phone": "13800000001",
                        "dealer_id": subs[0].id,
                        "deadline": fields.Datetime.now() + timedelta(hours=4),
                        "company_id": env.company.id,
                        "line_ids": [Command.create({"product_id": product.id, "qty": 2.0})],
                    }
                ]
            )
            self.line_id = proposal.line_ids.id
        self.dist_id, self.sub_ids, self.product_id = dist.id, subs.ids, product.id
        self.partner_ids = (dist | subs | contacts).ids
        self.user_ids = users.ids
        self.proposal_id, self.transfer_id, self.routed_id = proposal.id, transfer.id, routed.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._race_committed() as env:
            cr = env.cr
            cr.execute(
                "SELECT id, buyer_id FROM dms_channel_order WHERE buyer_id = ANY(%s) OR seller_id = ANY(%s)",
                [self.partner_ids, self.partner_ids],
            )
            rows = cr.fetchall()
            order_ids = [r[0] for r in rows]
            customers = [r[1] for r in rows if r[1] not in self.partner_ids]
            # the ledger is append-only for everyone: test data goes with plain SQL
            cr.execute("SELECT id FROM dms_inventory_alert WHERE product_id = %s", [self.product_id])
            self._race_forget(env, "dms.inventory.alert", [r[0] for r in cr.fetchall()])
            cr.execute("DELETE FROM dms_inventory_alert WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM dms_channel_stock_move WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM dms_channel_stock WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM dms_inventory_proposal WHERE id = %s", [self.proposal_id])
            cr.execute("DELETE FROM dms_inventory_transfer WHERE id = %s", [self.transfer_id])
            cr.execute("DELETE FROM dms_inventory_routed_order WHERE id = %s", [self.routed_id])
            cr.execute("DELETE FROM dms_channel_shipment WHERE order_id = ANY(%s)", [order_ids])
            cr.execute("DELETE FROM dms_channel_order WHERE id = ANY(%s)", [order_ids])
            cr.execute(
                "DELETE FROM dms_channel_account WHERE buyer_id = ANY(%s) OR seller_id = ANY(%s)",
                [self.partner_ids, self.partner_ids],
            )
            for model, ids in (
                ("dms.channel.order", order_ids),
                ("dms.inventory.proposal", [self.proposal_id]),
                ("dms.inventory.transfer", [self.transfer_id]),
                ("dms.inventory.routed.order", [self.routed_id]),
            ):
                self._race_forget(env, model, ids)
            env["res.users"].browse(self.user_ids).unlink()
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(customers + self.partner_ids).unlink()

    def _check(self):
        """An environment on the committed state (rolled back when the block ends)."""
        cr = self.env.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, SUPERUSER_ID, dict(self.race_context))

    def _race(self, method, record_model, record_id, user_ids):
        """``method`` of the record called by each user at the same time; ``{(i, uid): outcome}``."""

        def act(env, item):
            getattr(env[record_model].with_user(item[1]).browse(record_id), method)()
            return "done"

        return self._race_run(act, list(enumerate(user_ids)))

    def _assert_one_won(self, results):
        outcomes = list(results.values())
        self.assertEqual(outcomes.count("done"), 1, results)
        self.assertTrue(all(o in LOST for o in outcomes if o != "done"), results)
        return next(item for item, outcome in results.items() if outcome != "done")

    def _channel_orders(self, env):
        return env["dms.channel.order"].search(
            ["|", ("buyer_id", "in", self.partner_ids), ("seller_id", "in", self.partner_ids)]
        )

    # ------------------------------------------------------------------
    # Replenishment proposal
    # ------------------------------------------------------------------
    def _proposal_race(self, user_ids):
        loser = self._assert_one_won(self._race("action_accept", "dms.inventory.proposal", self.proposal_id, user_ids))
        env = self._check()
        proposal = env["dms.inventory.proposal"].browse(self.proposal_id)
        # Odoo's retry of the loser sees the proposal accepted
        with self.assertRaises(UserError):
            proposal.with_user(loser[1]).action_accept()
        self.assertEqual(proposal.state, "accepted")
        orders = self._channel_orders(env)
        self.assertEqual(len(orders), 1, "one order")
        self.assertEqual(proposal.channel_order_id, orders)
        self.assertEqual(orders.line_ids.product_qty, 10.0)
        env.cr.rollback()

    def test_proposal_accepted_by_two_users_at_once(self):
        self._proposal_race(self.user_ids[:2])

    def test_proposal_double_click(self):
        self._proposal_race([self.user_ids[0]] * 2)

    def test_proposal_edit_and_accept_at_once(self):
        """An edit racing an accept: the order carries either the old or the new quantity, never a mix."""
        line_id = self.line_id

        def act(env, item):
            proposal = env["dms.inventory.proposal"].with_user(self.user_ids[item]).browse(self.proposal_id)
            if item:
                proposal.action_set_quantities({line_id: 30})
            else:
                proposal.action_accept()
            return "done"

        results = self._race_run(act, [0, 1])
        self._assert_one_won(results)
        env = self._check()
        proposal = env["dms.inventory.proposal"].browse(self.proposal_id)
        if results[0] != "done":  # the edit won: Odoo's retry of the accept orders the new quantity
            proposal.with_user(self.user_ids[0]).action_accept()
        else:  # the accept won: the retried edit is refused
            with self.assertRaises(UserError):
                proposal.with_user(self.user_ids[1]).action_set_quantities({line_id: 30})
        self.assertEqual(proposal.state, "accepted")
        order = self._channel_orders(env)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.line_ids.product_qty, proposal.line_ids.qty, "the order has the proposal's quantity")
        env.cr.rollback()

    # ------------------------------------------------------------------
    # Transfer
    # ------------------------------------------------------------------
    def _assert_moved_once(self, env):
        transfer = env["dms.inventory.transfer"].browse(self.transfer_id)
        self.assertEqual(transfer.state, "done")
        self.assertEqual(len(self._channel_orders(env)), 1, "one channel order")
        Stock = env["dms.channel.stock"]
        on_hand = {
            dealer: sum(
                Stock.search([("dealer_id", "=", dealer), ("product_id", "=", self.product_id)]).mapped("qty_on_hand")
            )
            for dealer in self.sub_ids
        }
        self.assertEqual(on_hand, {self.sub_ids[0]: 30.0, self.sub_ids[1]: 20.0}, "stock moved once")
        env.flush_all()
        env.cr.execute(
            """
            SELECT s.id FROM dms_channel_stock s
         LEFT JOIN dms_channel_stock_move m
                ON m.dealer_id = s.dealer_id AND m.product_id = s.product_id
               AND COALESCE(m.lot_name, '') = COALESCE(s.lot_name, '')
             WHERE s.product_id = %s
          GROUP BY s.id, s.qty_on_hand
            HAVING abs(s.qty_on_hand - COALESCE(SUM(m.qty), 0)) > 0.0001
            """,
            [self.product_id],
        )
        self.assertFalse(env.cr.fetchall(), "the ledger balances the stock")

    def test_transfer_accepted_by_both_sides_at_once(self):
        results = self._race("action_accept", "dms.inventory.transfer", self.transfer_id, self.user_ids[1:])
        loser = self._assert_one_won(results)
        env = self._check()
        transfer = env["dms.inventory.transfer"].browse(self.transfer_id)
        self.assertEqual(transfer.state, "proposed", "one side only so far")
        self.assertFalse(self._channel_orders(env))
        # Odoo's retry of the loser: now both sides accepted, the stock moves
        transfer.with_user(loser[1]).action_accept()
        self.assertTrue(transfer.from_accepted and transfer.to_accepted)
        self._assert_moved_once(env)
        env.cr.rollback()

    def test_transfer_double_click_by_the_last_side(self):
        with self._race_committed() as env:
            env["dms.inventory.transfer"].with_user(self.user_ids[0]).browse(self.transfer_id).action_accept()
        results = self._race("action_accept", "dms.inventory.transfer", self.transfer_id, [self.user_ids[2]] * 2)
        loser = self._assert_one_won(results)
        env = self._check()
        self._assert_moved_once(env)
        with self.assertRaises(UserError):
            env["dms.inventory.transfer"].with_user(loser[1]).browse(self.transfer_id).action_accept()
        env.cr.rollback()

    # ------------------------------------------------------------------
    # Routed end-customer order
    # ------------------------------------------------------------------
    def test_routed_order_double_click(self):
        loser = self._assert_one_won(
            self._race("action_accept", "dms.inventory.routed.order", self.routed_id, [self.user_ids[0]] * 2)
        )
        env = self._check()
        order = env["dms.inventory.routed.order"].browse(self.routed_id)
        with self.assertRaises(UserError):
            order.with_user(loser[1]).action_accept()
        self.assertEqual((order.state, order.dealer_id.id), ("accepted", self.sub_ids[0]))
        channel = self._channel_orders(env).filtered(lambda o: o.seller_id.id in self.sub_ids)
        self.assertEqual(len(channel), 1, "one channel order")
        env.cr.rollback()

    def test_routed_order_accepted_by_two_dealers_at_once(self):
        """Dealer 0 accepts late while the timeout job re-offers the order to dealer 1, who accepts at once."""

        def act(env, item):
            Routed = env["dms.inventory.routed.order"]
            if item == "first":
                Routed.with_user(self.user_ids[0]).browse(self.routed_id).action_accept()
            else:
                order = Routed.browse(self.routed_id)
                order._inventory_lock()  # as the timeout job does
                order._workflow_apply("reroute", vals={"dealer_id": self.sub_ids[1]})
                order.with_user(self.user_ids[2]).action_accept()
            return "done"

        results = self._race_run(act, ["first", "next"])
        self._assert_one_won(results)
        env = self._check()
        order = env["dms.inventory.routed.order"].browse(self.routed_id)
        self.assertEqual(order.state, "accepted")
        channel = self._channel_orders(env).filtered(lambda o: o.seller_id.id in self.sub_ids)
        self.assertEqual(len(channel), 1, "one owner")
        self.assertEqual(channel.seller_id, order.dealer_id)
        env.cr.rollback()

    # ------------------------------------------------------------------
    # Alert scan
    # ------------------------------------------------------------------
    def test_two_alert_scans_at_once_raise_once(self):
        """The scheduled scan started twice: the second inserts nothing twice (open-alert index)."""

        def act(env, item):
            env["dms.inventory.alert"]._scan(env.company, dealer_ids=[self.sub_ids[0]])
            return "done"

        results = self._race_run(act, [0, 1])
        self.assertIn("done", results.values(), results)
        self.assertTrue(all(o in ("done", *LOST) for o in results.values()), results)
        env = self._check()
        alerts = env["dms.inventory.alert"].search([("product_id", "=", self.product_id)])
        self.assertEqual(alerts.mapped("kind"), ["slow"], "50 on hand, never sold: one slow-moving alert")
        self.assertLessEqual(len(alerts.activity_ids), 1)
        env.cr.rollback()
