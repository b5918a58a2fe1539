# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import BaseCase, tagged

from ..tools import admission, hierarchy, lifecycle, related, scoring, spreadsheet, territory, workflow
from .common import assert_doctests


@tagged("post_install", "-at_install")
class TestDoctests(BaseCase):
    def test_doctests_of_tools_pass(self):
        # Odoo's test loader ignores load_tests(): run the examples as one real test
        assert_doctests(self, hierarchy, lifecycle, territory, workflow, admission, related, scoring, spreadsheet)


@tagged("post_install", "-at_install")
class TestHierarchyTools(BaseCase):
    def test_compute_paths_deep_batch_in_any_order(self):
        nodes = {10: 9, 9: 8, 8: None, 11: 8}
        self.assertEqual(
            hierarchy.compute_paths(nodes, {}),
            {8: "8/", 9: "8/9/", 10: "8/9/10/", 11: "8/11/"},
        )

    def test_compute_paths_rejects_cycle_in_batch(self):
        with self.assertRaises(ValueError):
            hierarchy.compute_paths({1: 2, 2: 1}, {})

    def test_cycle_detection_only_for_descendants(self):
        self.assertTrue(hierarchy.is_cycle("3/4/", "3/4/9/12/"))
        self.assertFalse(hierarchy.is_cycle("3/4/", "3/41/"))  # sibling whose id shares digits
        self.assertFalse(hierarchy.is_cycle("3/4/", ""))

    def test_every_transition_matrix(self):
        states = ["applicant", "active", "suspended", "terminated"]
        allowed = {
            ("applicant", "active"),
            ("applicant", "terminated"),
            ("active", "suspended"),
            ("suspended", "active"),
            ("active", "terminated"),
            ("suspended", "terminated"),
        }
        for frm in states:
            for to in states:
                if frm == to:
                    continue
                verdict = lifecycle.check_transition(frm, to, "system")
                self.assertEqual(verdict is None, (frm, to) in allowed, (frm, to))
        # a regional manager may suspend but not terminate; a rep may do nothing
        self.assertIsNone(lifecycle.check_transition("active", "suspended", "region"))
        self.assertEqual(lifecycle.check_transition("active", "terminated", "region"), "role")
        self.assertEqual(lifecycle.check_transition("active", "suspended", "user"), "role")

    def test_territory_match_prefers_deepest_then_longest_zip(self):
        cands = [
            {"id": 1, "depth": 2, "country_ids": [1], "state_ids": [], "zip_prefixes": "20"},
            {"id": 2, "depth": 2, "country_ids": [1], "state_ids": [], "zip_prefixes": "2001"},
            {"id": 3, "depth": 1, "country_ids": [1], "state_ids": [], "zip_prefixes": ""},
        ]
        self.assertEqual(territory.match_territory(cands, 1, None, "200155"), 2)
        self.assertEqual(territory.match_territory(cands, 1, None, "209999"), 1)
        self.assertEqual(territory.match_territory(cands, 1, None, "999"), 3)
        self.assertIsNone(territory.match_territory(cands, 2, None, "200155"))
