# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from ..models.dms_dealer_target import period_bounds
from .common import DmsNetworkMixin


class DmsKpiCommon(DmsNetworkMixin, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        # the accounting test user also manages the dealer network
        cls.env.user.groups_id += cls.env.ref("dms_dealer.group_dms_hq_manager")
        cls.categ_tea, cls.categ_water = cls.env["product.category"].create(
            [{"name": "KPI Tea"}, {"name": "KPI Water"}]
        )
        cls.categ_green_tea = cls.env["product.category"].create(
            {"name": "KPI Green Tea", "parent_id": cls.categ_tea.id}
        )
        cls.product_tea, cls.product_water = cls.env["product.product"].create(
            [
                {
                    "name": "KPI Green Tea Box",
                    "categ_id": cls.categ_green_tea.id,
                    "lst_price": 100.0,
                    "taxes_id": False,
                },
                {"name": "KPI Water Case", "categ_id": cls.categ_water.id, "lst_price": 50.0, "taxes_id": False},
            ]
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.q_from, cls.q_to = period_bounds("quarter", cls.today)

    @classmethod
    def _invoice(cls, partner, products, invoice_date, move_type="out_invoice", post=True):
        return cls.init_invoice(move_type, partner=partner, invoice_date=invoice_date, products=products, post=post)

    def _target(self, partner=None, **vals):
        return self.env["dms.dealer.target"].create(
            {"partner_id": (partner or self.dist_a).id, "period_type": "quarter", "period_date": self.today, **vals}
        )


@tagged("post_install", "-at_install")
class TestDealerTarget(DmsKpiCommon):
    def test_period_bounds(self):
        self.assertEqual(period_bounds("month", date(2026, 2, 14)), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(period_bounds("quarter", date(2026, 11, 23)), (date(2026, 10, 1), date(2026, 12, 31)))
        self.assertEqual(period_bounds("year", date(2024, 2, 29)), (date(2024, 1, 1), date(2024, 12, 31)))
        target = self._target(period_type="month", period_date=date(2026, 2, 14), amount=10)
        self.assertEqual((target.date_from, target.date_to), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(target.name, "Test Distributor A 2026-02")

    def test_overlap_is_refused(self):
        self._target(amount=1000)
        with self.assertRaisesRegex(ValidationError, "already has a quarter target"):
            self._target(amount=500, period_date=self.q_to)
        # another period type, another dealer or another quarter is fine
        self._target(period_type="year", amount=4000)
        self._target(partner=self.dist_b, amount=300)
        self._target(period_date=self.q_to + timedelta(days=1), amount=1000)
        # moving an existing target onto a taken period is refused too
        month = self._target(period_type="month", period_date=self.q_from, amount=10)
        self._target(period_type="month", period_date=self.q_from + timedelta(days=40), amount=10)
        with self.assertRaises(ValidationError):
            month.period_date = self.q_from + timedelta(days=41)

    def test_only_dealers_get_targets(self):
        customer = self.env["res.partner"].create({"name": "Plain customer"})
        with self.assertRaisesRegex(ValidationError, "not a dealer"):
            self._target(partner=customer, amount=10)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._target(amount=-5)

    def test_invoiced_actual_net_of_refunds_per_category(self):
        target = self._target(
            amount=1000,
            line_ids=[
                Command.create({"categ_id": self.categ_tea.id, "quantity_target": 10}),
                Command.create({"categ_id": self.categ_water.id, "amount_target": 200}),
            ],
        )
        self._invoice(self.dist_a, [self.product_tea] * 5 + [self.product_water] * 4, self.q_from)
        self._invoice(self.dist_a, [self.product_tea], self.q_from, move_type="out_refund")
        self._invoice(self.dist_a, [self.product_tea] * 3, self.q_from, post=False)  # draft: ignored
        self._invoice(self.dist_b, [self.product_tea] * 3, self.q_from)  # other dealer
        self._invoice(self.dist_a, [self.product_tea] * 3, self.q_from - timedelta(days=1))  # other period
        target.invalidate_recordset()
        self.assertAlmostEqual(target.actual_amount, 500 + 200 - 100)
        self.assertAlmostEqual(target.attainment, 60.0)
        tea, water = target.line_ids.sorted(lambda line: line.categ_id.name)
        self.assertEqual(tea.categ_id, self.categ_tea)
        self.assertAlmostEqual(tea.actual_quantity, 4, msg="5 sold - 1 refunded, sub-category included")
        self.assertAlmostEqual(tea.attainment, 40.0)
        self.assertAlmostEqual(water.actual_amount, 200)
        self.assertAlmostEqual(water.attainment, 100.0)
        # drill-down lists the posted invoices and refunds of the dealer in the period
        action = target.action_view_documents()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(len(moves), 2)
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice", "out_refund"})

    def test_ordered_actual_counts_confirmed_orders(self):
        target = self._target(amount=400, basis="ordered")
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.dist_a.id,
                    "order_line": [Command.create({"product_id": self.product_tea.id, "product_uom_qty": 3})],
                },
                {
                    "partner_id": self.dist_a.id,
                    "order_line": [Command.create({"product_id": self.product_water.id, "product_uom_qty": 2})],
                },
            ]
        )
        orders[0].action_confirm()
        target.invalidate_recordset()
        self.assertAlmostEqual(target.actual_amount, 300)
        self.assertAlmostEqual(target.attainment, 75.0)
        action = target.action_view_documents()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), orders[0])

    def test_multi_currency_and_company(self):
        """Foreign-currency documents count in company currency; another company's do not."""
        currency = self.setup_other_currency("EUR")  # 2 EUR for 1 company currency unit since 2017
        other_company = self.setup_other_company()["company"]
        invoiced = self._target(amount=1000)
        ordered = self._target(amount=1000, basis="ordered", period_type="month")
        self.init_invoice(
            "out_invoice",
            partner=self.dist_a,
            invoice_date=self.today,
            products=[self.product_tea] * 5,
            currency=currency,
            post=True,
        )
        self.init_invoice(
            "out_invoice",
            partner=self.dist_a,
            invoice_date=self.today,
            products=[self.product_tea],
            company=other_company,
            post=True,
        )
        pricelist = self.env["product.pricelist"].create({"name": "EUR list", "currency_id": currency.id})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "pricelist_id": pricelist.id,
                "order_line": [Command.create({"product_id": self.product_tea.id, "product_uom_qty": 3})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.currency_id, currency)
        (invoiced | ordered).invalidate_recordset()
        # 5 x 100 priced 1000 EUR, booked 500 in company currency; the other company's 100 is left out
        self.assertAlmostEqual(invoiced.actual_amount, 500.0)
        # 3 x 100 priced 600 EUR on the order, converted at the period's last day
        self.assertAlmostEqual(order.amount_untaxed, 600.0)
        self.assertAlmostEqual(ordered.actual_amount, 300.0)

    def test_actuals_are_batched(self):
        """Computing 2 or 6 targets of a period costs the same number of queries."""
        dealers = self.env["res.partner"].create(
            [
                {
                    "name": f"Batch {i}",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
                for i in range(6)
            ]
        )
        for dealer in dealers:
            self._invoice(dealer, [self.product_tea], self.q_from)
        targets = self.env["dms.dealer.target"].create(
            [{"partner_id": d.id, "period_type": "quarter", "period_date": self.today, "amount": 200} for d in dealers]
        )

        def count(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records.mapped("attainment")
            return self.cr.sql_log_count - before

        count(targets)  # warm-up (ormcaches)
        self.assertEqual(count(targets[:2]), count(targets))
        self.assertEqual(targets.mapped("attainment"), [50.0] * 6)

    def test_access_by_role(self):
        target = self._target(amount=1000)
        # the rep of dist_a reads it but cannot change it
        self.assertEqual(target.with_user(self.user_rep_a).amount, 1000)
        with self.assertRaises(AccessError):
            target.with_user(self.user_rep_a).amount = 1
        # another region's rep and manager do not see it
        with self.assertRaises(AccessError):
            target.with_user(self.user_rep_b).read(["amount"])
        with self.assertRaises(AccessError):
            target.with_user(self.user_region_west).read(["amount"])
        # the region manager sets targets in their territory, not elsewhere
        own = (
            self.env["dms.dealer.target"]
            .with_user(self.user_region_east)
            .create({"partner_id": self.sub_a.id, "period_type": "month", "period_date": self.today, "amount": 10})
        )
        self.assertEqual(own.partner_id, self.sub_a)
        with self.assertRaises(AccessError):
            self.env["dms.dealer.target"].with_user(self.user_region_east).create(
                {"partner_id": self.dist_b.id, "period_type": "month", "period_date": self.today, "amount": 10}
            )
        # finance reads everything
        self.assertEqual(target.with_user(self.user_finance).amount, 1000)
