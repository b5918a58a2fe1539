# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DmsDealerCommon


@tagged("post_install", "-at_install")
class TestDealerLifecycle(DmsDealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Lifecycle water", "list_price": 10.0})
        cls.applicant = cls._dms_create_dealer(
            "Applicant Co", dealer_state="applicant", territory_id=cls.terr_shanghai.id, user_id=cls.user_rep_a.id
        )

    def _order(self, partner, user=None):
        env = self.env(user=user) if user else self.env
        return env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )

    def test_region_manager_activates_applicant_with_reason(self):
        applicant = self.applicant.with_user(self.user_region_east)
        action = applicant.action_dealer_activate()
        wizard = Form(self.env[action["res_model"]].with_user(self.user_region_east).with_context(**action["context"]))
        wizard.reason = "Documents checked"
        wizard.save().action_apply()
        self.assertEqual(self.applicant.dealer_state, "active")
        self.assertEqual(self.applicant.dealer_state_reason, "Documents checked")
        self.assertTrue(self.applicant.dealer_since)
        self.assertIn("Documents checked", self.applicant.message_ids[0].body)

    def test_reason_is_required(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.applicant.with_user(self.user_region_east)._dealer_set_state("active", "  ")
        self.assertEqual(self.applicant.dealer_state, "applicant")

    def test_illegal_transition_is_refused_and_nothing_changes(self):
        self.sub_b._dealer_set_state("terminated", "Contract ended")
        with self.assertRaisesRegex(UserError, "is not possible now"):
            self.sub_b.with_user(self.user_hq)._dealer_set_state("active", "Try again")
        self.assertEqual(self.sub_b.dealer_state, "terminated")
        with self.assertRaises(AccessError):
            self.sub_b.with_user(self.user_hq).write({"dealer_state": "applicant"})
        self.assertEqual(self.sub_b.dealer_state, "terminated")

    def test_roles_that_may_not_change_status(self):
        with self.assertRaises(AccessError):
            self.sub_a.with_user(self.user_rep_a)._dealer_set_state("suspended", "Late payments")
        with self.assertRaises(AccessError):
            self.sub_a.with_user(self.user_region_east)._dealer_set_state("terminated", "Closing")
        self.assertEqual(self.sub_a.dealer_state, "active")
        # HQ may terminate
        self.sub_a.with_user(self.user_hq)._dealer_set_state("terminated", "Closing")
        self.assertEqual(self.sub_a.dealer_state, "terminated")

    def test_suspend_blocks_confirmation_but_keeps_history(self):
        old_order = self._order(self.sub_a)
        old_order.action_confirm()
        self.sub_a.with_user(self.user_region_east)._dealer_set_state("suspended", "Expired licence")
        new_order = self._order(self.sub_a)
        with self.assertRaisesRegex(UserError, "not an active dealer"):
            new_order.action_confirm()
        self.assertEqual(new_order.state, "draft")
        self.assertEqual(old_order.state, "sale")
        # orders of a contact person of the dealer are blocked too
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.sub_a.id})
        with self.assertRaises(UserError):
            self._order(contact).action_confirm()
        # back from suspended
        self.sub_a.with_user(self.user_region_east)._dealer_set_state("active", "Licence renewed")
        new_order.action_confirm()
        self.assertEqual(new_order.state, "sale")

    def test_applicant_cannot_order(self):
        order = self._order(self.applicant)
        with self.assertRaisesRegex(UserError, "not an active dealer"):
            order.action_confirm()

    def test_non_dealer_customers_are_not_affected(self):
        customer = self.env["res.partner"].create({"name": "Walk-in customer"})
        order = self._order(customer)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
