# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The channel overview dashboard: every figure it names exists, and each role reads its own part.

The dashboard is a spreadsheet (data/files/channel_dashboard.json) whose pivots and lists the web
client reads with ``read_group``/``search_read`` as the user. These tests read each of them the
same way, as HQ, as each regional manager and as a dealer's portal user.
"""

import base64
import json
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import DmsAnalyticsMixin


@tagged("post_install", "-at_install")
class TestChannelDashboard(DmsAnalyticsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_analytics()
        cls.dashboard = cls.env.ref("dms_analytics.dashboard_dms_channel")
        cls.spreadsheet = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))
        product = cls.env["product.product"].create({"name": "Board Tea", "categ_id": cls.categ_tea.id})
        cls.today = date.today()
        for partner, move_type, amount in (
            (cls.dist_a, "out_invoice", 900.0),
            (cls.dist_a, "out_refund", 100.0),
            (cls.dist_b, "out_invoice", 300.0),
        ):
            move = cls.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": cls.today,
                    "date": cls.today,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
            move.action_post()
        cls.env["dms.dealer.target"].create(
            [
                {"partner_id": cls.dist_a.id, "period_type": "month", "period_date": cls.today, "amount": 1000.0},
                {"partner_id": cls.dist_b.id, "period_type": "month", "period_date": cls.today, "amount": 200.0},
            ]
        )

    # ------------------------------------------------------------------
    def _pivot(self, pivot_id, user):
        pivot = self.spreadsheet["pivots"][str(pivot_id)]
        Model = self.env[pivot["model"]].with_user(user)
        rows = Model.read_group(
            pivot["domain"],
            [m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"],
            [r["fieldName"] for r in pivot["rows"]],
            lazy=False,
        )
        return rows

    def _totals(self, pivot_id, user, measure):
        return sum(row[measure] or 0.0 for row in self._pivot(pivot_id, user))

    def test_every_field_the_dashboard_names_exists(self):
        """A renamed field would show #ERROR on the board: the JSON is checked against the models."""
        self.assertTrue(self.dashboard.is_published)
        sources = list(self.spreadsheet["pivots"].values()) + list(self.spreadsheet["lists"].values())
        self.assertGreaterEqual(len(sources), 8)
        for source in sources:
            Model = self.env[source["model"]]
            names = [m["fieldName"] for m in source.get("measures", [])] + [
                r["fieldName"] for r in source.get("rows", [])
            ]
            names += source.get("columns", []) if isinstance(source.get("columns"), list) else []
            names += [o["name"] for o in source.get("orderBy", [])]
            for name in names:
                if isinstance(name, dict):
                    name = name["fieldName"]
                if name != "__count":
                    self.assertIn(name, Model._fields, f"{source['name']}: {name}")
            for matching in source["fieldMatching"].values():
                model = Model
                for part in matching["chain"].split("."):
                    self.assertIn(part, model._fields, f"{source['name']}: {matching['chain']}")
                    field = model._fields[part]
                    model = self.env[field.comodel_name] if field.relational else model
        charts = [f for f in self.spreadsheet["sheets"][0]["figures"] if f["data"]["type"].startswith("odoo_")]
        for chart in charts:
            meta = chart["data"]["metaData"]
            self.assertIn(meta["measure"], self.env[meta["resModel"]]._fields)

    def test_hq_sees_the_network_and_each_region_its_part(self):
        flow = {
            u: self._totals(1, u, "sell_in_value") for u in (self.user_hq, self.user_region_east, self.user_region_west)
        }
        self.assertEqual(flow[self.user_hq], 1100.0)
        self.assertEqual(flow[self.user_region_east], 800.0)
        self.assertEqual(flow[self.user_region_west], 300.0)
        by_region = {row["region_id"][0]: row["actual_amount"] for row in self._pivot(3, self.user_hq)}
        self.assertEqual(by_region, {self.terr_east.id: 800.0, self.terr_west.id: 300.0})
        east = self._pivot(3, self.user_region_east)
        self.assertEqual([row["region_id"][0] for row in east], [self.terr_east.id])
        # the top-dealers list, read as the web client reads it
        listing = self.spreadsheet["lists"]["1"]
        Report = self.env[listing["model"]]
        order = ", ".join(f"{o['name']} {'asc' if o['asc'] else 'desc'}" for o in listing["orderBy"])
        hq_rows = Report.with_user(self.user_hq).search_read(listing["domain"], listing["columns"], order=order)
        self.assertEqual([r["dealer_id"][0] for r in hq_rows], [self.dist_b.id, self.dist_a.id], "best first")
        west_rows = Report.with_user(self.user_region_west).search_read(listing["domain"], listing["columns"])
        self.assertEqual([r["dealer_id"][0] for r in west_rows], [self.dist_b.id])
        # every other pivot reads without an access error for both regions
        for pivot_id in self.spreadsheet["pivots"]:
            for user in (self.user_hq, self.user_region_east, self.user_region_west):
                self._pivot(pivot_id, user)

    def test_who_opens_the_board(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.user_hq, self.user_region_east):
            self.assertIn(self.dashboard, Dashboard.with_user(user).search([]))
            data = self.dashboard.with_user(user).get_readonly_dashboard()
            self.assertIn("snapshot", data)
        # a sales rep works its own dealers from lists; the network board is for managers
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.user_rep_a).search([]))
        with self.assertRaises(AccessError):
            Dashboard.with_user(self.portal_a_admin).search([])
        with self.assertRaises(AccessError):
            self.env["dms.channel.flow.report"].with_user(self.portal_a_admin).read_group([], ["sell_in_value"], [])


@tagged("post_install", "-at_install")
class TestChannelDashboardTour(DmsAnalyticsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_analytics()

    def test_hq_opens_the_board(self):
        self.start_tour("/odoo/dms-channel-overview", "dms_channel_overview", login=self.user_hq.login)
