# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Exhaustive tests of the pure precedence rules (no records)."""

import itertools
from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import precedence as p

CUSTOMER = p.Customer(partner_id=7, level_id=2, territory_ids=(1, 3, 5))
PRODUCT = p.Product(product_id=100, template_id=200, categ_chain=(30, 20, 10))


def cand(line_id, **kw):
    vals = dict(
        line_id=line_id,
        policy_id=1,
        version=1,
        is_promotion=False,
        partner_id=False,
        level_id=False,
        territory_id=False,
        product_id=100,
        template_id=False,
        categ_id=False,
        min_qty=0.0,
        date_start=None,
        date_end=None,
    )
    vals.update(kw)
    return p.Candidate(**vals)


KIND_TARGETS = {
    p.KIND_CUSTOMER: {"partner_id": 7},
    p.KIND_LEVEL_TERRITORY: {"level_id": 2, "territory_id": 3},
    p.KIND_LEVEL: {"level_id": 2},
    p.KIND_TERRITORY: {"territory_id": 5},
    p.KIND_PROMOTION: {"is_promotion": True},
    p.KIND_EVERYONE: {},
}
SCOPES = {
    "variant": {"product_id": 100},
    "template": {"product_id": False, "template_id": 200},
    "categ_30": {"product_id": False, "categ_id": 30},
    "categ_20": {"product_id": False, "categ_id": 20},
    "categ_10": {"product_id": False, "categ_id": 10},
}
SCOPE_ORDER = ["variant", "template", "categ_30", "categ_20", "categ_10"]


@tagged("post_install", "-at_install")
class TestPrecedence(BaseCase):
    def test_target_kind(self):
        for kind, target in KIND_TARGETS.items():
            self.assertEqual(p.target_kind(cand(1, **target)), kind)
        # a promotion naming one customer is a customer price
        self.assertEqual(p.target_kind(cand(1, partner_id=7, is_promotion=True)), p.KIND_CUSTOMER)
        # a targeted promotion still ranks as a promotion
        self.assertEqual(p.target_kind(cand(1, level_id=2, is_promotion=True)), p.KIND_PROMOTION)

    def test_every_subset_of_kinds(self):
        """Whatever kinds compete, the best ranked one wins, in any input order."""
        kinds = list(KIND_TARGETS)
        for size in range(1, len(kinds) + 1):
            for subset in itertools.combinations(kinds, size):
                cands = [cand(10 + k, **KIND_TARGETS[k]) for k in subset]
                for order in (cands, list(reversed(cands))):
                    winner = p.select_line(order, CUSTOMER, PRODUCT, 1.0)
                    self.assertEqual(winner.line_id, 10 + min(subset), subset)

    def test_every_subset_of_scopes(self):
        """Within one kind: variant > template > deepest category."""
        for size in range(1, len(SCOPES) + 1):
            for subset in itertools.combinations(SCOPE_ORDER, size):
                cands = [cand(SCOPE_ORDER.index(s) + 1, **SCOPES[s]) for s in subset]
                for order in (cands, list(reversed(cands))):
                    winner = p.select_line(order, CUSTOMER, PRODUCT, 1.0)
                    self.assertEqual(winner.line_id, SCOPE_ORDER.index(subset[0]) + 1, subset)

    def test_kind_beats_scope(self):
        """A customer price on the category beats a level price on the variant."""
        cands = [cand(1, level_id=2), cand(2, partner_id=7, product_id=False, categ_id=10)]
        self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, 1.0).line_id, 2)

    def test_tiers(self):
        cands = [cand(1, min_qty=0), cand(2, min_qty=10), cand(3, min_qty=100)]
        for qty, expected in [(0.5, 1), (1, 1), (9.99, 1), (10, 2), (99, 2), (100, 3), (1e6, 3)]:
            self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, qty).line_id, expected, qty)
        # only tiers: below the first tier nothing applies
        self.assertIsNone(p.select_line([cand(1, min_qty=5)], CUSTOMER, PRODUCT, 4))

    def test_scope_beats_tier(self):
        cands = [cand(1, min_qty=100, product_id=False, template_id=200), cand(2, min_qty=0)]
        self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, 500).line_id, 2)

    def test_newest_version_then_policy_then_line(self):
        cands = [cand(1, version=1, policy_id=5), cand(2, version=3, policy_id=4), cand(3, version=2, policy_id=9)]
        self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, 1).line_id, 2)
        cands = [cand(1, policy_id=4), cand(2, policy_id=5)]
        self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, 1).line_id, 2)
        cands = [cand(8), cand(9)]
        self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, 1).line_id, 9)

    def test_targets_filter(self):
        self.assertIsNone(p.select_line([cand(1, partner_id=8)], CUSTOMER, PRODUCT, 1))
        self.assertIsNone(p.select_line([cand(1, level_id=3)], CUSTOMER, PRODUCT, 1))
        self.assertIsNone(p.select_line([cand(1, territory_id=4)], CUSTOMER, PRODUCT, 1))
        self.assertIsNone(p.select_line([cand(1, level_id=2, territory_id=4)], CUSTOMER, PRODUCT, 1))
        # ancestor territory (subtree) matches
        self.assertEqual(p.select_line([cand(1, territory_id=1)], CUSTOMER, PRODUCT, 1).line_id, 1)
        # no level on the customer: level lines never match
        nolevel = CUSTOMER._replace(level_id=False)
        self.assertIsNone(p.select_line([cand(1, level_id=2)], nolevel, PRODUCT, 1))

    def test_scope_filter(self):
        self.assertIsNone(p.select_line([cand(1, product_id=101)], CUSTOMER, PRODUCT, 1))
        self.assertIsNone(p.select_line([cand(1, product_id=False, template_id=201)], CUSTOMER, PRODUCT, 1))
        self.assertIsNone(p.select_line([cand(1, product_id=False, categ_id=99)], CUSTOMER, PRODUCT, 1))
        self.assertIsNone(p.select_line([cand(1, product_id=False)], CUSTOMER, PRODUCT, 1))

    def test_window(self):
        d = date(2026, 6, 15)
        cands = [
            cand(1, date_start=date(2026, 6, 16)),
            cand(2, date_end=date(2026, 6, 14)),
            cand(3, date_start=date(2026, 6, 15), date_end=date(2026, 6, 15)),
        ]
        self.assertEqual(p.select_line(cands, CUSTOMER, PRODUCT, 1, d).line_id, 3)
        self.assertIsNone(p.select_line(cands[:2], CUSTOMER, PRODUCT, 1, d))

    def test_empty(self):
        self.assertIsNone(p.select_line([], CUSTOMER, PRODUCT, 1))

    def test_apply_rule(self):
        self.assertEqual(p.apply_rule("fixed", 100, fixed_price=80), 80)
        self.assertAlmostEqual(p.apply_rule("discount", 100, discount=12.5), 87.5)
        self.assertEqual(p.apply_rule("discount", 100, discount=100), 0)
        with self.assertRaises(ValueError):
            p.apply_rule("formula", 100)

    def test_floor_price(self):
        self.assertFalse(p.floor_price())
        self.assertEqual(p.floor_price(min_price=50), 50)
        self.assertAlmostEqual(p.floor_price(cost=40, margin=25), 50)
        self.assertAlmostEqual(p.floor_price(cost=40, margin=0), 40)
        self.assertFalse(p.floor_price(cost=40, margin=None))
        self.assertFalse(p.floor_price(suggested_retail=120))
        self.assertEqual(p.floor_price(suggested_retail=120, end_customer=True), 120)
        self.assertEqual(p.floor_price(min_price=60, cost=40, margin=25, suggested_retail=55, end_customer=True), 60)

    def test_below_floor(self):
        self.assertFalse(p.is_below_floor(10, False))
        self.assertFalse(p.is_below_floor(100, 100))
        self.assertTrue(p.is_below_floor(99.9, 100))
        self.assertTrue(p.is_below_floor(110, 100, discount=10))
        self.assertFalse(p.is_below_floor(112, 100, discount=10))
        self.assertTrue(p.is_below_floor(105, 100, order_discount_ratio=0.1))

    def test_needs_hq_approval(self):
        self.assertFalse(p.needs_hq_approval(80, 100, False, 30))
        self.assertFalse(p.needs_hq_approval(70, 100, False, 30))
        self.assertTrue(p.needs_hq_approval(69, 100, False, 30))
        self.assertTrue(p.needs_hq_approval(90, 100, 95, 30))
        self.assertFalse(p.needs_hq_approval(90, 0, False, 30))
