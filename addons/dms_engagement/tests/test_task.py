# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PNG, DmsEngagementCommon


@tagged("post_install", "-at_install")
class TestTask(DmsEngagementCommon):
    def test_one_assignment_per_targeted_dealer_idempotent(self):
        task = self._task(territory_ids=[Command.set(self.terr_east.ids)])
        self.assertEqual(task.state, "assigned")
        self.assertEqual(task.assignment_ids.partner_id, self.dist_a | self.sub_a | self.retail_a)
        self.assertEqual(set(task.assignment_ids.mapped("state")), {"open"})
        # running it again creates nothing; a dealer activated since is added, alone
        self.assertFalse(task.with_user(self.user_hq).action_assign())
        newcomer = self._dms_create_dealer("Test Newcomer", parent=self.dist_a, territory_id=self.terr_shanghai.id)
        created = task.with_user(self.user_hq).action_assign()
        self.assertEqual(created.partner_id, newcomer)
        self.assertEqual(len(task.assignment_ids), 4)

    def test_region_manager_assigns_within_its_territory(self):
        task = self._task(user=self.user_region_east, territory_ids=[Command.set(self.terr_shanghai.ids)])
        self.assertEqual(task.assignment_ids.partner_id, self.sub_a | self.retail_a)
        self.assertEqual(task.user_id, self.user_region_east)
        Task = self.env["dms.engagement.task"].with_user(self.user_region_east)
        for territories in (self.terr_west, self.terr_hq, self.env["dms.territory"]):
            with self.assertRaises(AccessError):
                Task.create(
                    {
                        "name": "Outside",
                        "date_deadline": fields.Date.today(),
                        "territory_ids": [Command.set(territories.ids)],
                    }
                )
        # the West manager sees neither the task nor its assignments
        self.assertFalse(
            self.env["dms.engagement.task"].with_user(self.user_region_west).search([("id", "=", task.id)])
        )
        self.assertFalse(
            self.env["dms.engagement.assignment"].with_user(self.user_region_west).search([("task_id", "=", task.id)])
        )
        # a sales rep cannot assign
        with self.assertRaises(AccessError):
            self.env["dms.engagement.task"].with_user(self.user_rep_a).create(
                {"name": "Rep", "date_deadline": fields.Date.today()}
            )

    def test_proof_approve_return_resubmit(self):
        task = self._task(user=self.user_region_east, territory_ids=[Command.set(self.terr_east.ids)])
        assignment = self._assignment(task, self.dist_a)
        assignment.with_user(self.portal_a_user)._dms_portal_submit(
            "8 stores checked", [("fridge.png", PNG, "image/png")]
        )
        self.assertRecordValues(
            assignment, [{"state": "submitted", "proof_text": "8 stores checked", "submit_uid": self.portal_a_user.id}]
        )
        self.assertEqual(assignment.proof_attachment_ids.res_id, assignment.id)
        self.assertEqual(assignment.activity_ids.user_id, self.user_region_east)
        # double submit
        with self.assertRaises(UserError):
            assignment.with_user(self.portal_a_admin)._dms_portal_submit("again", [])
        # the reviewer must give a reason to return it
        with self.assertRaises(UserError):
            assignment.with_user(self.user_region_east).action_return(reason="")
        assignment.with_user(self.user_region_east).action_return(reason="Price tags missing")
        self.assertRecordValues(assignment, [{"state": "returned", "return_reason": "Price tags missing"}])
        self.assertFalse(assignment.activity_ids)
        assignment.with_user(self.portal_a_user)._dms_portal_submit("Tags added", [])
        assignment.with_user(self.user_region_east).action_approve()
        self.assertRecordValues(
            assignment, [{"state": "approved", "decide_uid": self.user_region_east.id, "done_rate": 100.0}]
        )
        self.assertEqual(task.completion_rate, round(100 / 3, 1))
        logs = self.env["dms.workflow.log"].search(
            [("res_model", "=", assignment._name), ("res_id", "=", assignment.id)], order="id"
        )
        self.assertEqual(logs.mapped("transition"), ["submit", "return", "submit", "approve"])

    def test_who_may_review(self):
        task = self._task(territory_ids=[Command.set(self.terr_east.ids)])
        assignment = self._assignment(task, self.dist_a)
        assignment.with_user(self.portal_a_user)._dms_portal_submit("done", [])
        # the portal user, another region and the East manager (not the assigner: HQ assigned it)
        for user in (self.portal_a_user, self.user_region_west, self.user_region_east, self.user_rep_a):
            with self.assertRaises(AccessError):
                assignment.with_user(user).action_approve()
        assignment.with_user(self.user_hq).action_approve()
        self.assertEqual(assignment.state, "approved")

    def test_proof_by_another_dealer_refused(self):
        task = self._task()
        assignment = self._assignment(task, self.dist_a)
        for user in (self.portal_b_admin, self.portal_sub_a, self.user_hq):
            with self.assertRaises(AccessError):
                assignment.with_user(user)._dms_portal_submit("not mine", [])
        self.assertEqual(assignment.state, "open")
        with self.assertRaises(UserError):
            assignment.with_user(self.portal_a_user)._dms_portal_submit("  ", [])
        with self.assertRaises(UserError):
            assignment.with_user(self.portal_a_user)._dms_portal_submit("many", [("p.png", PNG, "image/png")] * 7)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", assignment._name)]))

    def test_state_and_proof_fields_unwritable(self):
        task = self._task()
        assignment = self._assignment(task, self.dist_a)
        for user, vals in (
            (self.portal_a_user, {"state": "approved"}),
            (self.user_hq, {"state": "approved"}),
            (self.user_hq, {"proof_text": "forged"}),
            (self.user_hq, {"partner_id": self.dist_b.id}),
            (self.user_region_east, {"overdue": True}),
        ):
            with self.assertRaises(AccessError):
                assignment.with_user(user).with_context(dms_workflow="dms_workflow_engine").write(vals)
        with self.assertRaises(AccessError):
            task.with_user(self.user_hq).write({"state": "closed"})
        # copies: assignments only come from their task
        with self.assertRaises(UserError):  # AccessError is a UserError too
            assignment.with_user(self.user_hq).copy()
        with self.assertRaises(AccessError):
            self.env["dms.engagement.assignment"].with_user(self.user_hq).create(
                {"task_id": task.id, "partner_id": self.dist_b.id}
            )
        self.assertEqual(assignment.state, "open")

    def test_visibility(self):
        task = self._task()
        Assignment = self.env["dms.engagement.assignment"]
        self.assertEqual(Assignment.with_user(self.portal_a_user).search([]).partner_id, self.dist_a)
        # a dealer administrator does not see its downstream's assignments
        self.assertEqual(Assignment.with_user(self.portal_a_admin).search([]).partner_id, self.dist_a)
        self.assertEqual(Assignment.with_user(self.portal_b_admin).search([]).partner_id, self.dist_b)
        self.assertEqual(
            Assignment.with_user(self.user_region_east).search([("task_id", "=", task.id)]).partner_id,
            self.dist_a | self.sub_a | self.retail_a,
        )
        with self.assertRaises(AccessError):
            self._assignment(task, self.dist_b).with_user(self.portal_a_user).check_access("read")
        with self.assertRaises(AccessError):
            task.with_user(self.portal_a_user).check_access("read")

    def test_overdue_cron_and_completion(self):
        task = self._task(days=-1)
        done = self._assignment(task, self.dist_a)
        submitted = self._assignment(task, self.dist_b)
        done.with_user(self.portal_a_user)._dms_portal_submit("done", [])
        done.with_user(self.user_hq).action_approve()
        submitted.with_user(self.portal_b_admin)._dms_portal_submit("done", [])
        self.env["dms.engagement.assignment"]._cron_flag_overdue()
        overdue = task.assignment_ids.filtered("overdue")
        self.assertEqual(overdue.partner_id, self.sub_a | self.retail_a | self.sub_b)
        self.assertRecordValues(
            task, [{"assignment_count": 5, "done_count": 1, "overdue_count": 3, "completion_rate": 20.0}]
        )
        # per dealer, in the pivot: the average of done_rate
        rows = self.env["dms.engagement.assignment"]._read_group(
            [("task_id", "=", task.id)], ["partner_id"], ["done_rate:avg"]
        )
        self.assertEqual(dict(rows)[self.dist_a], 100.0)
        # a new day flags nothing twice
        self.assertEqual(self.env["dms.engagement.assignment"]._cron_flag_overdue(), 0)

    def test_closed_task_takes_no_proof(self):
        task = self._task(days=3)
        assignment = self._assignment(task, self.dist_a)
        task.with_user(self.user_hq).action_close()
        with self.assertRaises(UserError):
            assignment.with_user(self.portal_a_user)._dms_portal_submit("late", [])
        with self.assertRaises(UserError):
            task.with_user(self.user_hq).write({"territory_ids": [Command.set(self.terr_west.ids)]})
        self.assertTrue(fields.Date.today() + timedelta(days=3) == task.date_deadline)

    def test_return_wizard_and_other_company(self):
        task = self._task(user=self.user_region_east, territory_ids=[Command.set(self.terr_east.ids)])
        assignment = self._assignment(task, self.sub_a)
        assignment.with_user(self.portal_sub_a)._dms_portal_submit("done", [])
        wizard = (
            self.env["dms.engagement.assignment.return"]
            .with_user(self.user_region_east)
            .with_context(active_ids=assignment.ids)
            .create({"reason": "缺少价签照片"})
        )
        wizard.action_confirm()
        self.assertRecordValues(assignment, [{"state": "returned", "return_reason": "缺少价签照片"}])
        # another company's tasks and assignments stay in that company
        other = self.env["res.company"].create({"name": "Other Brand"})
        foreign = self.env["dms.engagement.task"].create(
            {"name": "Other brand audit", "date_deadline": fields.Date.today(), "company_id": other.id}
        )
        self.assertFalse(self.env["dms.engagement.task"].with_user(self.user_hq).search([("id", "=", foreign.id)]))
        news = self.env["dms.announcement"].create(
            {"name": "Other brand news", "company_id": other.id, "partner_ids": [Command.set(self.dist_a.ids)]}
        )
        news.action_publish()
        visible = self.env["dms.announcement"].with_user(self.portal_a_user).search([("dealer_visible", "=", True)])
        self.assertNotIn(news, visible)
