# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged, users, warmup
from odoo.tools import mute_logger

from .common import DmsLeadMixin


@tagged("post_install", "-at_install")
class TestLeadAssignment(DmsLeadMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_lead()

    def test_territory_least_loaded_deterministic(self):
        first = self._sent(name="Lead 1")
        row = first.dms_assignment_id
        self.assertEqual(first.dms_territory_id, self.terr_shanghai, "the address matched like every DMS address")
        self.assertEqual((first.dms_state, first.dms_dealer_id), ("offered", self.sub_a), "closest, then lowest id")
        self.assertEqual(row.deadline - row.date_offered, timedelta(hours=24))
        self.assertEqual(row.attempt, 1)
        second = self._sent(name="Lead 2")
        self.assertEqual(second.dms_dealer_id, self.retail_a, "sub_a has one open lead now")
        third = self._sent(name="Lead 3")
        self.assertEqual(third.dms_dealer_id, self.dist_a, "the East distributor covers Shanghai too")
        west = self._sent(name="Chengdu lead", zip_code="610200")
        self.assertEqual(west.dms_dealer_id, self.sub_b)

    def test_capacity_dealer_then_level(self):
        self.sub_a.dms_lead_capacity = 1
        self.level_regular.dms_lead_capacity = 0  # retail_a's level takes no leads
        self._sent(name="Lead 1")
        lead = self._sent(name="Lead 2")
        self.assertEqual(lead.dms_dealer_id, self.dist_a, "sub_a is full, retail_a's level takes none")

    def test_decline_next_dealer_then_hq_queue_with_activity(self):
        self.company.dms_lead_max_attempts = 2
        lead = self._sent()
        first = lead.dms_assignment_id
        with self.assertRaises(UserError):
            first.with_user(self.portal_sub_a).action_decline()  # a reason is required
        first.with_user(self.portal_sub_a).action_decline(reason="No sales staff in Pudong")
        self.assertEqual((first.state, first.decline_reason), ("declined", "No sales staff in Pudong"))
        second = lead.dms_assignment_id
        self.assertEqual((second.dealer_id, second.attempt), (self.retail_a, 2))
        second._workflow_write({"deadline": fields.Datetime.now() - timedelta(hours=1)})
        self.env["dms.lead.assignment"]._cron_expire()
        self.assertEqual(second.state, "expired")
        self.assertEqual((lead.dms_state, lead.dms_dealer_id), ("hq", self.env["res.partner"]), "after 2 offers")
        activity = lead.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_region_east, "the manager of the lead's territory")
        # as a user reads it (the history's order is the model's, newest first; the cache may hold it in
        # creation order when nothing invalidated it, e.g. no e-mail sent in between)
        lead.invalidate_recordset(["dms_assignment_ids"])
        self.assertEqual(lead.dms_assignment_ids.mapped("state"), ["expired", "declined"], "history kept")
        # HQ sends it again: a new round, never a dealer it was offered to
        lead.with_user(self.user_hq).action_dms_assign()
        self.assertEqual(lead.dms_dealer_id, self.dist_a)
        lead.dms_assignment_id.with_user(self.portal_a_admin).action_decline(reason="busy")
        lead.dms_assignment_id.invalidate_recordset()
        self.assertEqual(lead.dms_state, "hq", "no covering dealer left")
        self.assertEqual(len(lead.dms_assignment_ids), 3)
        self.assertEqual(len(set(lead.dms_assignment_ids.dealer_id.ids)), 3, "never the same dealer twice")

    def test_cron_deadline_edges(self):
        lead = self._sent()
        row = lead.dms_assignment_id
        Assignment = self.env["dms.lead.assignment"]
        self.assertNotIn(row, Assignment._cron_expire(now=row.deadline), "exactly at the deadline: still offered")
        self.assertEqual(row.state, "offered")
        self.assertIn(row, Assignment._cron_expire(now=row.deadline + timedelta(seconds=1)))
        self.assertEqual(row.state, "expired")
        self.assertEqual(lead.dms_dealer_id, self.retail_a, "re-offered to the next eligible dealer")

    def test_accept_at_and_after_deadline(self):
        lead = self._sent()
        row = lead.dms_assignment_id
        row._workflow_write({"deadline": fields.Datetime.now() - timedelta(seconds=1)})
        with self.assertRaises(UserError):
            row.with_user(self.portal_sub_a).action_accept()
        row._workflow_write({"deadline": fields.Datetime.now() + timedelta(minutes=1)})
        row.with_user(self.portal_sub_a).action_accept()
        self.assertEqual((row.state, lead.dms_state), ("accepted", "accepted"))
        with self.assertRaises(UserError):
            row.with_user(self.portal_sub_a).action_accept()  # the double click

    def test_only_the_offered_dealer_acts(self):
        row = self._sent().dms_assignment_id
        for user in (self.portal_retail_a, self.portal_b_admin):
            with self.assertRaises(AccessError):
                row.with_user(user).action_accept()
        with self.assertRaises(AccessError):
            row.with_user(self.user_hq).action_accept()  # a dealer's step
        with self.assertRaises(AccessError):
            row.with_user(self.portal_sub_a).action_withdraw(reason="mine")  # HQ's step

    def test_guards_state_dealer_context_copy(self):
        lead = self._sent()
        row = lead.dms_assignment_id
        hq_row = row.with_user(self.user_hq)
        for vals in ({"state": "won"}, {"dealer_id": self.dist_a.id}, {"deadline": fields.Datetime.now()}):
            with self.assertRaises(AccessError):
                hq_row.write(vals)
        forged = hq_row.with_context(dms_workflow="dms_workflow_engine")
        with self.assertRaises(AccessError):
            forged.write({"state": "accepted"})
        with self.assertRaises(AccessError):
            self.env["dms.lead.assignment"].with_user(self.user_hq).create(
                {"lead_id": lead.id, "dealer_id": self.dist_a.id}
            )
        with self.assertRaises(UserError):
            hq_row.copy()
        hq_lead = lead.with_user(self.user_hq)
        for vals in ({"dms_dealer_id": self.dist_a.id}, {"dms_state": "won"}, {"dms_territory_id": self.terr_west.id}):
            with self.assertRaises(AccessError):
                hq_lead.write(vals)
        with self.assertRaises(AccessError):
            hq_lead.with_context(dms_workflow="dms_workflow_engine").write({"dms_state": "won"})
        copy = hq_lead.copy()
        self.assertEqual(
            (copy.dms_state, copy.dms_dealer_id, copy.dms_assignment_ids),
            ("new", self.env["res.partner"], self.env["dms.lead.assignment"]),
        )
        made = self.env["crm.lead"].with_user(self.user_hq).with_context(default_dms_state="won").create({"name": "x"})
        self.assertEqual(made.dms_state, "new", "a default_ context key sets nothing")
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.user_hq).create({"name": "y", "dms_dealer_id": self.sub_a.id})

    @mute_logger("odoo.sql_db")
    def test_one_live_owner_per_lead_in_the_database(self):
        lead = self._sent()
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env["dms.lead.assignment"]._workflow_create(
                [{"lead_id": lead.id, "dealer_id": self.dist_a.id, "attempt": 9, "state": "offered"}]
            )

    def test_work_convert_to_channel_order_and_report(self):
        self._give_stock(self.sub_a, self.product_tea, 100)
        lead = self._sent()
        row = lead.dms_assignment_id.with_user(self.portal_sub_a)
        row.action_accept()
        customer = row.sudo().customer_id
        self.assertEqual((customer.dealer_parent_id, customer.dms_served_by), (self.sub_a, "dealer"))
        row.action_contact()
        row.action_save_note("Visited the buyer, samples left")
        row.action_quote()
        self.assertEqual((row.state, row.note), ("quoted", "Visited the buyer, samples left"))
        with self.assertRaises(UserError):
            row.action_convert({self.product_water.id: 5})  # not in the dealer's offer to this customer
        with self.assertRaises(AccessError):
            row.with_user(self.portal_retail_a).action_convert({self.product_tea.id: 5})
        order = row.action_convert({str(self.product_tea.id): "5"})
        self.assertEqual((order.seller_id, order.buyer_id, order.state), (self.sub_a, customer, "accepted"))
        self.assertEqual(order.dms_lead_assignment_id, row)
        self.assertEqual((row.state, row.channel_order_id, lead.dms_state), ("won", order, "won"))
        self.assertGreater(order.amount_total, 0)
        self.env.flush_all()
        report = self.env["dms.lead.report"].search([("lead_id", "=", lead.id)])
        self.assertRecordValues(
            report,
            [
                {
                    "dealer_id": self.sub_a.id,
                    "region_id": self.terr_east.id,
                    "lead_count": 1,
                    "accepted_count": 1,
                    "won_count": 1,
                    "order_amount": order.amount_total,
                    "invoiced_amount": 0.0,
                }
            ],
        )

    def test_hq_withdraws_through_the_wizard(self):
        lead = self._sent()
        row = lead.dms_assignment_id
        row.with_user(self.portal_sub_a).action_accept()
        Wizard = self.env["dms.lead.withdraw"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_region_east).create({"assignment_id": row.id, "reason": "x"})
        wizard = Wizard.with_user(self.user_hq).create({"assignment_id": row.id, "reason": "Customer asked"})
        wizard.action_confirm()
        self.assertEqual((row.state, row.decline_reason), ("withdrawn", "Customer asked"))
        self.assertEqual(lead.dms_dealer_id, self.retail_a, "the next eligible dealer")

    def test_lost_needs_reason(self):
        row = self._sent().dms_assignment_id.with_user(self.portal_sub_a)
        row.action_accept()
        with self.assertRaises(UserError):
            row.action_lose()
        row.action_lose(reason="Chose a local brand")
        self.assertEqual((row.state, row.lead_id.sudo().dms_state), ("lost", "lost"))
        with self.assertRaises(UserError):
            row.action_convert({self.product_tea.id: 1})

    def test_brand_order_wins_the_lead(self):
        lead = self._sent()
        lead.dms_assignment_id.with_user(self.portal_sub_a).action_accept()
        # the brand sells to the lead's customer directly (no dealer assortment applies)
        customer = self.env["res.partner"].create({"name": "Test Brand Direct Customer", "is_company": True})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "opportunity_id": lead.id,
                "order_line": [fields.Command.create({"product_id": self.product_tea.id, "product_uom_qty": 3})],
            }
        )
        order.action_confirm()
        row = lead.dms_assignment_ids
        self.assertEqual((row.state, row.sale_order_id), ("won", order))
        self.env.flush_all()
        report = self.env["dms.lead.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(report.order_amount, order.amount_total)

    def test_visibility(self):
        Assignment = self.env["dms.lead.assignment"]
        lead = self._sent()
        row = lead.dms_assignment_id
        other = self._sent(name="Other", zip_code="610200")
        self.assertEqual(Assignment.with_user(self.portal_sub_a).search([]), row)
        self.assertEqual(other.dms_dealer_id, self.sub_b)
        self.assertFalse(
            Assignment.with_user(self.portal_b_admin).search([]), "sub_b's lead is not its distributor's either"
        )
        self.assertEqual(
            Assignment.with_user(self.user_region_east).search([("lead_id", "in", (lead | other).ids)]), row
        )
        mine = [("lead_id", "in", (lead | other).ids)]
        self.assertEqual(Assignment.with_user(self.user_hq).search(mine), row | other.dms_assignment_id)
        self.assertEqual(
            self.env["crm.lead"].with_user(self.user_region_east).search([("id", "in", (lead | other).ids)]), lead
        )
        with self.assertRaises(AccessError):
            lead.with_user(self.portal_sub_a).read(["name"])
        row.with_user(self.portal_sub_a).action_decline(reason="busy")
        self.assertFalse(
            Assignment.with_user(self.portal_sub_a).search([]), "a declined offer leaves the dealer's view"
        )
        self.assertEqual(
            Assignment.with_user(self.portal_retail_a).search([]),
            lead.dms_assignment_id,
            "the next dealer sees its offer, not the lead's history with sub_a",
        )
        with self.assertRaises(AccessError):
            row.with_user(self.portal_retail_a).read(["decline_reason"])
        self.assertFalse(
            self.env["dms.lead.report"].with_user(self.user_region_west).search([("lead_id", "=", lead.id)])
        )

    @users("dms_hq")
    @warmup
    def test_query_budget_send_one_lead(self):
        lead = self._lead()
        lead.flush_recordset()
        with self.assertQueryCount(dms_hq=18):  # 16 measured: match, candidates, load, offer, lead
            lead.with_user(self.env.user).action_dms_assign()
            lead.flush_recordset()
