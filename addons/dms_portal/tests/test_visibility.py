# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import DmsPortalMixin


@tagged("post_install", "-at_install")
class TestLayeredVisibility(DmsPortalMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_portal()

    def _visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_orders_by_role(self):
        expected = {
            self.portal_a_admin: self.dist_a | self.sub_a | self.retail_a,
            self.portal_a_user: self.dist_a,
            self.portal_sub_a: self.sub_a | self.retail_a,
            self.portal_retail_a: self.retail_a,
            self.portal_b_admin: self.dist_b | self.sub_b,
        }
        for user, dealers in expected.items():
            with self.subTest(user=user.login):
                orders = self._visible(user, "sale.order", self.orders)
                self.assertEqual(orders.dealer_id, dealers)
                invoices = self._visible(user, "account.move", self.invoices)
                self.assertEqual(invoices.commercial_partner_id, dealers)
                lines = self._visible(user, "sale.order.line", self.orders.order_line)
                self.assertEqual(lines.order_id.dealer_id, dealers)

    def test_partners_by_role(self):
        Partner = self.env["res.partner"]
        admin_sees = Partner.with_user(self.portal_a_admin).search([("is_dealer", "=", True)])
        self.assertEqual(admin_sees & self.dealers, self.dist_a | self.sub_a | self.retail_a)
        user_sees = Partner.with_user(self.portal_a_user).search([("is_dealer", "=", True)])
        self.assertEqual(user_sees & self.dealers, self.dist_a)
        retail_sees = Partner.with_user(self.portal_retail_a).search([("is_dealer", "=", True)])
        self.assertEqual(retail_sees & self.dealers, self.retail_a)
        with self.assertRaises(AccessError):
            self.dist_b.with_user(self.portal_a_admin).check_access("read")

    def test_read_is_not_write(self):
        order = self.order_by_dealer[self.retail_a]
        order.with_user(self.portal_a_admin).check_access("read")
        with self.assertRaises(AccessError):
            order.with_user(self.portal_a_admin).write({"client_order_ref": "hijack"})
        with self.assertRaises(AccessError):
            self.sub_a.with_user(self.portal_a_admin).write({"name": "hijack"})

    def test_seeing_is_not_acting(self):
        order = self.order_by_dealer[self.retail_a]
        self.assertTrue(order._has_to_be_signed(), "fixture: the quotation waits for the customer's signature")
        self.assertFalse(order.with_user(self.portal_a_admin).sudo()._has_to_be_signed())
        self.assertFalse(order.with_user(self.portal_sub_a).sudo()._has_to_be_signed())
        self.assertTrue(order.with_user(self.portal_retail_a).sudo()._has_to_be_signed())
        self.assertTrue(order.with_user(self.user_hq).sudo()._has_to_be_signed())
        invoice = self.invoice_by_dealer[self.retail_a]
        self.assertFalse(invoice.partner_id.with_user(self.portal_a_admin)._dms_portal_can_act())
        self.assertTrue(invoice.partner_id.with_user(self.portal_retail_a)._dms_portal_can_act())

    def test_branding_follows_top_distributor(self):
        Branding = self.env["dms.portal.branding"]
        Branding.create({"partner_id": self.dist_a.id, "display_title": "Brand A", "primary_color": "#112233"})
        for user, title in (
            (self.portal_a_admin, "Brand A"),
            (self.portal_sub_a, "Brand A"),
            (self.portal_retail_a, "Brand A"),
            (self.portal_b_admin, self.env.company.name),
        ):
            with self.subTest(user=user.login):
                values = Branding.with_user(user)._get_for_partner(user.partner_id)
                self.assertEqual(values["title"], title)
        with self.assertRaises(ValidationError):
            Branding.create({"partner_id": self.dist_b.id, "display_title": "B", "primary_color": "red"})
