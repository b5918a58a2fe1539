# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pricing fixture on top of the dealer network of dms_dealer.

Products (company currency)::

    Drinks (category)
    └── Tea (category, min. margin 10 % enforced)
        tea       list 100, cost 40, suggested retail 120
        green_tea list 80,  cost 30
    water         list 10,  cost 4, minimum price 6

Users: the network's users plus ``user_pricing`` (pricing manager, no HQ).
"""

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


class DmsPricingMixin(DmsNetworkMixin):
    @classmethod
    def _setup_dms_pricing(cls):
        cls._setup_dms_network()
        env = cls.env
        cls.company = env.company
        cls.currency = cls.company.currency_id
        cls.user_pricing = new_test_user(
            env,
            login="dms_pricing_mgr",
            name="Pricing Manager",
            groups="base.group_user,dms_pricing.group_dms_pricing_manager",
        )
        cls.categ_drinks = env["product.category"].create({"name": "Test Drinks"})
        cls.categ_tea = env["product.category"].create(
            {"name": "Test Tea", "parent_id": cls.categ_drinks.id, "dms_has_min_margin": True, "dms_min_margin": 10.0}
        )
        cls.tea, cls.green_tea, cls.water = env["product.product"].create(
            [
                {
                    "name": "Test Tea",
                    "default_code": "T-TEA",
                    "list_price": 100.0,
                    "standard_price": 40.0,
                    "dms_suggested_retail_price": 120.0,
                    "categ_id": cls.categ_tea.id,
                    "taxes_id": [Command.clear()],
                },
                {
                    "name": "Test Green Tea",
                    "default_code": "T-GTEA",
                    "list_price": 80.0,
                    "standard_price": 30.0,
                    "categ_id": cls.categ_tea.id,
                    "taxes_id": [Command.clear()],
                },
                {
                    "name": "Test Water",
                    "default_code": "T-WATER",
                    "list_price": 10.0,
                    "standard_price": 4.0,
                    "dms_floor_price": 6.0,
                    "categ_id": cls.categ_drinks.id,
                    "taxes_id": [Command.clear()],
                },
            ]
        )
        # no pricelist interferes unless a test sets one
        cls.pricelist = env["product.pricelist"].create({"name": "Test Base Pricelist", "currency_id": cls.currency.id})
        (cls.dist_a | cls.dist_b | cls.sub_a | cls.sub_b | cls.retail_a).property_product_pricelist = cls.pricelist

    @classmethod
    def _dms_policy(cls, lines, approve=True, **vals):
        """A policy with ``lines`` (list of line vals), approved by the superuser unless told not to."""
        values = {"name": "Test Policy", "line_ids": [Command.create(line) for line in lines]}
        values.update(vals)
        policy = cls.env["dms.price.policy"].create(values)
        if approve:
            policy.action_submit()
            policy.action_approve()
        return policy

    def _prices(self, partner, lines, **kw):
        return self.env["dms.price.engine"]._get_prices(partner, lines, **kw)

    def _price(self, partner, product, qty=1.0, **kw):
        return self._prices(partner, [(product, qty)], **kw)[0]


class DmsPricingCommon(DmsPricingMixin, BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_pricing()
