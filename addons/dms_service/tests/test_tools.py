# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import service


@tagged("post_install", "-at_install")
class TestServiceTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, service)

    def test_sla_edges(self):
        opened = datetime(2026, 3, 2, 9, 0, 0)
        due = service.sla_deadline(opened, 4)
        self.assertEqual(due, datetime(2026, 3, 2, 13, 0, 0))
        self.assertFalse(service.is_breached(due, done_at=due))
        self.assertTrue(service.is_breached(due, done_at=due + timedelta(seconds=1)))
        self.assertFalse(service.is_breached(due, now=due))
        self.assertTrue(service.is_breached(due, now=due + timedelta(seconds=1)))
        # done in time stays in time, however late "now" is
        self.assertFalse(service.is_breached(due, done_at=due - timedelta(minutes=1), now=due + timedelta(days=9)))
        # across midnight and month ends, on the clock
        self.assertEqual(service.sla_deadline(datetime(2026, 2, 28, 20, 0), 48), datetime(2026, 3, 2, 20, 0))
        self.assertIsNone(service.sla_deadline(opened, -1))

    def test_least_loaded(self):
        self.assertEqual(service.pick_least_loaded([1, 2, 3], {1: 3, 2: 0, 3: 0}), 2)
        self.assertEqual(service.pick_least_loaded([4], {4: 99}), 4)

    def test_measures(self):
        measures = service.service_measures([(True, 0), (True, 0), (False, 4), (False, 0)])
        self.assertEqual(measures["breach_rate"], 50.0)
        self.assertEqual(measures["rating_avg"], 4.0)
