# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DmsSimulationCommon


@tagged("post_install", "-at_install")
class TestSimulation(DmsSimulationCommon):
    def _assert_line(self, line, **expected):
        for name, value in expected.items():
            self.assertAlmostEqual(line[name], value, places=2, msg=f"{line.partner_id.name} {name}")

    def test_price_policy_figures_by_hand(self):
        """The draft (tea 88 for East strategic, water 9 for East) on the fixed data set."""
        sim = self._simulation()
        sim.with_user(self.user_hq).action_run()
        self.assertEqual(sim.state, "done")
        self.assertEqual(sim.processed_line_count, 7, "the draft and the old order are not in the period")
        lines = self._by_dealer(sim)
        self.assertEqual(set(lines), {self.dist_a, self.dist_b, self.dist_c, self.dist_d})
        # dist_a: tea 10 x 90 -> 10 x 88, water 100 x 10 -> 100 x 9; cost 10 x 40 + 100 x 4 = 800
        # rebate: 1,900 -> 2 % = 38.00; 1,780 -> 2 % = 35.60
        self._assert_line(
            lines[self.dist_a],
            baseline_revenue=1900.0,
            simulated_revenue=1780.0,
            delta_revenue=-120.0,
            delta_revenue_pct=-120.0 / 1900.0 * 100,
            baseline_margin=1100.0,
            simulated_margin=980.0,
            delta_margin=-120.0,
            baseline_rebate=38.0,
            simulated_rebate=35.6,
            delta_rebate=-2.4,
            baseline_net=1062.0,
            simulated_net=944.4,
        )
        self.assertEqual(lines[self.dist_a].region_id, self.terr_east)
        self.assertEqual(lines[self.dist_a].level_id, self.level_strategic)
        self.assertEqual(lines[self.dist_a].changed_line_count, 2)
        # dist_c (core, Shanghai -> East): the level price 95 outranks nothing of the draft for tea,
        # water 50 x 10 -> 50 x 9; cost 5 x 40 + 50 x 4 = 400; rebate 975 -> 1 % = 9.75; 925 -> 9.25
        self._assert_line(
            lines[self.dist_c],
            baseline_revenue=975.0,
            simulated_revenue=925.0,
            baseline_margin=575.0,
            simulated_margin=525.0,
            baseline_rebate=9.75,
            simulated_rebate=9.25,
        )
        self.assertEqual(lines[self.dist_c].region_id, self.terr_east, "the region above the area")
        self.assertEqual(lines[self.dist_c].changed_line_count, 1)
        # West: untouched; dist_b 2,200 (cost 800 + 120), rebate 2 % = 44; dist_d 900, rebate 9
        self._assert_line(
            lines[self.dist_b],
            baseline_revenue=2200.0,
            simulated_revenue=2200.0,
            baseline_margin=1280.0,
            delta_margin=0.0,
            baseline_rebate=44.0,
            simulated_rebate=44.0,
        )
        self._assert_line(lines[self.dist_d], baseline_revenue=900.0, delta_revenue=0.0, baseline_rebate=9.0)
        self.assertEqual(lines[self.dist_b].region_id, self.terr_west)
        # totals: 1,900 + 975 + 2,200 + 900 = 5,975 -> 5,805
        self.assertAlmostEqual(sim.baseline_revenue, 5975.0)
        self.assertAlmostEqual(sim.simulated_revenue, 5805.0)
        self.assertAlmostEqual(sim.delta_revenue, -170.0)
        self.assertAlmostEqual(sim.delta_rebate, -2.9)
        # by region (pivot): East -170, West 0
        groups = dict(
            self.env["dms.simulation.line"]._read_group(
                [("simulation_id", "=", sim.id)], ["region_id"], ["delta_revenue:sum"]
            )
        )
        self.assertAlmostEqual(groups[self.terr_east], -170.0)
        self.assertAlmostEqual(groups[self.terr_west], 0.0)
        # drill-down: the order lines of dist_a, each with its actual and simulated amount
        action = lines[self.dist_a].action_view_order_lines()
        details = self.env["dms.simulation.order.line"].search(action["domain"])
        self.assertEqual(details.sale_line_id, self.orders.filtered(lambda o: o.partner_id == self.dist_a).order_line)
        tea = details.filtered(lambda d: d.product_id == self.tea)
        self.assertEqual((tea.baseline_amount, tea.simulated_amount, tea.simulated_price), (900.0, 880.0, 88.0))
        self.assertIn(self.draft.code, tea.explanation)

    def test_draft_stays_draft_and_nothing_real_changes(self):
        order_lines = self.orders.order_line
        before = [(line.price_unit, line.price_subtotal, line.dms_price_policy_line_id.id) for line in order_lines]
        draft_write = self.draft.write_date
        sim = self._simulation()
        sim.with_user(self.user_pricing).action_run()
        self.env.invalidate_all()
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(self.draft.write_date, draft_write)
        self.assertFalse(self.draft.approved_by_id)
        self.assertEqual(self.active_policy.state, "active")
        after = [(line.price_unit, line.price_subtotal, line.dms_price_policy_line_id.id) for line in order_lines]
        self.assertEqual(before, after)
        # a new order is still priced by the active policy only
        new = self._order(self.dist_a, [(self.tea, 1), (self.water, 1)], confirm=False)
        self.assertEqual(new.order_line.mapped("price_unit"), [90.0, 10.0])

    def test_rerun_replaces_results(self):
        sim = self._simulation()
        sim.with_user(self.user_hq).action_run()
        first = sorted((line.partner_id.id, line.simulated_revenue, line.simulated_rebate) for line in sim.line_ids)
        first_ids = sim.line_ids.ids
        sim.with_user(self.user_hq).action_run()
        second = sorted((line.partner_id.id, line.simulated_revenue, line.simulated_rebate) for line in sim.line_ids)
        self.assertEqual(first, second)
        self.assertFalse(set(first_ids) & set(sim.line_ids.ids), "results are replaced, not added")
        self.assertEqual(len(sim.order_line_ids), 7)
        # a reset drops them; a run brings them back
        sim.with_user(self.user_hq).action_reset()
        self.assertEqual(sim.state, "draft")
        self.assertFalse(sim.line_ids or sim.order_line_ids)

    def test_revision_replaces_the_version_it_revises(self):
        """A revision of the active policy (strategic tea 80): the old version's lines give way."""
        action = self.active_policy.action_revise()
        revision = self.env["dms.price.policy"].browse(action["res_id"])
        self.assertEqual(revision.state, "draft")
        revision.line_ids.filtered(lambda line: line.dealer_level_id == self.level_strategic).fixed_price = 80.0
        sim = self._simulation(price_policy_id=revision.id)
        sim.action_run()
        lines = self._by_dealer(sim)
        self.assertAlmostEqual(lines[self.dist_d].delta_revenue, -100.0)  # 10 x (80 - 90)
        self.assertAlmostEqual(lines[self.dist_a].delta_revenue, -100.0)  # water stays: no East draft here
        self.assertAlmostEqual(lines[self.dist_b].delta_revenue, 0.0)  # core 95 copied unchanged
        self.assertEqual(self.active_policy.state, "active")

    def test_rebate_scenario(self):
        """A draft rebate: strategic dealers 3 % of everything, on top of the active one."""
        draft_rebate = self.env["dms.rebate.policy"].create(
            {
                "name": "Test Strategic Bonus",
                "code": "T-SB",
                "date_start": self.today,
                "level_ids": [Command.set(self.level_strategic.ids)],
                "tier_ids": [Command.create({"threshold": 0.0, "rate": 3.0})],
            }
        )
        sim = self._simulation(scenario_type="rebate", price_policy_id=False, rebate_policy_id=draft_rebate.id)
        sim.with_user(self.user_hq).action_run()
        lines = self._by_dealer(sim)
        self._assert_line(lines[self.dist_a], delta_revenue=0.0, baseline_rebate=38.0, simulated_rebate=38.0 + 57.0)
        self._assert_line(lines[self.dist_d], baseline_rebate=9.0, simulated_rebate=9.0 + 27.0)
        self._assert_line(lines[self.dist_b], baseline_rebate=44.0, simulated_rebate=44.0, delta_rebate=0.0)
        self.assertAlmostEqual(sim.delta_rebate, 84.0)
        self.assertEqual(draft_rebate.state, "draft")

    def test_rebate_revision_replaces_the_family(self):
        """A revision of the active rebate (flat 1 %): the scenario pays it instead of the old tiers."""
        action = self.rebate.action_revise()
        revision = self.env["dms.rebate.policy"].browse(action["res_id"])
        revision.tier_ids.filtered(lambda t: t.threshold == 1500.0).unlink()
        sim = self._simulation(scenario_type="rebate", price_policy_id=False, rebate_policy_id=revision.id)
        sim.action_run()
        lines = self._by_dealer(sim)
        self._assert_line(lines[self.dist_a], baseline_rebate=38.0, simulated_rebate=19.0)
        self._assert_line(lines[self.dist_b], baseline_rebate=44.0, simulated_rebate=22.0)
        self.assertEqual(self.rebate.state, "active")

    def test_promotion_scenario(self):
        """5 % off orders of 1,000 or more for strategic dealers: dist_a only (dist_d's is 900)."""
        program = self.env["loyalty.program"].create(
            {
                "name": "Test Summer 5%",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "active": False,
                "dms_dealer_level_ids": [Command.set(self.level_strategic.ids)],
                "rule_ids": [Command.create({"minimum_amount": 1000.0, "minimum_qty": 0})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 5.0,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        sim = self._simulation(scenario_type="promotion", price_policy_id=False, program_id=program.id)
        sim.with_user(self.user_hq).action_run()
        lines = self._by_dealer(sim)
        # 1,900 x 5 % = 95, spread 900 : 1,000 -> 45 + 50; rebate 1,805 x 2 % = 36.10
        self._assert_line(lines[self.dist_a], simulated_revenue=1805.0, simulated_margin=1005.0, simulated_rebate=36.1)
        self._assert_line(lines[self.dist_d], delta_revenue=0.0)
        self.assertAlmostEqual(lines[self.dist_c].delta_revenue, 0.0, msg="core dealers are not targeted")
        tea = sim.order_line_ids.filtered(lambda d: d.partner_id == self.dist_a and d.product_id == self.tea)
        self.assertAlmostEqual(tea.simulated_amount, 855.0)
        self.assertFalse(program.active)

    def test_refuses_what_cannot_be_simulated(self):
        sim = self._simulation(price_policy_id=self.active_policy.id)
        with self.assertRaises(UserError):
            sim.action_run()
        self.assertEqual(sim.state, "draft")
        sim.price_policy_id = False
        with self.assertRaises(UserError):
            sim.action_run()
        running = self.env["loyalty.program"].create(
            {"name": "Running", "program_type": "promotion", "reward_ids": [Command.create({"discount": 5.0})]}
        )
        sim.write({"scenario_type": "promotion", "program_id": running.id})
        with self.assertRaises(UserError):
            sim.action_run()

    def test_companies_are_kept_apart(self):
        """A simulation of another company reads none of this company's orders and is not seen here."""
        company_b = self.env["res.company"].create({"name": "Test Company B", "currency_id": self.currency.id})
        draft_b = self._dms_policy(
            [{"product_id": self.tea.id, "compute_price": "fixed", "fixed_price": 1.0}],
            approve=False,
            name="Company B Prices",
            company_id=company_b.id,
            currency_id=self.currency.id,
        )
        sim = self._simulation(company_id=company_b.id, price_policy_id=draft_b.id)
        sim.action_run()
        self.assertEqual(sim.state, "done")
        self.assertEqual(sim.processed_line_count, 0)
        self.assertFalse(sim.line_ids)
        with self.assertRaises(AccessError):
            sim.with_user(self.user_hq).check_access("read")
        with self.assertRaises(AccessError):
            sim.with_user(self.user_hq).action_run()

    def test_query_budget_independent_of_orders(self):
        """A run costs the same queries for 4 orders and for 16 (one batch each)."""
        sim = self._simulation()
        sim.action_run()  # warm the registry caches
        counts = []
        for _round in range(2):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            sim.action_run()
            counts.append(self.cr.sql_log_count - start)
            orders = self.env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create({"product_id": self.tea.id, "product_uom_qty": 2}),
                            Command.create({"product_id": self.water.id, "product_uom_qty": 3}),
                        ],
                    }
                    for partner in (self.dist_a, self.dist_b, self.dist_c)
                    for _i in range(4)
                ]
            )
            orders.action_confirm()
            self._date_orders(orders)
        self.assertEqual(len(sim.order_line_ids), 7 + 24)
        self.assertEqual(counts[0], counts[1], counts)
        self.env.invalidate_all()
        with self.assertQueryCount(QUERY_BUDGET):
            sim.action_run()

    def test_query_budget_linear_in_batches(self):
        """With a batch of one order, each batch costs the same fixed number of queries."""
        self.env["ir.config_parameter"].set_param("dms_simulation.batch_orders", "1")
        sim = self._simulation()
        sim.action_run()
        sim._dms_reset_results()
        counts = []
        while True:
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            more = sim._dms_run_batch()
            if not more:
                break
            counts.append(self.cr.sql_log_count - start)
        self.assertEqual(len(counts), 4)
        # a batch with nothing repriced skips one read (the policy's name for the explanation)
        self.assertLessEqual(max(counts) - min(counts), 1, counts)
        self.assertLessEqual(max(counts), BATCH_BUDGET, counts)

    # background job (large periods)
    def _figures(self, sim):
        return sorted(
            (line.partner_id.id, line.baseline_revenue, line.simulated_revenue, line.simulated_rebate)
            for line in sim.line_ids
        )

    def test_large_period_runs_in_the_background_and_resumes(self):
        reference = self._simulation()
        reference.action_run()
        Param = self.env["ir.config_parameter"]
        Param.set_param("dms_simulation.sync_max_lines", "3")  # the period holds 7 lines
        Param.set_param("dms_simulation.batch_orders", "1")
        sim = self._simulation()
        sim.with_user(self.user_hq).action_run()
        self.assertEqual(sim.state, "queued")
        self.assertEqual(sim.run_by_id, self.user_hq)
        self.assertFalse(sim.line_ids)
        # the job stops after two batches (a timeout, a restart): the work done is kept
        Simulation = self.env["dms.simulation"]
        Simulation._cron_run_queued(batches=2)
        self.assertEqual(sim.state, "queued")
        self.assertEqual(len(sim.order_line_ids), 4, "two orders of two lines")
        self.assertEqual(sim.last_order_id, sim.order_line_ids.order_id.sorted("id")[-1].id)
        # the next run goes on where it stopped and gives the same figures as on the button
        Simulation._cron_run_queued()
        self.assertEqual(sim.state, "done")
        self.assertEqual(len(sim.order_line_ids), 7)
        self.assertEqual(self._figures(sim), self._figures(reference))

    def test_small_period_runs_on_the_button(self):
        self.env["ir.config_parameter"].set_param("dms_simulation.sync_max_lines", "7")
        sim = self._simulation()
        sim.action_run()
        self.assertEqual(sim.state, "done")


#: queries of a whole run on the button (one batch), whatever the number of orders (38 measured)
QUERY_BUDGET = 38
#: queries of one batch (16 measured)
BATCH_BUDGET = 16
