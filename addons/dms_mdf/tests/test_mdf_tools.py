# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import mdf


@tagged("post_install", "-at_install")
class TestMdfTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, mdf)
