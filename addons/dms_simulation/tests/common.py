# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Simulation fixture: four distributors sold by HQ, 2 regions x 2 levels.

============  ======  =========  ==============================================
dealer        region  level      confirmed orders in the period (price policy)
============  ======  =========  ==============================================
dist_a        East    strategic  tea 10 x 90 = 900, water 100 x 10 = 1,000
dist_c        East    core       tea 5 x 95 = 475, water 50 x 10 = 500
dist_b        West    core       tea 20 x 95 = 1,900, water 30 x 10 = 300
dist_d        West    strategic  tea 10 x 90 = 900
============  ======  =========  ==============================================

The active policy prices tea by level (strategic 90, core 95); water has none (sales price 10).
Costs: tea 40, water 4. Outside the data set: a draft order of dist_a and a confirmed order of
dist_b dated before the period.

The active rebate policy ``rebate`` pays strategic and core dealers 1 % of the amount, 2 % from
1,500 (retroactive). The draft price policy ``draft`` ("East summer prices") sets tea at 88 for
strategic dealers of East and water at 9 for every East dealer.
"""

from datetime import date, datetime

from odoo import Command, fields

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon
from odoo.addons.dms_pricing.tests.common import DmsPricingMixin


class DmsSimulationMixin(DmsPricingMixin):
    @classmethod
    def _setup_dms_simulation(cls):
        cls._setup_dms_pricing()
        env = cls.env
        cls.dist_c = cls._dms_create_dealer(
            "Test Distributor C",
            dealer_level_id=cls.level_core.id,
            territory_id=cls.terr_shanghai.id,
            user_id=cls.user_rep_a.id,
        )
        cls.dist_d = cls._dms_create_dealer(
            "Test Distributor D",
            dealer_level_id=cls.level_strategic.id,
            territory_id=cls.terr_chengdu.id,
            user_id=cls.user_rep_b.id,
        )
        (cls.dist_c | cls.dist_d).property_product_pricelist = cls.pricelist
        cls.active_policy = cls._dms_policy(
            [
                {
                    "product_id": cls.tea.id,
                    "dealer_level_id": cls.level_strategic.id,
                    "compute_price": "fixed",
                    "fixed_price": 90.0,
                },
                {
                    "product_id": cls.tea.id,
                    "dealer_level_id": cls.level_core.id,
                    "compute_price": "fixed",
                    "fixed_price": 95.0,
                },
            ],
            name="Test Level Prices",
        )
        cls.today = fields.Date.context_today(env["res.partner"])
        # a period long past, where no other order (demo data, other addons) can fall
        cls.date_from, cls.date_to = date(2001, 3, 1), date(2001, 3, 31)
        cls.orders = cls._order(cls.dist_a, [(cls.tea, 10), (cls.water, 100)])
        cls.orders |= cls._order(cls.dist_c, [(cls.tea, 5), (cls.water, 50)])
        cls.orders |= cls._order(cls.dist_b, [(cls.tea, 20), (cls.water, 30)])
        cls.orders |= cls._order(cls.dist_d, [(cls.tea, 10)])
        cls._date_orders(cls.orders)
        cls.draft_order = cls._order(cls.dist_a, [(cls.tea, 1000)], confirm=False)
        cls._date_orders(cls.draft_order)
        cls.old_order = cls._order(cls.dist_b, [(cls.tea, 1000)])
        cls._date_orders(cls.old_order, datetime(2001, 2, 27, 4, 0))
        cls.rebate = env["dms.rebate.policy"].create(
            {
                "name": "Test Volume Rebate",
                "code": "T-VR",
                "date_start": date(2000, 1, 1),
                "level_ids": [Command.set((cls.level_strategic | cls.level_core).ids)],
                "basis": "amount",
                "tier_mode": "retroactive",
                "period_type": "month",
                "tier_ids": [
                    Command.create({"sequence": 1, "threshold": 0.0, "rate": 1.0}),
                    Command.create({"sequence": 2, "threshold": 1500.0, "rate": 2.0}),
                ],
            }
        )
        cls.rebate.action_submit()
        cls.rebate.with_user(cls.user_hq).action_approve()
        cls.draft = cls._dms_policy(
            [
                {
                    "product_id": cls.tea.id,
                    "dealer_level_id": cls.level_strategic.id,
                    "territory_id": cls.terr_east.id,
                    "compute_price": "fixed",
                    "fixed_price": 88.0,
                },
                {
                    "product_id": cls.water.id,
                    "territory_id": cls.terr_east.id,
                    "compute_price": "fixed",
                    "fixed_price": 9.0,
                },
            ],
            approve=False,
            name="East Summer Prices",
            territory_id=cls.terr_east.id,
        )

    @classmethod
    def _order(cls, partner, lines, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty}) for product, qty in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _date_orders(cls, orders, when=None):
        """Date ``orders`` in the period (prices kept: only the column moves)."""
        cls.env.flush_all()  # the confirmation's own date must not overwrite the one set here
        cls.env.cr.execute(
            "UPDATE sale_order SET date_order = %s WHERE id = ANY(%s)",
            [when or datetime(2001, 3, 15, 4, 0), orders.ids],
        )
        orders.invalidate_recordset(["date_order"])

    @classmethod
    def _simulation(cls, **vals):
        values = {
            "name": "Test Simulation",
            "scenario_type": "price",
            "price_policy_id": cls.draft.id,
            "period_type": "custom",
            "date_from": cls.date_from,
            "date_to": cls.date_to,
        }
        values.update(vals)
        return cls.env["dms.simulation"].create(values)

    def _by_dealer(self, simulation):
        return {line.partner_id: line for line in simulation.line_ids}


class DmsSimulationCommon(DmsSimulationMixin, BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_simulation()
