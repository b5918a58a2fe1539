# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Only HQ and pricing managers run simulations; nobody writes results; no context unlocks it.
Every attack goes through JSON-RPC as the user, the way a client would."""

from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsSimulationMixin

FORGED = {"dms_workflow": "dms_workflow_engine", "active_test": False}


@tagged("post_install", "-at_install")
class TestSimulationSecurity(DmsRpcMixin, DmsSimulationMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_simulation()
        cls.sim = cls._simulation()

    def test_hq_runs_it_over_rpc(self):
        self.rpc(self.user_hq, "dms.simulation", "action_run", [self.sim.id])
        self.assertEqual(self.sim.state, "done")
        self.assertEqual(len(self.sim.line_ids), 4)
        rows = self.rpc(self.user_pricing, "dms.simulation.line", "search_read", [("simulation_id", "=", self.sim.id)])
        self.assertEqual(len(rows), 4)

    def test_others_cannot_run_it(self):
        for user in (self.portal_a_admin, self.user_rep_a, self.user_region_east, self.user_finance):
            self.assertRpcRefused(user, "dms.simulation", "action_run", [self.sim.id])
            self.assertRpcRefused(user, "dms.simulation", "action_run", [self.sim.id], context=FORGED)
        self.assertEqual(self.sim.state, "draft")
        self.assertFalse(self.sim.line_ids)
        self.assertEqual(self.draft.state, "draft")

    def test_others_cannot_create_or_read(self):
        vals = {"name": "Mine", "price_policy_id": self.draft.id}
        for user in (self.portal_a_admin, self.user_rep_a):
            self.assertRpcRefused(user, "dms.simulation", "create", [vals])
            self.assertRpcRefused(user, "dms.simulation", "web_save", [], vals, specification={}, context=FORGED)
            self.assertRpcRefused(user, "dms.simulation.line", "search_read", [])
            self.assertRpcRefused(user, "dms.simulation.order.line", "search_read", [])

    def test_nobody_writes_results_or_state(self):
        self.sim.action_run()
        line = self.sim.line_ids[0]
        for user in (self.user_pricing, self.user_hq, self.user_rep_a):
            self.assertRpcRefused(user, "dms.simulation.line", "write", [line.id], {"simulated_revenue": 1.0})
            self.assertRpcRefused(
                user, "dms.simulation.line", "create", [{"simulation_id": self.sim.id, "company_id": 1}]
            )
            self.assertRpcRefused(user, "dms.simulation.line", "unlink", [line.id])
            self.assertRpcRefused(
                user,
                "dms.simulation.order.line",
                "write",
                [self.sim.order_line_ids[0].id],
                {"simulated_amount": 1.0},
            )
        for vals in ({"state": "queued"}, {"last_order_id": 999999}, {"processed_line_count": 1}):
            self.assertRpcRefused(self.user_pricing, "dms.simulation", "write", [self.sim.id], vals, context=FORGED)
            self.assertRpcRefused(
                self.user_pricing,
                "dms.simulation",
                "web_save",
                [self.sim.id],
                vals,
                specification={},
                context=FORGED,
            )
        # a copy starts as a draft without results; a copy cannot be made "done" either
        self.assertRpcRefused(
            self.user_pricing, "dms.simulation", "copy", [self.sim.id], default={"state": "done"}, context=FORGED
        )
        copy_ids = self.rpc(self.user_pricing, "dms.simulation", "copy", [self.sim.id])
        copy = self.env["dms.simulation"].browse(copy_ids)
        self.assertEqual((copy.state, copy.last_order_id, len(copy.line_ids)), ("draft", 0, 0))
        self.assertEqual(self.sim.state, "done")
        self.assertEqual(line.simulated_revenue, self._by_dealer(self.sim)[line.partner_id].simulated_revenue)

    def test_engine_entry_points_are_not_reachable(self):
        self.assertRpcRefused(self.user_pricing, "dms.simulation", "_dms_run_batch", [self.sim.id])
        self.assertRpcRefused(self.user_pricing, "dms.simulation", "_dms_finalize", [self.sim.id])
        self.assertRpcRefused(self.user_hq, "dms.simulation", "_cron_run_queued", [])
        self.assertRpcRefused(
            self.user_pricing,
            "dms.price.engine",
            "_dms_simulate_policy_prices",
            self.draft.id,
            [],
            1,
            "2026-01-01",
            "2026-01-31",
        )
        self.assertRpcRefused(self.user_hq, "dms.rebate.policy", "_dms_simulate_rebates", [self.rebate.id], [])
        # a client cannot pass the run on to a policy that is not a draft (approve-by-simulation)
        self.assertRpcRefused(
            self.user_pricing, "dms.price.policy", "write", [self.draft.id], {"state": "active"}, context=FORGED
        )
        self.assertEqual(self.draft.state, "draft")
