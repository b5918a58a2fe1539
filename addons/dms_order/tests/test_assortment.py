# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import assortment
from .common import DmsOrderCommon


@tagged("post_install", "-at_install")
class TestAssortment(DmsOrderCommon):
    """Assortment (经营范围): who may buy what, refused at submission and at confirmation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.categ_brand = Category.create({"name": "Test Brand"})
        cls.categ_water = Category.create({"name": "Test Brand Water", "parent_id": cls.categ_brand.id})
        cls.categ_gift = Category.create({"name": "Test Brand Gifts", "parent_id": cls.categ_brand.id})
        cls.categ_other = Category.create({"name": "Test Furniture"})
        Product = cls.env["product.product"]
        cls.water, cls.gift, cls.chair = Product.create(
            [
                {"name": "Test Spring Water", "categ_id": cls.categ_water.id, "list_price": 10.0},
                {"name": "Test Gift Box", "categ_id": cls.categ_gift.id, "list_price": 50.0},
                {"name": "Test Office Chair", "categ_id": cls.categ_other.id, "list_price": 80.0},
            ]
        )
        (cls.water | cls.gift | cls.chair).taxes_id = [Command.clear()]
        cls.Assortment = cls.env["dms.assortment"]

    def _authorised(self, dealer, products=None):
        products = products or (self.water | self.gift | self.chair)
        return self.Assortment._filter_authorised(dealer, products)

    def test_doctests(self):
        assert_doctests(self, assortment)

    def test_without_rule_every_saleable_good(self):
        """No rule in the company: existing flows keep working (every saleable good)."""
        self.assertFalse(self.Assortment.search([]))
        self.assertEqual(self._authorised(self.dist_a), self.water | self.gift | self.chair)
        self.chair.sale_ok = False
        self.assertEqual(self._authorised(self.dist_a), self.water | self.gift)
        self.assertFalse(self._authorised(self.dist_a, self.product_service), "services are never goods of a catalog")

    def test_root_category_keeps_the_brand_goods(self):
        self.company.dms_assortment_categ_id = self.categ_brand
        self.assertEqual(self._authorised(self.dist_a), self.water | self.gift)

    def test_every_filled_targeting_field_must_match(self):
        """Level, territory, agreement, dealer: a rule applies when all its filled fields match."""
        self.dist_a.dealer_level_id = self.level_strategic
        self.dist_b.dealer_level_id = self.level_core
        rule = self.Assortment.create(
            {"name": "Strategic in the East", "categ_ids": [Command.set(self.categ_gift.ids)]}
        )
        # no targeting: applies to everyone
        self.assertEqual(self._authorised(self.dist_a), self.gift)
        self.assertEqual(self._authorised(self.dist_b), self.gift)
        rule.write({"dealer_level_id": self.level_strategic.id, "territory_id": self.terr_east.id})
        self.assertEqual(self._authorised(self.dist_a), self.gift, "strategic and in the East")
        self.assertEqual(
            self._authorised(self.dist_b), self.water | self.gift | self.chair, "no rule applies: default assortment"
        )
        self.dist_a.dealer_level_id = self.level_core
        self.assertEqual(self._authorised(self.dist_a), self.water | self.gift | self.chair, "level no longer matches")
        # dealer targeting, and two rules adding up
        rule.write({"dealer_level_id": False, "territory_id": False, "partner_id": self.dist_b.id})
        self.Assortment.create(
            {
                "name": "B water",
                "partner_id": self.dist_b.id,
                "product_tmpl_ids": [Command.set(self.water.product_tmpl_id.ids)],
            }
        )
        self.assertEqual(self._authorised(self.dist_b), self.water | self.gift)
        # archived rules do not count
        rule.active = False
        self.assertEqual(self._authorised(self.dist_b), self.water)

    def test_agreement_targeting_only_while_in_force(self):
        today = fields.Date.context_today(self.Assortment)
        agreement = (
            self.env["dms.dealer.agreement"]
            .sudo()
            .create(
                {
                    "partner_id": self.dist_a.id,
                    "date_start": today - datetime.timedelta(days=10),
                    "date_end": today + datetime.timedelta(days=300),
                    "state": "active",
                }
            )
        )
        self.Assortment.create(
            {"name": "Agreement gifts", "agreement_id": agreement.id, "categ_ids": [Command.set(self.categ_gift.ids)]}
        )
        self.assertEqual(self._authorised(self.dist_a), self.gift)
        self.assertEqual(self._authorised(self.dist_b), self.water | self.gift | self.chair)
        agreement.sudo()._workflow_write({"state": "terminated"})
        self.assertEqual(self._authorised(self.dist_a), self.water | self.gift | self.chair)

    def test_rule_needs_a_scope_and_consistent_targets(self):
        with self.assertRaises(ValidationError):
            self.Assortment.create({"name": "Empty"})
        agreement = self.env["dms.dealer.agreement"].create(
            {"partner_id": self.dist_a.id, "date_start": "2026-01-01", "date_end": "2026-12-31"}
        )
        with self.assertRaises(ValidationError):
            self.Assortment.create(
                {
                    "name": "Mixed",
                    "agreement_id": agreement.id,
                    "partner_id": self.dist_b.id,
                    "categ_ids": [Command.set(self.categ_gift.ids)],
                }
            )

    def test_only_hq_manages_rules(self):
        for user in (self.user_region_east, self.user_rep_a):
            with self.assertRaises(AccessError):
                self.Assortment.with_user(user).create(
                    {"name": "Sneaky", "categ_ids": [Command.set(self.categ_other.ids)]}
                )
        self.assertTrue(
            self.Assortment.with_user(self.user_hq).create(
                {"name": "HQ", "categ_ids": [Command.set(self.categ_brand.ids)]}
            )
        )

    def test_confirmation_refuses_an_unauthorised_product(self):
        """Back office: submitting or confirming a dealer order with a product outside the
        dealer's assortment is refused, naming the product."""
        self.Assortment.create(
            {"name": "A water", "partner_id": self.dist_a.id, "categ_ids": [Command.set(self.categ_water.ids)]}
        )
        order = self._create_order(self.dist_a, 80.0, product=self.chair)
        with self.assertRaisesRegex(UserError, "Test Office Chair"):
            order.with_user(self.user_hq).action_confirm()
        self.assertEqual(order.state, "draft")
        with self.assertRaisesRegex(UserError, "Test Office Chair"):
            order.with_user(self.user_rep_a).action_dms_submit()
        self.assertEqual(order.dms_state, "draft")
        # services (fees) are not subject to the assortment; the authorised water passes
        ok = self._create_order(self.dist_a, 100.0, qty=10.0, product=self.water)
        ok.order_line = [Command.create({"product_id": self.product_service.id, "product_uom_qty": 1})]
        ok.with_user(self.user_hq).action_confirm()
        self.assertEqual(ok.state, "sale")
        # a rule added after the quotation still stops its confirmation
        late = self._create_order(self.dist_b, 80.0, product=self.chair)
        self.Assortment.create(
            {"name": "B water", "partner_id": self.dist_b.id, "categ_ids": [Command.set(self.categ_water.ids)]}
        )
        with self.assertRaisesRegex(UserError, "Test Office Chair"):
            late.action_confirm()

    def test_cross_territory_uses_the_chosen_shipping_address(self):
        """The 窜货 check reads the order's ship-to address, not the dealer's first delivery address."""
        Partner = self.env["res.partner"]
        beijing_like = Partner.create(
            {
                "name": "A temporary Chengdu warehouse",
                "parent_id": self.dist_a.id,
                "type": "delivery",
                "country_id": self.country_cn.id,
                "zip": "610050",
            }
        )
        shanghai = Partner.create(
            {
                "name": "A Shanghai warehouse",
                "parent_id": self.dist_a.id,
                "type": "delivery",
                "country_id": self.country_cn.id,
                "zip": "200500",
            }
        )
        good = self._create_order(self.dist_a, 100.0, partner_shipping_id=shanghai.id)
        good.action_confirm()
        self.assertFalse(self.env["dms.order.alert"].search([("order_id", "=", good.id)]))
        bad = self._create_order(self.dist_a, 100.0, partner_shipping_id=beijing_like.id)
        bad.action_confirm()
        alert = self.env["dms.order.alert"].search([("order_id", "=", bad.id)])
        self.assertEqual(alert.partner_shipping_id, beijing_like)
