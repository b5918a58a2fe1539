# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import DmsSimulationCommon


@tagged("post_install", "-at_install")
class TestSimulationBackground(DmsSimulationCommon):
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
