# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import DmsPortalMixin

DENIED = (302, 303, 403, 404)
# 1x1 transparent PNG
SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
).decode()


@tagged("post_install", "-at_install")
class TestPortalAgreement(DmsPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_network()
        cls.env = cls.env["base"].with_context(tracking_disable=True).env
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.ag_dist_a = cls._agreement(cls.dist_a, terms="<p>Alpha exclusive terms</p>")
        cls.ag_sub_a = cls._agreement(cls.sub_a, terms="<p>Sub-dealer terms</p>")
        cls.ag_dist_b = cls._agreement(cls.dist_b, terms="<p>Bravo secret terms</p>")
        cls.ag_sub_a_pending = cls._agreement(cls.sub_a, start=400, end=700, approve=False)
        cls.ag_sub_a_draft = cls._agreement(cls.sub_a, start=800, end=900, submit=False)

    @classmethod
    def _agreement(cls, partner, start=-1, end=364, submit=True, approve=True, **vals):
        today = fields.Date.context_today(cls.env.user)
        agreement = cls.env["dms.dealer.agreement"].create(
            {
                "partner_id": partner.id,
                "date_start": today + timedelta(days=start),
                "date_end": today + timedelta(days=end),
                "territory_ids": [Command.set(partner.territory_id.ids)],
                "cross_region_share": 5.0,
                "target_amount": 1_000_000,
                "payment_term_id": cls.term_30.id,
                "credit_limit": 50_000,
                **vals,
            }
        )
        if submit:
            agreement.action_submit()
        # separation of duties: the region approves its step, another person (HQ) the next one
        region = cls.user_region_west if cls.terr_west._covers(partner.territory_id) else cls.user_region_east
        approvers = iter([region, cls.user_hq])
        while approve and agreement.state == "to_approve":
            agreement.with_user(next(approvers)).action_approve()
        return agreement

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _sign(self, agreement, name="Zhang Wei", token=None):
        return self.make_jsonrpc_request(
            f"/my/dealer_agreements/{agreement.id}/sign",
            {"access_token": token, "name": name, "signature": SIGNATURE},
        )

    def test_own_dealer_list_page_pdf(self):
        self.assertEqual(self.ag_dist_a.state, "approved")
        self._login(self.portal_a_admin)
        listing = self.url_open("/my/dealer_agreements", allow_redirects=False)
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.ag_dist_a.name, listing.text)
        # its own agreement and the non-draft agreements of its downstream (sub_a), never dealer B's
        self.assertEqual(listing.text.count("o_dms_agreement_row"), 3, "rules: own + downstream agreements")
        self.assertIn(self.ag_sub_a.name, listing.text)
        self.assertNotIn(self.ag_sub_a_draft.name, listing.text)
        self.assertNotIn(self.ag_dist_b.name, listing.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dms_agreement_count"]})
        self.assertEqual(counters["dms_agreement_count"], 3)
        page = self.url_open(f"/my/dealer_agreements/{self.ag_dist_a.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        for text in (self.ag_dist_a.name, "Alpha exclusive terms", "Download PDF", "o_dms_agreement_sign_btn"):
            self.assertIn(text, page.text)
        self.assertIn("/sign?access_token=", page.text, "the signature widget calls the sign route")
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf = self.url_open(f"/my/dealer_agreements/{self.ag_dist_a.id}?report_type=pdf&download=1")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn(self.ag_dist_a.name, pdf.content.decode(errors="ignore") + pdf.headers["Content-Disposition"])

    def test_other_dealer_never_gets_the_data(self):
        for user in (self.portal_b_admin, self.portal_sub_a, None):
            with self.subTest(user=user and user.login):
                self._login(user)
                for suffix in ("", "?report_type=pdf", "?report_type=html"):
                    response = self.url_open(
                        f"/my/dealer_agreements/{self.ag_dist_a.id}{suffix}", allow_redirects=False
                    )
                    self.assertIn(response.status_code, DENIED)
                    self.assertNotIn("Alpha exclusive terms", response.text)
                result = self._sign(self.ag_dist_a)
                self.assertIn("error", result)
        self._login(self.portal_b_admin)
        listing = self.url_open("/my/dealer_agreements")
        self.assertNotIn(self.ag_dist_a.name, listing.text)
        self.assertIn(self.ag_dist_b.name, listing.text)
        self.assertEqual(self.ag_dist_a.state, "approved")
        self.assertFalse(self.ag_dist_a.signed_by)

    def test_tokens(self):
        self._login(None)
        token = self.ag_dist_a._portal_ensure_token()
        url = f"/my/dealer_agreements/{self.ag_dist_a.id}"
        ok = self.url_open(f"{url}?access_token={token}", allow_redirects=False)
        self.assertEqual(ok.status_code, 200)
        self.assertIn("Alpha exclusive terms", ok.text)
        forged = self.url_open(f"{url}?access_token={token[:-4]}abcd", allow_redirects=False)
        self.assertIn(forged.status_code, DENIED)
        self.assertNotIn("Alpha exclusive terms", forged.text)
        cross = self.url_open(f"/my/dealer_agreements/{self.ag_dist_b.id}?access_token={token}", allow_redirects=False)
        self.assertIn(cross.status_code, DENIED)
        self.assertNotIn("Bravo secret terms", cross.text)
        self.assertIn("error", self._sign(self.ag_dist_a, token=token[:-4] + "abcd"))
        self.assertFalse(self.ag_dist_a.signed_by)

    def test_upstream_admin_reads_but_cannot_sign(self):
        token = self.ag_sub_a._portal_ensure_token()
        self._login(self.portal_a_admin)
        page = self.url_open(f"/my/dealer_agreements/{self.ag_sub_a.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 200, "the distributor reads its sub-dealer's agreement without a token")
        self.assertNotIn("o_dms_agreement_sign_btn", page.text)
        self.assertIn("error", self._sign(self.ag_sub_a, name="Upstream Admin"))
        page = self.url_open(f"/my/dealer_agreements/{self.ag_sub_a.id}?access_token={token}", allow_redirects=False)
        self.assertEqual(page.status_code, 200, "the distributor reads its sub-dealer's agreement")
        self.assertIn("Sub-dealer terms", page.text)
        self.assertNotIn("o_dms_agreement_sign_btn", page.text)
        self.assertIn("o_dms_agreement_not_yours", page.text)
        result = self._sign(self.ag_sub_a, name="Upstream Admin", token=token)
        self.assertIn("error", result)
        self.assertNotIn("redirect_url", result)
        self.assertEqual(self.ag_sub_a.state, "approved")
        self.assertFalse(self.ag_sub_a.signed_by)
        self.assertFalse(self.ag_sub_a.signature)

    def test_sub_dealer_signs(self):
        self._login(self.portal_sub_a)
        result = self._sign(self.ag_sub_a, name="Li Na")
        self.assertNotIn("error", result)
        self.assertTrue(result["force_refresh"])
        self.assertIn(f"/my/dealer_agreements/{self.ag_sub_a.id}", result["redirect_url"])
        self.assertIn(self.ag_sub_a.state, ("signed", "active"))
        self.assertEqual(self.ag_sub_a.signed_by, "Li Na")
        self.assertTrue(self.ag_sub_a.signature)
        page = self.url_open(f"/my/dealer_agreements/{self.ag_sub_a.id}")
        self.assertIn("o_dms_agreement_signature", page.text)
        self.assertNotIn("o_dms_agreement_sign_btn", page.text)
        # a second signature is refused and changes nothing
        signed_on = self.ag_sub_a.signed_on
        self.assertIn("error", self._sign(self.ag_sub_a, name="Someone Else"))
        self.assertEqual(self.ag_sub_a.signed_by, "Li Na")
        self.assertEqual(self.ag_sub_a.signed_on, signed_on)

    def test_sign_non_approved_refused(self):
        self._login(self.portal_sub_a)
        self.assertEqual(self.ag_sub_a_pending.state, "to_approve")
        page = self.url_open(f"/my/dealer_agreements/{self.ag_sub_a_pending.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_dms_agreement_sign_btn", page.text)
        self.assertIn("error", self._sign(self.ag_sub_a_pending))
        self.assertEqual(self.ag_sub_a_pending.state, "to_approve")
        self.assertFalse(self.ag_sub_a_pending.signed_by)
        # drafts are not shown in the portal at all
        draft = self.url_open(f"/my/dealer_agreements/{self.ag_sub_a_draft.id}", allow_redirects=False)
        self.assertIn(draft.status_code, DENIED)
        self.assertIn("error", self._sign(self.ag_sub_a_draft))
        self.assertEqual(self.ag_sub_a_draft.state, "draft")
        listing = self.url_open("/my/dealer_agreements")
        self.assertNotIn(self.ag_sub_a_draft.name, listing.text)
        self.assertIn(self.ag_sub_a_pending.name, listing.text)
