# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import simulation


@tagged("post_install", "-at_install")
class TestSimulationTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, simulation)

    def test_last_full_period_edges(self):
        self.assertEqual(simulation.last_full_period(date(2026, 3, 31), "month"), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(
            simulation.last_full_period(date(2026, 4, 1), "quarter"), (date(2026, 1, 1), date(2026, 3, 31))
        )
        self.assertEqual(
            simulation.last_full_period(date(2026, 1, 1), "month"), (date(2025, 12, 1), date(2025, 12, 31))
        )

    def test_spread_keeps_the_total(self):
        shares = simulation.spread(100.0, [1.0, 2.0, 3.0, 7.0])
        self.assertAlmostEqual(sum(shares), 100.0, places=6)
        self.assertEqual(simulation.spread(5.0, [0.0, 0.0]), [0.0, 5.0])
        self.assertEqual(simulation.spread(5.0, []), [])
