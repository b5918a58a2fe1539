# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsLeadMixin

MODEL = "dms.lead.assignment"


@tagged("post_install", "-at_install")
class TestLeadPortal(DmsLeadMixin, HttpCase, DmsRpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_lead()
        cls.lead = cls._sent(name="Canteen of Zhangjiang")
        cls.row = cls.lead.dms_assignment_id

    def _post(self, url, **data):
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)), allow_redirects=False)

    def test_rpc_attacks(self):
        row_id = self.row.id
        portal, hq = self.portal_sub_a, self.user_hq
        self.assertRpcRefused(portal, MODEL, "write", [row_id], {"state": "accepted"})
        self.assertRpcRefused(hq, MODEL, "write", [row_id], {"state": "won"})
        self.assertRpcRefused(hq, MODEL, "write", [row_id], {"dealer_id": self.dist_a.id})
        self.assertRpcRefused(hq, MODEL, "web_save", [row_id], {"state": "accepted"}, specification={})
        self.assertRpcRefused(
            hq, MODEL, "write", [row_id], {"state": "won"}, context={"dms_workflow": "dms_workflow_engine"}
        )
        self.assertRpcRefused(hq, MODEL, "copy", [row_id], exception=("UserError", "AccessError"))
        self.assertRpcRefused(hq, MODEL, "create", {"lead_id": self.lead.id, "dealer_id": self.dist_a.id})
        self.assertRpcRefused(hq, "crm.lead", "write", [self.lead.id], {"dms_dealer_id": self.dist_a.id})
        self.assertRpcRefused(
            hq, "crm.lead", "web_save", [self.lead.id], {"dms_state": "won"}, specification={"dms_state": {}}
        )
        self.assertRpcRefused(portal, "crm.lead", "read", [self.lead.id], ["name"])
        self.assertRpcRefused(self.portal_retail_a, MODEL, "action_accept", [row_id])
        self.assertRpcRefused(self.portal_retail_a, MODEL, "read", [row_id], ["phone"])
        self.assertEqual(
            self.rpc(portal, MODEL, "search_read", [], ["lead_name"]), [{"id": row_id, "lead_name": self.lead.name}]
        )
        self.rpc(portal, MODEL, "action_accept", [row_id])
        self.assertEqual(self.row.state, "accepted")
        self.assertRpcRefused(portal, MODEL, "action_accept", [row_id], exception="UserError")

    def test_portal_pages_accept_decline(self):
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn("/my/leads", home.text, "the Leads tile")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dms_lead_offered_count"]})
        self.assertEqual(counters["dms_lead_offered_count"], 1, "one lead waiting")
        page = self.url_open("/my/leads")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Canteen of Zhangjiang", page.text)
        self.assertIn("o_dms_lead_countdown", page.text)
        detail = self.url_open(f"/my/leads/{self.row.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertNotIn("13800000000", detail.text, "contact details only once accepted")
        self.assertEqual(self._post(f"/my/leads/{self.row.id}/accept").status_code, 303)
        self.assertEqual(self.row.state, "accepted")
        self.assertIn("13800000000", self.url_open(f"/my/leads/{self.row.id}").text)
        self.assertEqual(self._post(f"/my/leads/{self.row.id}/note", note="Called, visit Monday").status_code, 303)
        self.assertEqual(self.row.note, "Called, visit Monday")
        self.assertEqual(self._post(f"/my/leads/{self.row.id}/contact").status_code, 303)
        self.assertEqual(self.row.state, "contacted")
        self.assertEqual(self._post(f"/my/leads/{self.row.id}/hack").status_code, 404)

    def test_other_dealer_and_history_hidden(self):
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/leads/{self.row.id}").status_code, 404)
        self.assertEqual(self._post(f"/my/leads/{self.row.id}/accept").status_code, 404)
        self.assertNotIn("Canteen of Zhangjiang", self.url_open("/my/leads").text)
        # sub_a declines: the row leaves its portal; retail_a gets the lead, without sub_a's row
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        self.assertEqual(self._post(f"/my/leads/{self.row.id}/decline", reason="too far").status_code, 303)
        self.assertEqual(self.url_open(f"/my/leads/{self.row.id}").status_code, 404)
        self.authenticate(self.portal_retail_a.login, self.portal_retail_a.login)
        self.assertEqual(self.url_open(f"/my/leads/{self.row.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/leads/{self.lead.dms_assignment_id.id}").status_code, 200)
        self.assertNotIn("too far", self.url_open("/my/leads").text)

    def test_logged_out_and_internal(self):
        self.authenticate(None, None)
        response = self.url_open(f"/my/leads/{self.row.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.authenticate(self.user_region_west.login, self.user_region_west.login)
        self.assertEqual(self.url_open("/my/leads").status_code, 404)
