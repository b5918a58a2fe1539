# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin


@tagged("post_install", "-at_install")
class TestReceiptRace(DmsRaceMixin, TransactionCase):
    """Two users of one dealer open an announcement at the same instant: one receipt, no error."""

    def test_concurrent_opens_leave_one_receipt(self):
        with self._race_committed() as env:
            dealer = env["res.partner"].create(
                {"name": "Race Dealer", "is_company": True, "is_dealer": True, "dealer_state": "active"}
            )
            users = [
                new_test_user(
                    env,
                    login=f"dms_race_reader_{index}",
                    groups="base.group_portal,dms_dealer.group_dms_portal_user",
                    partner_id=env["res.partner"].create({"name": f"Reader {index}", "parent_id": dealer.id}).id,
                )
                for index in (1, 2)
            ]
            announcement = env["dms.announcement"].create(
                {"name": "Race", "partner_ids": [(6, 0, dealer.ids)], "state": "published"}
            )
            ids = {"dealer": dealer.id, "users": [u.id for u in users], "announcement": announcement.id}
        self.addCleanup(self._cleanup, ids)

        def open_as(env, user_id):
            return env["dms.announcement"].with_user(user_id).browse(ids["announcement"])._dms_portal_open()

        results = self._race_run(open_as, ids["users"])
        # the loser either finds the row (False) or, under REPEATABLE READ, fails to serialise: Odoo
        # retries such a request, and the retry finds the receipt and records nothing
        self.assertEqual(list(results.values()).count(True), 1, results)
        loser = next(user_id for user_id, outcome in results.items() if outcome is not True)
        self.assertIn(results[loser], (False, SERIALIZATION_FAILURE), results)
        with self._race_committed() as env:
            self.assertFalse(open_as(env, loser))
        with self._race_committed() as env:
            receipts = env["dms.announcement.receipt"].search([("announcement_id", "=", ids["announcement"])])
            self.assertEqual(len(receipts), 1)
            self.assertEqual(receipts.partner_id.id, ids["dealer"])

    def _cleanup(self, ids):
        with self._race_committed() as env:
            self._race_forget(env, "dms.announcement", [ids["announcement"]])
            env["dms.announcement"].browse(ids["announcement"]).unlink()
            users = env["res.users"].browse(ids["users"])
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            env["res.partner"].browse(ids["dealer"]).unlink()


@tagged("post_install", "-at_install")
class TestSubmitRace(DmsRaceMixin, TransactionCase):
    """Two users of one dealer send the proof of one task at the same instant: one submission."""

    def test_concurrent_submits_leave_one_submission(self):
        with self._race_committed() as env:
            dealer = env["res.partner"].create(
                {"name": "Race Task Dealer", "is_company": True, "is_dealer": True, "dealer_state": "active"}
            )
            users = [
                new_test_user(
                    env,
                    login=f"dms_race_submitter_{index}",
                    groups="base.group_portal,dms_dealer.group_dms_portal_user",
                    partner_id=env["res.partner"].create({"name": f"Submitter {index}", "parent_id": dealer.id}).id,
                )
                for index in (1, 2)
            ]
            task = env["dms.engagement.task"].create(
                {"name": "Race audit", "date_deadline": "2030-01-01", "partner_ids": [(6, 0, dealer.ids)]}
            )
            task.action_assign()
            assignment = task.assignment_ids
            self.assertEqual(len(assignment), 1)
            ids = {
                "dealer": dealer.id,
                "users": [u.id for u in users],
                "task": task.id,
                "assignment": assignment.id,
            }
        self.addCleanup(self._cleanup, ids)

        def submit_as(env, user_id):
            assignment = env["dms.engagement.assignment"].with_user(user_id).browse(ids["assignment"])
            return assignment._dms_portal_submit(f"done by {user_id}", [])

        results = self._race_run(submit_as, ids["users"])
        self.assertEqual(list(results.values()).count(True), 1, results)
        loser = next(user_id for user_id, outcome in results.items() if outcome is not True)
        self.assertIn(results[loser], (REFUSED, SERIALIZATION_FAILURE), results)
        with self._race_committed() as env:
            assignment = env["dms.engagement.assignment"].browse(ids["assignment"])
            self.assertEqual(assignment.state, "submitted")
            winner = next(user_id for user_id, outcome in results.items() if outcome is True)
            self.assertEqual(assignment.submit_uid.id, winner)
            logs = env["dms.workflow.log"].search(
                [("res_model", "=", assignment._name), ("res_id", "=", assignment.id), ("transition", "=", "submit")]
            )
            self.assertEqual(len(logs), 1)

    def _cleanup(self, ids):
        with self._race_committed() as env:
            self._race_forget(env, "dms.engagement.assignment", [ids["assignment"]])
            self._race_forget(env, "dms.engagement.task", [ids["task"]])
            env["dms.engagement.assignment"].browse(ids["assignment"]).unlink()
            env["dms.engagement.task"].browse(ids["task"]).unlink()
            users = env["res.users"].browse(ids["users"])
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            env["res.partner"].browse(ids["dealer"]).unlink()
