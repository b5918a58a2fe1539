# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rebate money promises attacked over JSON-RPC (call_kw, web_save) as a logged-in user."""

from datetime import timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsRebateCommon


@tagged("post_install", "-at_install")
class TestRebateIntegrityRpc(DmsRebateCommon, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.dist_a, 6000.0, cls.last_month_start)
        cls.settlement = (
            cls.env["dms.rebate.settlement"]
            .with_user(cls.user_finance)
            .browse(cls.policy.with_user(cls.user_finance)._action_settle_period(cls.last_month_start).ids)
        )
        wallet = cls.env["dms.rebate.wallet"].sudo()._get_or_create(cls.dist_a, cls.company)
        cls.env["dms.rebate.wallet.line"].sudo().create(
            {
                "wallet_id": wallet.id,
                "line_type": "credit",
                "amount": 500.0,
                "expiry_date": cls.today + timedelta(days=60),
            }
        )
        cls.wallet = wallet
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.dist_a.id,
                "user_id": cls.user_rep_a.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_tea.id,
                            "product_uom_qty": 10.0,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.wallet_line = cls.order._dms_apply_rebate_wallet(150.0)

    def test_settlement_money_fields_refused_over_rpc(self):
        model = "dms.rebate.settlement"
        ids = self.settlement.ids
        self.assertRpcRefused(self.user_finance_2, model, "write", ids, {"amount": 3000.0})
        self.assertRpcRefused(self.user_finance_2, model, "write", ids, {"state": "done"})
        self.assertRpcRefused(
            self.user_finance_2,
            model,
            "write",
            ids,
            {"amount": 3000.0},
            context={WORKFLOW_KEY: str(ENGINE)},
        )
        self.assertRpcRefused(
            self.user_finance_2, model, "web_save", ids, {"amount": 3000.0, "state": "done"}, specification={}
        )
        # the one who closed the period cannot approve it
        self.assertRpcRefused(self.user_finance, model, "action_approve", ids)
        self.settlement.invalidate_recordset()
        self.assertRecordValues(self.settlement, [{"state": "draft", "amount": 300.0, "move_id": False}])

    def test_done_settlement_cannot_be_reopened_over_rpc(self):
        model = "dms.rebate.settlement"
        ids = self.settlement.ids
        self.rpc(self.user_finance_2, model, "action_approve", ids)
        self.assertRpcRefused(self.user_finance_2, model, "action_approve", ids, exception="UserError")
        self.assertRpcRefused(self.user_finance, model, "write", ids, {"state": "draft"})
        self.assertRpcRefused(self.user_finance, model, "web_save", ids, {"state": "draft"}, specification={})
        self.assertRpcRefused(self.user_finance, model, "copy", ids, exception="UserError")
        self.assertRpcRefused(self.user_finance, model, "action_cancel", ids, exception="UserError")
        moves = self.env["account.move"].search([("dms_rebate_settlement_id", "=", self.settlement.id)])
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.amount_total, 300.0)

    def test_wallet_line_refused_over_rpc(self):
        user = self.user_rep_a
        line_ids = self.wallet_line.ids
        for vals in ({"price_unit": -900.0}, {"product_uom_qty": 5.0}, {"discount": 100.0}):
            self.assertRpcRefused(user, "sale.order.line", "write", line_ids, vals, exception="UserError")
        self.assertRpcRefused(
            user,
            "sale.order",
            "web_save",
            self.order.ids,
            {"order_line": [Command.update(self.wallet_line.id, {"price_unit": -900.0})]},
            specification={},
            exception="UserError",
        )
        self.assertRpcRefused(
            user,
            "sale.order.line",
            "create",
            {
                "order_id": self.order.id,
                "product_id": self.env.ref("dms_rebate.product_dms_rebate").id,
                "price_unit": -300.0,
            },
            context={"dms_rebate_wallet_line": "dms_rebate_wallet_line"},
            exception="UserError",
        )
        self.wallet_line.invalidate_recordset()
        self.assertEqual(self.wallet_line.price_unit, -150.0)

    def test_duplicated_quotation_over_rpc(self):
        new_ids = self.rpc(self.user_rep_a, "sale.order", "copy", self.order.ids)
        copy = self.env["sale.order"].browse(new_ids)
        self.assertFalse(copy.order_line.filtered("is_dms_rebate"))
        self.rpc(self.user_rep_a, "sale.order", "action_confirm", copy.ids)
        self.rpc(self.user_rep_a, "sale.order", "action_confirm", self.order.ids)
        self.assertEqual((self.order.amount_untaxed, copy.amount_untaxed), (850.0, 1000.0))
        debits = self.wallet.line_ids.filtered(lambda line: line.line_type == "debit")
        self.assertEqual(sum(debits.mapped("amount")), -150.0)
