# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import BaseCase, tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import prepayment, proof


@tagged("post_install", "-at_install")
class TestTools(BaseCase):
    def test_doctests(self):
        assert_doctests(self, proof, prepayment)

    def test_proof_cap_is_checked_on_length_first(self):
        # a file one byte over the cap is refused whatever it holds
        self.assertEqual(proof.check(b"%PDF-" + b"x" * proof.MAX_PROOF_BYTES), (None, proof.TOO_LARGE))
