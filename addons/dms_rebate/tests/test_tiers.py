# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import periods, tiers
from ..tools.tiers import TierError, compute_rebate, validate_tiers

TIERS = [(0.0, 1.0), (100000.0, 2.0), (300000.0, 3.0)]


@tagged("post_install", "-at_install")
class TestTiers(BaseCase):
    def test_doctests(self):
        assert_doctests(self, tiers, periods)

    def test_retroactive_band_edges(self):
        cases = [
            (0, -1, 0.0, 0.0),
            (1, 0, 1.0, 0.01),
            (99999.99, 0, 1.0, 999.9999),
            (100000, 1, 2.0, 2000.0),
            (299999, 1, 2.0, 5999.98),
            (300000, 2, 3.0, 9000.0),
            (1000000, 2, 3.0, 30000.0),
        ]
        for basis, index, rate, earned in cases:
            with self.subTest(basis=basis):
                result = compute_rebate(basis, TIERS, "retroactive")
                self.assertEqual(result["tier_index"], index)
                self.assertEqual(result["tier_rate"], rate)
                self.assertAlmostEqual(result["earned"], earned, places=6)

    def test_progressive_band_edges(self):
        cases = [
            (50000, 500.0),
            (100000, 1000.0),
            (100001, 1000.02),
            (300000, 1000.0 + 4000.0),
            (400000, 1000.0 + 4000.0 + 3000.0),
        ]
        for basis, earned in cases:
            with self.subTest(basis=basis):
                self.assertAlmostEqual(compute_rebate(basis, TIERS, "progressive")["earned"], earned, places=6)

    def test_progressive_never_exceeds_retroactive(self):
        for basis in range(0, 500001, 12500):
            retro = compute_rebate(basis, TIERS, "retroactive")["earned"]
            prog = compute_rebate(basis, TIERS, "progressive")["earned"]
            self.assertLessEqual(prog, retro + 1e-9, basis)

    def test_first_threshold_above_zero(self):
        table = [(1000, 2.0), (5000, 5.0)]
        below = compute_rebate(999.99, table, "retroactive")
        self.assertEqual((below["tier_index"], below["earned"]), (-1, 0.0))
        self.assertEqual((below["next_threshold"], round(below["missing_to_next"], 2)), (1000.0, 0.01))
        self.assertEqual(compute_rebate(999.99, table, "progressive")["earned"], 0.0)
        self.assertAlmostEqual(compute_rebate(6000, table, "progressive")["earned"], 4000 * 0.02 + 1000 * 0.05)

    def test_caps(self):
        capped = compute_rebate(400000, TIERS, "retroactive", cap=10000)
        self.assertEqual((capped["earned"], capped["uncapped"], capped["capped"]), (10000.0, 12000.0, True))
        under = compute_rebate(100000, TIERS, "retroactive", cap=10000)
        self.assertEqual((under["earned"], under["capped"]), (2000.0, False))
        self.assertEqual(compute_rebate(400000, TIERS, "progressive", cap=0)["earned"], 8000.0)
        with self.assertRaises(ValueError):
            compute_rebate(1, TIERS, "retroactive", cap=-1)

    def test_negative_basis_after_returns(self):
        for mode in tiers.MODES:
            result = compute_rebate(-2500.0, TIERS, mode)
            self.assertEqual(result["earned"], 0.0)
            self.assertEqual(result["tier_index"], -1)
            self.assertEqual(result["next_threshold"], 0.0)
            self.assertEqual(result["missing_to_next"], 2500.0)

    def test_next_tier_gap(self):
        result = compute_rebate(120000, TIERS, "retroactive")
        self.assertEqual((result["next_threshold"], result["missing_to_next"]), (300000.0, 180000.0))
        top = compute_rebate(300000, TIERS, "retroactive")
        self.assertIsNone(top["next_threshold"])
        self.assertIsNone(top["missing_to_next"])

    def test_no_tiers(self):
        result = compute_rebate(1000, [], "retroactive")
        self.assertEqual((result["earned"], result["next_threshold"]), (0.0, None))

    def test_validation(self):
        validate_tiers([])
        validate_tiers([(0, 0)])
        for table, code, index in [
            ([(10, 1), (5, 2)], "unordered", 1),
            ([(10, 1), (10, 2)], "overlapping", 1),
            ([(0, 1), (10, -2)], "negative_rate", 1),
            ([(-1, 1)], "negative_threshold", 0),
        ]:
            with self.subTest(table=table), self.assertRaises(TierError) as catcher:
                validate_tiers(table)
            self.assertEqual((catcher.exception.code, catcher.exception.index), (code, index))
        with self.assertRaises(TierError):
            compute_rebate(100, [(10, 1), (5, 2)])
        with self.assertRaises(ValueError):
            compute_rebate(100, TIERS, "linear")

    def test_every_permutation_is_rejected_unless_sorted(self):
        for perm in itertools.permutations(TIERS):
            if list(perm) == TIERS:
                validate_tiers(list(perm))
            else:
                with self.assertRaises(TierError):
                    validate_tiers(list(perm))

    def test_periods(self):
        self.assertEqual(periods.period_bounds(date(2026, 12, 31), "quarter"), (date(2026, 10, 1), date(2026, 12, 31)))
        self.assertEqual(periods.period_bounds(date(2026, 1, 1), "month"), (date(2026, 1, 1), date(2026, 1, 31)))
        self.assertEqual(
            periods.periods_between(date(2026, 1, 15), date(2026, 3, 2), "month"),
            [
                (date(2026, 1, 1), date(2026, 1, 31)),
                (date(2026, 2, 1), date(2026, 2, 28)),
                (date(2026, 3, 1), date(2026, 3, 31)),
            ],
        )
        with self.assertRaises(ValueError):
            periods.period_bounds(date(2026, 1, 1), "week")
