# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rebates on channel sales (sell-through / sell-out bases): the README worked example."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmsChannelCommon


class DmsChannelRebateCommon(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("dms_dealer.group_dms_finance")
        cls.config = cls.env.company._dms_rebate_get_config()
        # the brand never books the channel sale: count its journal entries
        cls._give_stock(cls.dist_a, cls.product_tea, 1000)

    @classmethod
    def _channel_policy(cls, basis, **vals):
        values = {
            "name": f"Channel rebate {basis}",
            "code": f"CR-{basis}",
            "date_start": date(2026, 1, 1),
            "partner_ids": [Command.set(cls.dist_a.ids)],
            "basis": basis,
            "tier_mode": "retroactive",
            "period_type": "month",
            "settlement_method": "credit_note",
            "tier_ids": [
                Command.create({"sequence": 1, "threshold": 1000.0, "rate": 2.0}),
                Command.create({"sequence": 2, "threshold": 5000.0, "rate": 5.0}),
            ],
        }
        values.update(vals)
        policy = cls.env["dms.rebate.policy"].create(values)
        policy.action_submit()
        policy.with_user(cls.user_hq).action_approve()
        return policy

    def _ship(self, order):
        order.with_user(self.portal_a_user).action_accept()
        order.with_user(self.portal_a_user).action_ship()
        return order.shipment_ids

    def _accrual(self, policy, partner, period_start):
        return self.env["dms.rebate.accrual"].search(
            [
                ("policy_root_id", "=", policy.root_id.id),
                ("partner_id", "=", partner.id),
                ("period_start", "=", period_start),
            ]
        )


@tagged("post_install", "-at_install")
class TestChannelRebate(DmsChannelRebateCommon):
    def _items(self, accrual):
        """Journal items of the accrual, by entry then debit first."""
        lines = accrual.move_line_ids.sorted(lambda line: (line.move_id.id, -line.debit, line.id))
        return [
            (line.move_id.date, line.account_id, line.partner_id, line.debit, line.credit, line.move_id.state)
            for line in lines
        ]

    def test_worked_example_sell_through(self):
        """D sells 3,000 then 3,000 to its retailer in May (shipped): 2 % from 1,000 / 5 % from 5,000 → 300."""
        policy = self._channel_policy("sell_through")
        expense, liability = self.config["expense"], self.config["liability"]
        moves_before = self.env["account.move"].search_count([])
        with freeze_time("2026-05-03 09:00:00"):
            first = self._order(self.portal_sub_a, [(self.product_tea, 30)])
            self.assertEqual(first.amount_untaxed, 3000.0)
            self.assertEqual(first.amount_tax, 390.0)  # VAT is not part of the basis
            self._ship(first)
        accrual = self._accrual(policy, self.dist_a, date(2026, 5, 1))
        self.assertEqual((accrual.basis, accrual.tier_rate, accrual.amount_booked), (3000.0, 2.0, 60.0))
        with freeze_time("2026-05-20 09:00:00"):
            second = self._order(self.portal_sub_a, [(self.product_tea, 30)])
            self._ship(second)
            # accepted but not shipped: not sell-through
            third = self._order(self.portal_sub_a, [(self.product_tea, 50)])
            third.with_user(self.portal_a_user).action_accept()
        self.assertEqual((accrual.basis, accrual.tier_rate, accrual.amount_booked), (6000.0, 5.0, 300.0))
        self.assertEqual(
            self._items(accrual),
            [
                (date(2026, 5, 3), expense, self.dist_a, 60.0, 0.0, "posted"),
                (date(2026, 5, 3), liability, self.dist_a, 0.0, 60.0, "posted"),
                (date(2026, 5, 20), expense, self.dist_a, 240.0, 0.0, "posted"),
                (date(2026, 5, 20), liability, self.dist_a, 0.0, 240.0, "posted"),
            ],
        )
        # the only entries the brand booked are the two accruals: the channel sale stays out of its books
        self.assertEqual(self.env["account.move"].search_count([]) - moves_before, 2)
        # the downstream buyer earns nothing on its purchases
        self.assertFalse(self._accrual(policy, self.sub_a, date(2026, 5, 1)))
        # a rerun (daily cron, settlement) books nothing more
        self.env["dms.rebate.accrual"]._recompute(policy, self.dist_a, date(2026, 5, 1), date(2026, 5, 31))
        self.assertEqual(len(accrual.move_line_ids), 4)
        # the settlement of May pays what was accrued
        with freeze_time("2026-06-02"):
            settlement = policy._action_settle_period(date(2026, 5, 15))
        self.assertEqual((settlement.partner_id, settlement.basis, settlement.amount), (self.dist_a, 6000.0, 300.0))

    def test_sell_through_partial_shipment_and_period(self):
        """Only what was shipped counts, in the month it was shipped; tax-free untaxed value."""
        policy = self._channel_policy("sell_through")
        with freeze_time("2026-05-30 09:00:00"):
            order = self._order(self.portal_sub_a, [(self.product_tea, 80)])
            order.with_user(self.portal_a_user).action_accept()
            order.with_user(self.portal_a_user).action_ship(quantities={order.line_ids.id: 20})
        with freeze_time("2026-06-01 09:00:00"):
            order.with_user(self.portal_a_user).action_ship()
        self.assertEqual(self._accrual(policy, self.dist_a, date(2026, 5, 1)).basis, 2000.0)
        june = self._accrual(policy, self.dist_a, date(2026, 6, 1))
        self.assertEqual((june.basis, june.amount_booked), (6000.0, 300.0))
        self.assertEqual(sum(order.shipment_ids.line_ids.mapped("price_subtotal")), order.amount_untaxed)

    def test_sell_out_basis(self):
        """Sell-out valued at the dealer's own price (stored on the line), counted once posted."""
        policy = self._channel_policy("sell_out")
        Report = self.env["dms.channel.sellout.report"].with_user(self.portal_a_user)
        with freeze_time("2026-05-10 09:00:00"):
            report = Report.create(
                {
                    "report_key": "MAY-1",
                    "date": date(2026, 5, 10),
                    "line_ids": [Command.create({"product_id": self.product_tea.id, "qty": 12})],
                }
            )
            line = report.line_ids
            self.assertEqual((line.price_unit, line.price_subtotal), (100.0, 1200.0))
            self.assertFalse(self._accrual(policy, self.dist_a, date(2026, 5, 1)))  # a draft counts nothing
            report.action_post()
        accrual = self._accrual(policy, self.dist_a, date(2026, 5, 1))
        self.assertEqual((accrual.basis, accrual.amount_booked), (1200.0, 24.0))
        # a later price change does not revalue what was reported
        self.product_tea.list_price = 500.0
        self.env["dms.rebate.accrual"]._recompute(policy, self.dist_a, date(2026, 5, 1), date(2026, 5, 31))
        self.assertEqual((line.price_subtotal, accrual.amount_booked), (1200.0, 24.0))

    def test_sell_out_value_cannot_be_forged(self):
        report = (
            self.env["dms.channel.sellout.report"]
            .with_user(self.portal_a_user)
            .create({"report_key": "F-1", "line_ids": [Command.create({"product_id": self.product_tea.id, "qty": 1})]})
        )
        line = report.line_ids
        for vals in (
            {"price_subtotal": 1e6},
            {"price_unit": 1e6},
            {"report_state": "posted"},
            {"sale_date": "2026-01-01"},
        ):
            with self.assertRaises(AccessError):
                line.write(vals)
        with self.assertRaises(AccessError):
            report.write(
                {"line_ids": [Command.create({"product_id": self.product_tea.id, "qty": 1, "price_subtotal": 9e9})]}
            )
        self.assertEqual(line.price_subtotal, 100.0)
