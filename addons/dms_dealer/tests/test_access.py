# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import DmsNetworkMixin


@tagged("post_install", "-at_install")
class TestBackofficeAccess(DmsNetworkMixin, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        cls.product = cls.product_a
        cls.order_a = cls._make_order(cls.sub_a, cls.user_rep_a)
        cls.order_b = cls._make_order(cls.sub_b, cls.user_rep_b)
        cls.invoice_a = cls.init_invoice("out_invoice", partner=cls.sub_a, products=cls.product, post=True)
        cls.invoice_b = cls.init_invoice("out_invoice", partner=cls.sub_b, products=cls.product, post=True)
        cls.plain_customer = cls.env["res.partner"].create({"name": "Plain customer"})

    @classmethod
    def _make_order(cls, partner, salesman):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": salesman.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 2})],
            }
        )

    def _visible_dealers(self, user):
        return self.env["res.partner"].with_user(user).search([("is_dealer", "=", True), ("ref", "like", "T-")])

    def test_rep_sees_only_assigned_dealers(self):
        self.assertEqual(self._visible_dealers(self.user_rep_a), self.dist_a | self.sub_a | self.retail_a)
        with self.assertRaises(AccessError):
            self.dist_b.with_user(self.user_rep_a).read(["name"])
        # partners that are not dealers stay readable (core flows read them)
        self.assertTrue(self.plain_customer.with_user(self.user_rep_a).read(["name"]))

    def test_region_manager_sees_own_territory_subtree(self):
        self.assertEqual(self._visible_dealers(self.user_region_east), self.dist_a | self.sub_a | self.retail_a)
        self.assertEqual(self._visible_dealers(self.user_region_west), self.dist_b | self.sub_b)

    def test_hq_and_finance_see_everything(self):
        everyone = self.dist_a | self.sub_a | self.retail_a | self.dist_b | self.sub_b
        self.assertEqual(self._visible_dealers(self.user_hq), everyone)
        self.assertEqual(self._visible_dealers(self.user_finance), everyone)
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.user_finance)
            .search([("id", "in", (self.order_a | self.order_b).ids)]),
            self.order_a | self.order_b,
        )

    def test_orders_by_region(self):
        SaleOrder = self.env["sale.order"]
        both = (self.order_a | self.order_b).ids
        self.assertEqual(SaleOrder.with_user(self.user_region_east).search([("id", "in", both)]), self.order_a)
        self.assertEqual(SaleOrder.with_user(self.user_region_west).search([("id", "in", both)]), self.order_b)
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.user_region_east).read(["name"])
        self.assertEqual(SaleOrder.with_user(self.user_hq).search([("id", "in", both)]), self.order_a | self.order_b)

    def test_invoices_by_region(self):
        Move = self.env["account.move"]
        both = (self.invoice_a | self.invoice_b).ids
        self.assertEqual(Move.with_user(self.user_region_east).search([("id", "in", both)]), self.invoice_a)
        with self.assertRaises(AccessError):
            self.invoice_b.with_user(self.user_region_east).read(["name"])

    def test_rep_creates_and_confirms_order_for_own_dealer(self):
        order = (
            self.env["sale.order"]
            .with_user(self.user_rep_a)
            .create(
                {
                    "partner_id": self.sub_a.id,
                    "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 3})],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_id, self.sub_a)
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.user_rep_a).read(["name"])

    def test_rep_cannot_edit_levels_or_territories(self):
        with self.assertRaises(AccessError):
            self.level_core.with_user(self.user_rep_a).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.terr_east.with_user(self.user_region_east).write({"name": "Hacked"})
        self.level_core.with_user(self.user_hq).write({"credit_limit": 1000})
        self.assertEqual(self.level_core.credit_limit, 1000)

    def test_region_manager_edits_own_dealer_not_others(self):
        self.sub_a.with_user(self.user_region_east).write({"phone": "+86 21 5555 0000"})
        self.assertEqual(self.sub_a.phone, "+86 21 5555 0000")
        with self.assertRaises(AccessError):
            self.sub_b.with_user(self.user_region_east).write({"phone": "+86 28 0000"})

    def test_new_dealer_in_the_region_follows_the_rules(self):
        dealer = (
            self.env["res.partner"]
            .with_user(self.user_region_east)
            .create(
                {
                    "name": "New East Dealer",
                    "ref": "T-NEW",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "retailer",
                    "dealer_parent_id": self.sub_a.id,
                    "territory_id": self.terr_shanghai.id,
                }
            )
        )
        self.assertEqual(dealer.dealer_state, "applicant")
        self.assertIn(dealer, self._visible_dealers(self.user_region_east))
        self.assertNotIn(dealer, self._visible_dealers(self.user_region_west))
