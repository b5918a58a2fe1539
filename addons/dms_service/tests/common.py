# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixture: the dms_dealer network, a service team of two agents led by a third, two
categories with SLAs, and an order of each distributor (no demo data)."""

from datetime import datetime

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin

#: a fixed opening time for the SLA edges (UTC, naive as Odoo stores it)
OPENED = datetime(2026, 3, 2, 9, 0, 0)


class DmsServiceMixin(DmsNetworkMixin):
    @classmethod
    def _setup_dms_service(cls):
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        env = cls.env(su=True)
        cls.agent_1 = new_test_user(
            env, login="dms_agent_1", name="Agent One", groups="base.group_user,dms_service.group_dms_service_user"
        )
        cls.agent_2 = new_test_user(
            env, login="dms_agent_2", name="Agent Two", groups="base.group_user,dms_service.group_dms_service_user"
        )
        cls.service_lead = new_test_user(
            env,
            login="dms_service_lead",
            name="Service Lead",
            groups="base.group_user,dms_service.group_dms_service_manager",
        )
        cls.team = env["dms.service.team"].create(
            {
                "name": "Test After-sales",
                "leader_id": cls.service_lead.id,
                "member_ids": [Command.set((cls.agent_1 | cls.agent_2).ids)],
            }
        )
        cls.cat_quality, cls.cat_system = env["dms.service.category"].create(
            [
                {"name": "Test Quality", "team_id": cls.team.id, "response_hours": 4, "resolution_hours": 48},
                {"name": "Test System", "team_id": cls.team.id, "response_hours": 2, "resolution_hours": 8},
            ]
        )
        cls.product = env["product.product"].create({"name": "Test Jasmine Tea", "list_price": 30.0})
        cls.order_a, cls.order_b = env["sale.order"].create(
            [
                {
                    "partner_id": dealer.id,
                    "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 10})],
                }
                for dealer in (cls.dist_a, cls.dist_b)
            ]
        )

    def _ticket(self, dealer=None, user=None, category=None, **vals):
        """A ticket opened by ``user`` (default: the dealer user of dist_a), returned in the test env."""
        user = user or self.portal_a_user
        dealer = dealer or user.partner_id.commercial_partner_id
        values = {"subject": "Leaking caps", "partner_id": dealer.id, "category_id": (category or self.cat_quality).id}
        values.update(vals)
        ticket = self.env["dms.service.ticket"].with_user(user).create(values)
        return ticket.with_env(self.env)

    def _opened_at(self, ticket, when=OPENED):
        """Fix the opening time (deadlines follow): as the engine would, never as a client."""
        ticket._workflow_write({"open_date": when})
        return ticket
