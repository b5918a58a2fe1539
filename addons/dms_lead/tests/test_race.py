# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin

LIVE = ("offered", "accepted", "contacted", "quoted", "won")


@tagged("post_install", "-at_install")
class TestLeadRace(DmsRaceMixin, TransactionCase):
    """Two transactions act on one lead at once, on real cursors: the lead ends with one owner."""

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            territory = env["dms.territory"].create(
                {
                    "name": "Race Territory",
                    "code": "RACE-LEAD",
                    "territory_type": "area",
                    "zip_prefixes": "999",
                    "country_ids": [(6, 0, env.ref("base.aq").ids)],
                }
            )
            dealers = env["res.partner"].create(
                [
                    {
                        "name": f"Race Lead Dealer {i}",
                        "is_company": True,
                        "is_dealer": True,
                        "dealer_type": "distributor",
                        "dealer_state": "active",
                        "territory_id": territory.id,
                        "dms_lead_capacity": 5,
                    }
                    for i in range(2)
                ]
            )
            lead = env["crm.lead"].create(
                {"name": "Race Lead", "zip": "999001", "type": "opportunity", "country_id": env.ref("base.aq").id}
            )
            self.territory_id, self.dealer_ids, self.lead_id = territory.id, dealers.ids, lead.id
            self.addCleanup(self._cleanup)
            lead.action_dms_assign()
            self.row_id = lead.dms_assignment_id.id

    def _cleanup(self):
        with self._race_committed() as env:
            rows = env["dms.lead.assignment"].search([("lead_id", "=", self.lead_id)])
            self._race_forget(env, "dms.lead.assignment", rows.ids)
            self._race_forget(env, "crm.lead", [self.lead_id])
            env.cr.execute("DELETE FROM dms_lead_assignment WHERE lead_id = %s", [self.lead_id])
            env["crm.lead"].browse(self.lead_id).unlink()
            # the customer the accepting dealer got from the lead, then the dealers
            env["res.partner"].search([("dealer_parent_id", "in", self.dealer_ids)]).unlink()
            env["res.partner"].browse(self.dealer_ids).unlink()
            env["dms.territory"].browse(self.territory_id).unlink()

    def _owners(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.race_context)
            rows = env["dms.lead.assignment"].search([("lead_id", "=", self.lead_id)])
            live = rows.filtered(lambda r: r.state in LIVE)
            lead = env["crm.lead"].browse(self.lead_id)
            return [(r.dealer_id.id, r.state) for r in live], lead.dms_dealer_id.id, rows.mapped("state")

    def test_double_click_accept(self):
        def accept(env, _click):
            env["dms.lead.assignment"].browse(self.row_id).action_accept()
            return "accepted"

        results = self._race_run(accept, ["first", "second"])
        self.assertEqual(sorted(results.values())[0], "accepted", results)
        self.assertIn(sorted(results.values())[1], ("accepted", REFUSED, SERIALIZATION_FAILURE), results)
        self.assertEqual(list(results.values()).count("accepted"), 1, results)
        live, owner, _states = self._owners()
        self.assertEqual(live, [(self.dealer_ids[0], "accepted")])
        self.assertEqual(owner, self.dealer_ids[0])

    def test_accept_while_hq_moves_it_to_the_next_dealer(self):
        """The first dealer accepts while HQ withdraws the offer (it goes to the second dealer)."""

        def act(env, who):
            row = env["dms.lead.assignment"].browse(self.row_id)
            if who == "dealer":
                row.action_accept()
            else:
                row.action_withdraw(reason="moved by HQ")
            return "done"

        results = self._race_run(act, ["dealer", "hq"])
        self.assertEqual(list(results.values()).count("done"), 1, results)
        live, owner, _states = self._owners()
        self.assertEqual(len(live), 1, "one owner, whoever won the race")
        self.assertEqual(owner, live[0][0])
        if results["dealer"] == "done":
            self.assertEqual(live, [(self.dealer_ids[0], "accepted")])
        else:
            self.assertEqual(live, [(self.dealer_ids[1], "offered")])
