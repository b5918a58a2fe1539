# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import DmsServiceMixin


@tagged("post_install", "-at_install")
class TestServiceVisibility(DmsServiceMixin, TransactionCase):
    """Who sees which ticket: one ticket per dealer of the network."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_service()
        cls.t_dist_a = cls._class_ticket(cls.portal_a_user)
        cls.t_sub_a = cls._class_ticket(cls.portal_sub_a)
        cls.t_retail_a = cls._class_ticket(cls.portal_retail_a)
        cls.t_dist_b = cls._class_ticket(cls.portal_b_admin)
        cls.all_tickets = cls.t_dist_a | cls.t_sub_a | cls.t_retail_a | cls.t_dist_b

    @classmethod
    def _class_ticket(cls, user):
        return (
            cls.env["dms.service.ticket"]
            .with_user(user)
            .create(
                {
                    "subject": f"Ticket of {user.login}",
                    "partner_id": user.partner_id.commercial_partner_id.id,
                    "category_id": cls.cat_quality.id,
                }
            )
            .with_env(cls.env)
        )

    def _visible(self, user):
        return self.env["dms.service.ticket"].with_user(user).search([("id", "in", self.all_tickets.ids)])

    def test_each_role_sees_its_scope(self):
        expected = {
            self.user_hq: self.all_tickets,
            self.agent_1: self.all_tickets,
            self.service_lead: self.all_tickets,
            # the region: its territory and everything below (East → Shanghai)
            self.user_region_east: self.t_dist_a | self.t_sub_a | self.t_retail_a,
            self.user_region_west: self.t_dist_b,
            self.user_rep_a: self.t_dist_a | self.t_sub_a | self.t_retail_a,
            # dealers: their own company only (an upstream administrator does not read downstream tickets)
            self.portal_a_admin: self.t_dist_a,
            self.portal_a_user: self.t_dist_a,
            self.portal_sub_a: self.t_sub_a,
            self.portal_retail_a: self.t_retail_a,
            self.portal_b_admin: self.t_dist_b,
        }
        for user, tickets in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user), tickets.with_user(user))

    def test_reading_another_scope_is_refused(self):
        for user, ticket in (
            (self.portal_a_user, self.t_sub_a),
            (self.portal_b_admin, self.t_dist_a),
            (self.user_region_west, self.t_dist_a),
            (self.user_rep_a, self.t_dist_b),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                ticket.with_user(user).read(["subject"])

    def test_writes_follow_the_scope(self):
        self.t_dist_a.with_user(self.user_region_east).write({"priority": "1"})
        with self.assertRaises(AccessError):
            self.t_dist_a.with_user(self.user_rep_a).write({"priority": "1"})
        with self.assertRaises(AccessError):
            self.t_dist_b.with_user(self.user_region_east).write({"priority": "1"})
        with self.assertRaises(AccessError):
            self.t_dist_a.with_user(self.portal_a_user).write({"subject": "changed"})
        self.t_dist_b.with_user(self.agent_2).write({"user_id": self.agent_2.id})

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Brand"})
        self.env.cr.execute("UPDATE dms_service_ticket SET company_id = %s WHERE id = %s", [other.id, self.t_dist_b.id])
        self.t_dist_b.invalidate_recordset()
        self.assertNotIn(self.t_dist_b, self._visible(self.agent_1).with_env(self.env))
