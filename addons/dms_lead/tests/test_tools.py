# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import assign


@tagged("post_install", "-at_install")
class TestAssignTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, assign)

    def test_deadline_edges(self):
        offered = datetime(2026, 5, 1, 8, 0, 0)
        deadline = assign.deadline_after(offered, 24)
        self.assertEqual(deadline, datetime(2026, 5, 2, 8, 0, 0))
        self.assertFalse(assign.is_late(deadline, deadline), "exactly at the deadline: still in time")
        self.assertTrue(assign.is_late(deadline, deadline + timedelta(seconds=1)), "one second after: late")
        self.assertFalse(assign.is_late(deadline, deadline - timedelta(seconds=1)))
        with self.assertRaises(ValueError):
            assign.deadline_after(offered, 0)

    def test_rank_least_loaded_capacity_and_ties(self):
        cands = [
            {"id": 4, "open": 3, "capacity": 10, "depth": 2},  # 30 %
            {"id": 2, "open": 1, "capacity": 2, "depth": 3},  # 50 %
            {"id": 9, "open": 0, "capacity": 3, "depth": 2},  # 0 %
            {"id": 6, "open": 5, "capacity": 5, "depth": 3},  # full
        ]
        self.assertEqual(assign.rank(cands), [9, 4, 2])
        self.assertEqual(assign.rank(cands, exclude=[9]), [4, 2], "a dealer already tried never comes back")
        tied = [{"id": i, "open": 0, "capacity": 5, "depth": 2} for i in (8, 3, 5)]
        self.assertEqual(assign.rank(tied), [3, 5, 8], "equal dealers: the same order every time")
        self.assertEqual(assign.rank(list(reversed(tied))), [3, 5, 8])

    def test_next_step(self):
        self.assertEqual(assign.next_step(2, 3, [7]), ("offer", 7))
        self.assertEqual(assign.next_step(3, 3, [7]), ("hq", "attempts"))
        self.assertEqual(assign.next_step(0, 3, []), ("hq", "no_dealer"))
