# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin
from odoo.addons.dms_portal.tools import photos

from ..tools import mdf
from .common import PNG, DmsMdfCommon


@tagged("post_install", "-at_install")
class TestMdfPortal(DmsMdfCommon, DmsRpcMixin, HttpCase):
    """The dealer's client (and a curious region) calls what it can over JSON-RPC and the portal pages."""

    def test_dealer_cannot_decide_pay_or_write_state(self):
        activity = self._activity(amount=3000.0)
        user = self.portal_a_user
        self.assertRpcRefused(user, "dms.mdf.activity", "action_approve", activity.ids)
        self.assertRpcRefused(user, "dms.mdf.activity", "write", activity.ids, {"state": "approved"})
        self.assertRpcRefused(
            user, "dms.mdf.activity", "web_save", activity.ids, {"state": "approved"}, specification={"state": {}}
        )
        # created straight in a decided state or with an approved amount: refused
        vals = {
            "partner_id": self.dist_a.id,
            "title": "Forged",
            "date_from": str(self.today),
            "date_to": str(self.today),
            "planned_amount": 10.0,
        }
        self.assertRpcRefused(user, "dms.mdf.activity", "create", [dict(vals, state="approved")])
        self.assertRpcRefused(user, "dms.mdf.activity", "create", [dict(vals, approved_amount=10.0)])
        # a forged context neither sets the state nor passes for the engine: a plain draft
        forged_id = self.rpc(
            user, "dms.mdf.activity", "create", [vals], context={"default_state": "approved", "dms_workflow": "x"}
        )[0]
        self.assertEqual(self.env["dms.mdf.activity"].browse(forged_id).state, "draft")
        # for another dealer
        self.assertRpcRefused(user, "dms.mdf.activity", "create", [dict(vals, partner_id=self.dist_b.id)])
        self.assertEqual(activity.state, "submitted")

        activity.with_user(self.user_region_east).action_approve()
        claim = self._approved_claim(activity, 1000.0)
        for method in ("action_pay_credit_note", "action_pay_wallet"):
            self.assertRpcRefused(user, "dms.mdf.claim", method, claim.ids)
        self.assertRpcRefused(
            user, "dms.mdf.claim", "action_approve", claim.ids, exception=("AccessError", "UserError")
        )
        self.assertRpcRefused(user, "dms.mdf.claim", "write", claim.ids, {"state": "paid"})
        self.assertRpcRefused(
            user, "dms.mdf.claim", "write", claim.ids, {"amount": 2999.0}, exception=("AccessError", "UserError")
        )
        self.assertRpcRefused(
            user, "dms.mdf.claim", "create", [{"activity_id": activity.id, "amount": 5.0, "state": "approved"}]
        )
        # the dealer's own duplicate is a new draft: no approval, no proofs, no payout carried over
        dealer_copy = self.env["dms.mdf.claim"].browse(self.rpc(user, "dms.mdf.claim", "copy", claim.ids)[0])
        self.assertRecordValues(
            dealer_copy, [{"state": "draft", "decide_uid": False, "move_id": False, "attachment_count": 0}]
        )
        # finance's own client: a state written directly, or a forged move link, never pays
        self.assertRpcRefused(self.user_finance, "dms.mdf.claim", "write", claim.ids, {"state": "paid"})
        self.assertRpcRefused(self.user_finance, "dms.mdf.claim", "write", claim.ids, {"move_id": False})
        self.rpc(self.user_finance, "dms.mdf.claim", "action_pay_credit_note", claim.ids)
        # the double click: the second call is refused, one credit note
        self.assertRpcRefused(
            self.user_finance, "dms.mdf.claim", "action_pay_credit_note", claim.ids, exception="UserError"
        )
        self.assertEqual(self.env["account.move"].search_count([("dms_mdf_claim_id", "=", claim.id)]), 1)
        # a duplicate over RPC starts as a draft without payout
        copy_id = self.rpc(self.user_hq, "dms.mdf.claim", "copy", claim.ids)[0]
        copy = self.env["dms.mdf.claim"].browse(copy_id)
        self.assertRecordValues(copy, [{"state": "draft", "move_id": False, "paid_date": False}])

    def test_region_cannot_approve_another_region_or_own_submission(self):
        activity = self._activity(amount=1000.0)
        self.assertRpcRefused(self.user_region_west, "dms.mdf.activity", "action_approve", activity.ids)
        # a manager who planned the activity for the dealer cannot approve it (separation of duties)
        own = self._activity(amount=1000.0, user=self.user_region_east)
        self.assertRpcRefused(self.user_region_east, "dms.mdf.activity", "action_approve", own.ids)
        self.rpc(self.user_hq, "dms.mdf.activity", "action_approve", own.ids)
        self.assertEqual(own.state, "approved")

    def _post(self, url, data, files=None):
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)), files=files)

    def test_plan_claim_and_upload_cap(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        home = self.url_open("/my")
        self.assertIn("/my/mdf", home.text)
        self.assertIn("o_dms_mdf_plan_link", self.url_open("/my/mdf").text)
        response = self._post(
            "/my/mdf/plan",
            {
                "title": "品鉴会",
                "activity_type": "tasting",
                "date_from": str(self.today - timedelta(days=6)),
                "date_to": str(self.today - timedelta(days=2)),
                "planned_amount": "4000",
            },
        )
        activity = self.env["dms.mdf.activity"].search([("partner_id", "=", self.dist_a.id)])
        self.assertRecordValues(activity, [{"state": "submitted", "budget_id": self.budget_a.id, "title": "品鉴会"}])
        self.assertIn("o_dms_mdf_created", response.text)
        # a negative cost: refused with a message, nothing created
        response = self._post(
            "/my/mdf/plan",
            {"title": "Too big", "date_from": str(self.today), "date_to": str(self.today), "planned_amount": "-5"},
        )
        self.assertIn("o_dms_mdf_error", response.text)
        self.assertEqual(self.env["dms.mdf.activity"].search_count([("partner_id", "=", self.dist_a.id)]), 1)

        activity.with_user(self.user_region_east).action_approve()
        url = f"/my/mdf/activity/{activity.id}/claim"
        page = self.url_open(f"/my/mdf/activity/{activity.id}")
        self.assertIn("o_dms_mdf_claim_form", page.text)
        self.assertIn("o_dms_mdf_roi", page.text)
        # not a photo nor a PDF
        response = self._post(
            url, {"amount": "100"}, files={"proofs": ("x.exe", b"MZ\x90\x00nope", "application/octet-stream")}
        )
        self.assertIn("PDF receipts", response.text)
        # too large: refused before it is read
        big = PNG + b"\x00" * (photos.MAX_PHOTO_BYTES + 1)
        response = self._post(url, {"amount": "100"}, files={"proofs": ("big.png", big, "image/png")})
        self.assertIn("too large", response.text)
        # too many files
        files = [("proofs", (f"p{i}.png", PNG, "image/png")) for i in range(mdf.MAX_FILES + 1)]
        response = self._post(url, {"amount": "100"}, files=files)
        self.assertIn("at most", response.text)
        # a body over the cap of all files together: refused on its length, before any file is read
        # (by the controller, or already by the server's form parser: 413)
        response = self._post(
            url,
            {"amount": "100"},
            files={"proofs": ("huge.png", PNG + b"\x00" * photos.body_limit(mdf.MAX_FILES), "image/png")},
        )
        self.assertIn("too large", response.text.lower())
        # over the approved amount
        self._post(url, {"amount": "4000.5"}, files={"proofs": ("ok.png", PNG, "image/png")})
        self.assertFalse(activity.claim_ids)
        response = self._post(
            url,
            {"amount": "3800", "description": "两天品鉴"},
            files=[
                ("proofs", ("site.png", PNG, "image/png")),
                ("proofs", ("receipt.pdf", b"%PDF-1.4 x", "application/pdf")),
            ],
        )
        claim = activity.claim_ids
        self.assertRecordValues(claim, [{"state": "submitted", "amount": 3800.0}])
        self.assertEqual(sorted(claim.attachment_ids.mapped("mimetype")), ["application/pdf", "image/png"])
        self.assertIn(claim.name, response.text)

        # another dealer sees neither the activity nor can claim on it
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/mdf/activity/{activity.id}").status_code, 404)
        response = self._post(url, {"amount": "1"}, files={"proofs": ("ok.png", PNG, "image/png")})
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(activity.name, self.url_open("/my/mdf").text)
        # without a session: to the login page
        self.authenticate(None, None)
        response = self.url_open("/my/mdf", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(len(activity.claim_ids), 1)

    def test_upstream_admin_reads_nothing_downstream_and_cannot_act(self):
        sub_activity = self._approved(dealer=self.sub_a, user=self.portal_sub_a, amount=1000.0)
        self.authenticate(self.portal_a_admin.login, self.portal_a_admin.login)
        self.assertEqual(self.url_open(f"/my/mdf/activity/{sub_activity.id}").status_code, 404)
        response = self._post(
            f"/my/mdf/activity/{sub_activity.id}/claim", {"amount": "10"}, files={"proofs": ("a.png", PNG, "image/png")}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(sub_activity.claim_ids)

    def test_portal_list_query_count(self):
        for _i in range(3):
            self._approved(amount=100.0)
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        self.url_open("/my/mdf")  # warm-up
        with self.assertQueryCount(60):
            response = self.url_open("/my/mdf")
        self.assertEqual(response.status_code, 200)
