# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-addon flow: a distributor's order from its policy price to its rebate accrual.

price policy (dms_pricing) → credit check and hold (dms_order) → delivery and signed
receipt (dms_order) → invoice → rebate accrual in the books (dms_rebate) → what the
dealer's portal user sees (dms_portal).
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


@tagged("post_install", "-at_install")
class TestDealerOrderToRebate(DmsNetworkMixin, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        cls.env.user.groups_id |= cls.env.ref("dms_dealer.group_dms_hq_manager") | cls.env.ref(
            "dms_dealer.group_dms_finance"
        )
        cls.company = cls.env.company
        cls.company.dms_cross_territory_mode = "warn"
        cls.tea = cls.env["product.product"].create(
            {
                "name": "Flow Jade Tea",
                "default_code": "FLOW-TEA",
                "type": "consu",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 40.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.clear()],
            }
        )
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(cls.tea, warehouse.lot_stock_id, 1000.0)
        # no pricelist rule interferes
        cls.dist_a.property_product_pricelist = cls.env["product.pricelist"].create(
            {"name": "Flow pricelist", "currency_id": cls.company.currency_id.id}
        )
        cls.dist_a.credit_limit = 10000.0
        # HQ price policy for strategic dealers, with a tier from 100 units
        cls.price_policy = cls.env["dms.price.policy"].create(
            {
                "name": "Flow strategic prices",
                "line_ids": [
                    Command.create(
                        {"product_id": cls.tea.id, "dealer_level_id": cls.level_strategic.id, "fixed_price": 80.0}
                    ),
                    Command.create(
                        {
                            "product_id": cls.tea.id,
                            "dealer_level_id": cls.level_strategic.id,
                            "fixed_price": 75.0,
                            "min_qty": 100.0,
                        }
                    ),
                ],
            }
        )
        # separation of duties: another HQ manager approves what this user submitted
        cls.price_policy.action_submit()
        cls.price_policy.with_user(cls.user_hq).action_approve()
        # monthly rebate for the East region: 2 % from 1,000, retroactive, paid to the wallet
        today = fields.Date.context_today(cls.env["res.partner"])
        cls.rebate_policy = cls.env["dms.rebate.policy"].create(
            {
                "name": "Flow East rebate",
                "code": "FLOW",
                "date_start": today - relativedelta(years=1),
                "territory_ids": [Command.set(cls.terr_east.ids)],
                "basis": "amount",
                "tier_mode": "retroactive",
                "period_type": "month",
                "settlement_method": "wallet",
                "tier_ids": [Command.create({"sequence": 1, "threshold": 1000.0, "rate": 2.0})],
            }
        )
        cls.rebate_policy.action_submit()
        cls.rebate_policy.with_user(cls.user_hq).action_approve()

    def _order(self, qty):
        return self.env["sale.order"].create(
            {
                "partner_id": self.dist_a.id,
                "user_id": self.user_rep_a.id,
                "order_line": [Command.create({"product_id": self.tea.id, "product_uom_qty": qty})],
            }
        )

    def _deliver(self, order):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def test_order_priced_held_released_shipped_signed_invoiced_accrued(self):
        # 1. the policy prices the lines and says why
        order = self._order(100)
        line = order.order_line
        self.assertEqual(line.price_unit, 75.0)
        self.assertEqual(line.dms_price_policy_line_id.min_qty, 100.0)
        self.assertIn("75", line.dms_price_explanation)
        small = self._order(60)
        self.assertEqual(small.order_line.price_unit, 80.0)

        # 2. within the limit the order is confirmed; the next one would pass it and is held
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dms_state, "confirmed")
        small.action_confirm()  # 7,500 + 4,800 > 10,000
        self.assertEqual(small.state, "draft")
        self.assertEqual(small.dms_state, "credit_hold")
        info = self.dist_a._dms_credit_info()
        self.assertEqual(info["limit"], 10000.0)
        self.assertEqual(info["exposure"], 7500.0)
        self.assertEqual(info["held_count"], 1)
        small.with_user(self.user_finance).action_dms_credit_release("Paid by bank transfer today")
        self.assertEqual(small.state, "sale")

        # 3. shipped, then the dealer's portal user confirms receipt
        self._deliver(order)
        self.assertEqual(order.dms_state, "shipped")
        order.action_dms_confirm_receipt(self.portal_a_user.partner_id)
        self.assertEqual(order.dms_state, "signed")
        steps = {step["key"]: step for step in order._dms_get_timeline()}
        self.assertTrue(steps["signed"]["done"])

        # 4. the invoice accrues the rebate in the books: 2 % of 7,500
        invoice = order._create_invoices()
        invoice.action_post()
        # posting only queues the invoice; the accrual job books it (triggered right after posting)
        self.env["dms.rebate.accrual"]._cron_process_queue()
        accrual = self.env["dms.rebate.accrual"].search(
            [("policy_root_id", "=", self.rebate_policy.root_id.id), ("partner_id", "=", self.dist_a.id)]
        )
        self.assertEqual(accrual.basis, 7500.0)
        self.assertEqual(accrual.amount_booked, 150.0)
        config = self.company._dms_rebate_get_config()
        entry_lines = accrual.move_line_ids.filtered(lambda ml: ml.move_id.state == "posted")
        self.assertRecordValues(
            entry_lines.sorted("debit"),
            [
                {"account_id": config["liability"].id, "debit": 0.0, "credit": 150.0, "partner_id": self.dist_a.id},
                {"account_id": config["expense"].id, "debit": 150.0, "credit": 0.0, "partner_id": self.dist_a.id},
            ],
        )

        # 5. what the dealer sees: its progress on the rebate, never dealer B's
        progress = self.dist_a.with_user(self.portal_a_admin)._dms_rebate_progress()
        mine = [p for p in progress if p["policy"] == self.rebate_policy]
        self.assertEqual(mine[0]["earned"], 150.0)
        self.assertFalse(self.dist_b._dms_rebate_progress())
