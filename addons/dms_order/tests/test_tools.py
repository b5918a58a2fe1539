# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import doctest

from odoo.tests import BaseCase, tagged

from ..tools import anomaly, approval, credit


@tagged("post_install", "-at_install")
class TestOrderTools(BaseCase):
    """Pure business maths, without records."""

    def test_doctests(self):
        for module in (credit, approval, anomaly):
            result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
            self.assertEqual(result.failed, 0, f"doctest failures in {module.__name__}")
            self.assertGreater(result.attempted, 0)

    def test_decide_boundaries(self):
        # exactly at the limit passes, a cent above is held
        self.assertIsNone(credit.decide(100.0, 900.0, 1000.0))
        self.assertEqual(credit.decide(100.01, 900.0, 1000.0), credit.OVER_LIMIT)
        # overdue blocks even without a limit and even a zero order
        self.assertEqual(credit.decide(0.0, 0.0, 0.0, overdue_amount=1.0), credit.OVERDUE)
        # a refund-like negative order never raises the exposure
        self.assertIsNone(credit.decide(-10.0, 5000.0, 1000.0))
        # dealer limit is checked before the group limit
        self.assertEqual(credit.decide(200.0, 900.0, 1000.0, group_exposure=0.0, group_limit=100.0), credit.OVER_LIMIT)
        self.assertEqual(credit.decide(200.0, 0.0, 0.0, group_exposure=0.0, group_limit=100.0), credit.OVER_GROUP_LIMIT)

    def test_split_keeps_running_exposure(self):
        dealers = {"a": {"exposure": 500.0, "limit": 1000.0, "overdue": 0.0}}
        passed, held = credit.split([(1, "a", None, 300.0), (2, "a", None, 300.0), (3, "a", None, 200.0)], dealers)
        self.assertEqual(passed, [1, 3])
        self.assertEqual(held, {2: credit.OVER_LIMIT})
        self.assertEqual(dealers["a"]["exposure"], 1000.0)

    def test_effective_limit_window(self):
        day = datetime.date(2026, 5, 10)
        increases = [(100.0, day, day), (50.0, day - datetime.timedelta(days=10), day - datetime.timedelta(days=1))]
        self.assertEqual(credit.effective_limit(1000.0, increases, day), 1100.0)
        self.assertEqual(credit.effective_limit(1000.0, increases, day + datetime.timedelta(days=1)), 1000.0)

    def test_uninvoiced(self):
        self.assertEqual(credit.uninvoiced_amount(300.0, 3.0, 1.0), 200.0)
        self.assertEqual(credit.uninvoiced_amount(300.0, 3.0, 3.0), 0.0)
        self.assertEqual(credit.uninvoiced_amount(300.0, -3.0, 0.0), 0.0)

    def test_chain_dedup_and_order(self):
        rules = [
            {"level_ids": [1], "steps": ["region"]},
            {"min_amount": 100.0, "steps": ["region", "hq", "finance"]},
            {"price_floor": True, "steps": ["finance"]},
        ]
        facts = {"amount": 150.0, "level_id": 1, "below_floor": True}
        self.assertEqual(approval.build_chain(rules, facts), [(0, "region"), (1, "hq"), (1, "finance")])
        self.assertEqual(approval.build_chain(rules, {"amount": 50.0, "level_id": 2}), [])

    def test_anomaly_thresholds(self):
        self.assertEqual(anomaly.detect([10, 10, 10, 31], jump_factor=3.0)[0], anomaly.JUMP)
        self.assertIsNone(anomaly.detect([10, 10, 10, 30], jump_factor=3.0)[0])
        self.assertEqual(anomaly.detect([10, 10, 10, 5, 5, 5], drop_ratio=0.5)[0], anomaly.DROP)
        self.assertIsNone(anomaly.detect([10, 10, 10, 5, 5, 5.1], drop_ratio=0.5)[0])
        # below the minimum base quantity nothing is reported
        self.assertIsNone(anomaly.detect([0.2, 0.2, 0.2, 9], min_qty=1.0)[0])
