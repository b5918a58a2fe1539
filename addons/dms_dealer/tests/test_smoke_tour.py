# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser smoke tours: the two front doors of the product open for their users.

The data comes from :class:`DmsNetworkMixin`; no demo data is needed.
"""

from odoo.tests import HttpCase, tagged

from .common import DmsNetworkMixin


@tagged("post_install", "-at_install")
class TestDmsSmokeTours(DmsNetworkMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()

    def test_hq_manager_opens_dealers(self):
        """An HQ manager opens the Dealers app and sees the dealer list."""
        self.assertTrue(self.user_hq.has_group("dms_dealer.group_dms_hq_manager"))
        self.start_tour("/odoo", "dms_backend_smoke", login=self.user_hq.login)

    def test_distributor_portal_user_opens_portal_home(self):
        """The portal user of a distributor opens the portal home /my."""
        self.assertEqual(self.portal_a_admin.dms_dealer_id, self.dist_a)
        self.assertTrue(self.portal_a_admin.has_group("base.group_portal"))
        self.start_tour("/my", "dms_portal_smoke", login=self.portal_a_admin.login)
