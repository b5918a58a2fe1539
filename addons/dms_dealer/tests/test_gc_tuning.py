# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import gc

from odoo.tests import BaseCase, TransactionCase, tagged
from odoo.tools import config

from ..tools import gc_tuning
from .common import assert_doctests


@tagged("post_install", "-at_install")
class TestGcTuningTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, gc_tuning)

    def test_freeze_once_per_registry(self):
        class Registry:  # any object stands for a registry
            pass

        registry = Registry()
        before = gc.get_threshold()
        self.addCleanup(gc.set_threshold, *before)
        frozen, ms = gc_tuning.freeze(registry, thresholds=(9000, 15, 15))
        # what was alive is out of the collector's walks; young collections are rarer
        self.assertGreater(frozen, 0)
        self.assertGreaterEqual(ms, 0)
        self.assertEqual(gc.get_threshold(), (9000, 15, 15))
        # the registry's hook runs again when fields are added: nothing is collected nor frozen twice
        self.assertIsNone(gc_tuning.freeze(registry))


@tagged("post_install", "-at_install")
class TestGcTuningServer(TransactionCase):
    def test_loaded_registry_is_out_of_the_collectors_walks(self):
        """The process running these tests loaded its registry through the hook, as a server worker does."""
        if not gc_tuning.enabled(config.get("dms_gc_tuning"), config.get("dev_mode")):
            self.fail("dms_gc_tuning is off in the test server's options: the tuning is not tested")
        self.assertTrue(getattr(self.registry, gc_tuning.FROZEN, False))
        # the registry's own objects are frozen (hundreds of thousands): full collections no longer walk them
        self.assertGreater(gc.get_freeze_count(), 100000)
        self.assertEqual(gc.get_threshold(), gc_tuning.THRESHOLDS)
        # the hook of a loaded registry (run again when a custom field is added) does not freeze again
        self.assertIsNone(gc_tuning.freeze(self.registry))
