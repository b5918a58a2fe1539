# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OPENED, DmsServiceMixin

SLA_ACTIVITY = "dms_service.mail_activity_dms_service_sla"


@tagged("post_install", "-at_install")
class TestServiceTicket(DmsServiceMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_service()

    # ------------------------------------------------------------------
    # Opening and assignment
    # ------------------------------------------------------------------
    def test_dealer_opens_a_ticket_assigned_to_the_least_loaded_agent(self):
        first = self._ticket()
        self.assertEqual(first.state, "new")
        self.assertEqual(first.partner_id, self.dist_a)
        self.assertEqual(first.team_id, self.team)
        self.assertTrue(first.name.startswith("SVC/"))
        self.assertEqual(first.contact_id, self.portal_a_user.partner_id)
        # the first goes to the first listed by name (tie), the second to the other one
        self.assertEqual(first.user_id, self.agent_1)
        second = self._ticket(user=self.portal_b_admin)
        self.assertEqual(second.user_id, self.agent_2)
        # agent 2 solves hers: she is the least loaded again
        second.with_user(self.agent_2).action_solve()
        self.assertEqual(self._ticket().user_id, self.agent_2)
        # what the dealer sends for the assignment is ignored
        forced = self._ticket(user_id=self.agent_1.id, priority="1")
        self.assertEqual(forced.priority, "0")

    def test_deadlines_from_the_category_and_kept_when_the_sla_changes(self):
        ticket = self._opened_at(self._ticket())
        self.assertEqual(ticket.response_deadline, OPENED + timedelta(hours=4))
        self.assertEqual(ticket.resolution_deadline, OPENED + timedelta(hours=48))
        self.cat_quality.resolution_hours = 96
        self.assertEqual(ticket.resolution_deadline, OPENED + timedelta(hours=48))

    def test_only_the_dealers_own_orders_and_their_products(self):
        with self.assertRaises(ValidationError):
            self._ticket(order_id=self.order_b.id)
        other = self.env["product.product"].create({"name": "Not ordered"})
        with self.assertRaises(ValidationError):
            self._ticket(order_id=self.order_a.id, product_id=other.id)
        ticket = self._ticket(order_id=self.order_a.id, product_id=self.product.id)
        self.assertEqual(ticket.order_id, self.order_a)
        self.cat_system.product_required = True
        with self.assertRaises(ValidationError):
            self._ticket(category=self.cat_system)
        # another dealer cannot open a ticket in dist_a's name
        with self.assertRaises(AccessError):
            self._ticket(dealer=self.dist_a, user=self.portal_b_admin)

    # ------------------------------------------------------------------
    # SLA edges
    # ------------------------------------------------------------------
    def test_cron_exactly_at_the_deadline_is_on_time_one_second_after_is_breached(self):
        ticket = self._opened_at(self._ticket())
        Ticket = self.env["dms.service.ticket"]
        response_due = OPENED + timedelta(hours=4)
        Ticket._cron_dms_check_sla(now=response_due)
        self.assertFalse(ticket.response_breached)
        self.assertFalse(ticket.activity_ids)
        Ticket._cron_dms_check_sla(now=response_due + timedelta(seconds=1))
        self.assertTrue(ticket.response_breached)
        self.assertFalse(ticket.resolution_breached)
        self.assertTrue(ticket.sla_breached)
        activity = ticket.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref(SLA_ACTIVITY))
        self.assertEqual(activity.user_id, self.service_lead)
        resolution_due = OPENED + timedelta(hours=48)
        Ticket._cron_dms_check_sla(now=resolution_due)
        self.assertFalse(ticket.resolution_breached)
        Ticket._cron_dms_check_sla(now=resolution_due + timedelta(seconds=1))
        self.assertTrue(ticket.resolution_breached)
        self.assertEqual(len(ticket.activity_ids), 1, "one follow-up per ticket, not one per run")
        # solving closes the follow-up
        ticket.with_user(self.agent_1)._dms_apply("solve", now=resolution_due + timedelta(hours=1))
        self.assertFalse(ticket.activity_ids)

    def test_response_and_resolution_at_the_deadline_and_one_second_after(self):
        on_time = self._opened_at(self._ticket())
        late = self._opened_at(self._ticket())
        response_due = OPENED + timedelta(hours=4)
        on_time.with_user(self.agent_1)._dms_apply("start", now=response_due)
        late.with_user(self.agent_1)._dms_apply("start", now=response_due + timedelta(seconds=1))
        self.assertEqual(on_time.first_response_date, response_due)
        self.assertFalse(on_time.response_breached)
        self.assertTrue(late.response_breached)
        resolution_due = OPENED + timedelta(hours=48)
        on_time.with_user(self.agent_1)._dms_apply("solve", now=resolution_due)
        late.with_user(self.agent_1)._dms_apply("solve", now=resolution_due + timedelta(seconds=1))
        self.assertFalse(on_time.resolution_breached)
        self.assertFalse(on_time.sla_breached)
        self.assertEqual(on_time.resolution_time, 48.0)
        self.assertTrue(late.resolution_breached)
        self.assertEqual(late.sla_breach_pct, 100.0)
        # a ticket answered in time is not flagged by a later run
        self.env["dms.service.ticket"]._cron_dms_check_sla(now=resolution_due + timedelta(days=3))
        self.assertFalse(on_time.sla_breached)

    def test_a_staff_reply_in_the_chatter_is_the_first_response(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).message_post(
            body="请提供批号", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(ticket.first_response_date)
        self.assertEqual(ticket.state, "new")
        # an internal note is not a response
        other = self._ticket()
        other.with_user(self.agent_1).message_post(
            body="internal", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(other.first_response_date)

    # ------------------------------------------------------------------
    # Workflow and rating
    # ------------------------------------------------------------------
    def test_waiting_on_the_dealer_and_its_reply(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).action_ask_dealer()
        self.assertEqual(ticket.state, "waiting")
        # another dealer's reply (it cannot even post) and a staff reply do not resume it
        ticket.with_user(self.agent_2).message_post(
            body="还在等", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(ticket.state, "waiting")
        ticket.with_user(self.portal_a_admin).message_post(
            body="照片已补充", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(ticket.state, "in_progress")
        log = self.env["dms.workflow.log"].search([("res_model", "=", ticket._name), ("res_id", "=", ticket.id)])
        self.assertEqual(log.mapped("transition"), ["reply", "ask"])
        self.assertEqual(log[0].user_id, self.portal_a_admin)

    def test_dealer_cannot_run_staff_steps_and_staff_rules_apply(self):
        ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_a_user).action_solve()
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_a_user).action_start()
        # the sales rep reads its dealer's tickets but does not work on them
        with self.assertRaises(AccessError):
            ticket.with_user(self.user_rep_a).action_solve()
        # the west region does not work on the east's tickets
        with self.assertRaises(AccessError):
            ticket.with_user(self.user_region_west).action_start()
        ticket.with_user(self.user_region_east).action_start()
        self.assertEqual(ticket.state, "in_progress")
        with self.assertRaises(UserError):
            ticket.with_user(self.portal_a_user).action_cancel()  # no reason
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_b_admin).action_cancel(reason="not mine")
        ticket.with_user(self.portal_a_user).action_cancel(reason="已自行解决")
        self.assertEqual(ticket.state, "cancelled")
        self.assertEqual(ticket.cancel_reason, "已自行解决")

    def test_rating_only_by_the_dealer_and_only_once_solved(self):
        ticket = self._ticket()
        with self.assertRaises(UserError):
            ticket.with_user(self.portal_a_user).action_dms_rate(5)
        ticket.with_user(self.agent_1).action_solve()
        for intruder in (self.portal_b_admin, self.agent_1, self.user_hq, self.portal_sub_a):
            with self.assertRaises(AccessError):
                ticket.with_user(intruder).action_dms_rate(1)
        with self.assertRaises(UserError):
            ticket.with_user(self.portal_a_user).action_dms_rate(9)
        ticket.with_user(self.portal_a_user).action_dms_rate("4", feedback="处理及时")
        self.assertEqual(ticket.state, "closed")
        self.assertEqual(ticket.rating_last_value, 4.0)
        self.assertEqual(ticket.rating_ids.partner_id, self.portal_a_user.partner_id)
        self.assertEqual(ticket.rating_ids.feedback, "处理及时")
        # once: a second rating (another user of the dealer, or a double click) is refused
        with self.assertRaises(UserError):
            ticket.with_user(self.portal_a_admin).action_dms_rate(1)
        self.assertEqual(ticket.rating_last_value, 4.0)
        self.assertEqual(len(ticket.rating_ids), 1)

    def test_rating_through_the_chatter_is_refused(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).action_solve()
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_a_user).message_post(body="1 star", rating_value=1)
        self.assertFalse(ticket.rating_ids)

    def test_reopen_clears_the_solution(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).action_solve()
        ticket.with_user(self.portal_a_user).action_reopen(reason="还是有酸味")
        self.assertEqual(ticket.state, "in_progress")
        self.assertFalse(ticket.solved_date)
        with self.assertRaises(UserError):
            ticket.with_user(self.portal_a_user).action_dms_rate(5)

    def test_copy_starts_new_and_clean(self):
        ticket = self._opened_at(self._ticket())
        ticket.with_user(self.agent_1).action_solve()
        copy = ticket.with_user(self.agent_1).copy()
        self.assertEqual(copy.state, "new")
        self.assertFalse(copy.solved_date or copy.first_response_date or copy.sla_breached)
        self.assertNotEqual(copy.open_date, OPENED)
        self.assertNotEqual(copy.name, ticket.name)

    def test_direct_writes_of_protected_fields_are_refused(self):
        ticket = self._ticket()
        agent = ticket.with_user(self.agent_1)
        for vals in ({"state": "solved"}, {"response_breached": True}, {"open_date": OPENED}, {"solved_date": OPENED}):
            with self.assertRaises(AccessError):
                agent.write(vals)
        with self.assertRaises(AccessError):
            agent.with_context(dms_workflow="dms_workflow_engine").write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.env["dms.service.ticket"].with_user(self.portal_a_user).create(
                {"subject": "x", "partner_id": self.dist_a.id, "category_id": self.cat_quality.id, "state": "closed"}
            )
        self.assertEqual(ticket.state, "new")

    # ------------------------------------------------------------------
    # Scorecard
    # ------------------------------------------------------------------
    def test_scorecard_shows_service_measures(self):
        template = self.env["dms.scorecard.template"].create(
            {
                "name": "Test Scorecard",
                "period_type": "month",
                "line_ids": [Command.create({"level_id": self.level_regular.id, "min_score": 0})],
            }
        )
        breached, rated, other_month = (self._opened_at(self._ticket()) for _i in range(3))
        self._opened_at(other_month, OPENED - timedelta(days=40))
        rated.with_user(self.agent_1)._dms_apply("solve", now=OPENED + timedelta(hours=1))
        self.env["dms.service.ticket"]._cron_dms_check_sla(now=OPENED + timedelta(hours=5))
        rated.with_user(self.portal_a_user).action_dms_rate(3)
        self.assertTrue(breached.sla_breached)
        date_from, date_to = OPENED.date().replace(day=1), OPENED.date().replace(day=31)
        dealers = self.env["res.partner"].search([("is_dealer", "=", True)])
        with self.assertQueryCount(__system__=1):  # one search for every dealer of the period, whatever their number
            self.env["dms.dealer.score"]._dms_get_service_stats(dealers, date_from, date_to, self.env.company)
        scores = self.env["dms.dealer.score"]._dms_compute_for_template(template, date_from, date_to)
        score = scores.filtered(lambda s: s.partner_id == self.dist_a)
        self.assertEqual(score.service_ticket_count, 2)
        self.assertEqual(score.service_breach_rate_pct, 50.0)
        self.assertEqual(score.service_rating_avg, 3.0)
        self.assertTrue(score.service_measured)
        self.assertEqual(score.service_score, 50.0)  # half of (100 - 50 % breached), half of 3 stars (50)
        empty = scores.filtered(lambda s: s.partner_id == self.dist_b)
        self.assertEqual(empty.service_ticket_count, 0)
        self.assertFalse(empty.service_measured)
        # not weighted by default; a template that weighs only service scores the dealer on it
        self.assertEqual(template.version_id.weight_service, 0.0)
        service_only = self.env["dms.scorecard.template"].create(
            {
                "name": "Service only",
                "period_type": "month",
                "weight_attainment": 0,
                "weight_growth": 0,
                "weight_punctuality": 0,
                "weight_return": 0,
                "weight_service": 100,
                "line_ids": [Command.create({"level_id": self.level_regular.id, "min_score": 0})],
            }
        )
        self.assertEqual(service_only.version_id.weight_service, 100.0)
        weighted = self.env["dms.dealer.score"]._dms_compute_for_template(service_only, date_from, date_to)
        self.assertEqual(weighted.filtered(lambda s: s.partner_id == self.dist_a).total_score, 50.0)
        # changing the weight freezes a new version; weights must still sum to 100
        with self.assertRaises(ValidationError):
            service_only.weight_service = 90
        service_only.write({"weight_service": 60, "weight_attainment": 40})
        self.assertEqual(service_only.version_id.weight_service, 60.0)
        self.assertEqual(len(service_only.version_ids), 2)

    def test_query_budget_of_opening_a_ticket(self):
        self._ticket()  # warm the caches (sequence, rules)
        with self.assertQueryCount(__system__=18):
            self._ticket()
