# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rebate fixture: the DMS dealer network on an accounting test company.

Policy ``policy`` (East territory: dist_a, sub_a, retail_a) pays monthly, retroactively,
2 % from 1,000 and 5 % from 5,000 of invoiced amount, by credit note.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


class DmsRebateCommon(DmsNetworkMixin, AccountTestInvoicingCommon):
    @classmethod
    def get_default_groups(cls):
        groups = super().get_default_groups()
        return groups | cls.env.ref("dms_dealer.group_dms_hq_manager") | cls.env.ref("dms_dealer.group_dms_finance")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        cls.company = cls.env.company
        cls.config = cls.company._dms_rebate_get_config()
        cls.expense_account = cls.config["expense"]
        cls.liability_account = cls.config["liability"]
        cls.wallet_account = cls.config["wallet"]
        cls.receivable_account = cls.company_data["default_account_receivable"]
        cls.revenue_account = cls.company_data["default_account_revenue"]
        cls.categ_tea = cls.env["product.category"].create({"name": "Tea"})
        cls.product_tea = cls._create_product(name="Green Tea", categ_id=cls.categ_tea.id, lst_price=100.0, taxes_id=[])
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.last_month = cls.today - relativedelta(months=1)
        cls.last_month_start = cls.last_month.replace(day=1)
        cls.last_month_end = cls.today.replace(day=1) - relativedelta(days=1)
        cls.this_month_start = cls.today.replace(day=1)
        # a second Finance user: who closes a period never approves its settlements
        cls.user_finance_2 = new_test_user(
            cls.env(su=True),
            login="dms_finance_2",
            name="Finance 2",
            groups="base.group_user,dms_dealer.group_dms_finance",
        )
        cls.policy = cls._create_policy()
        cls._approve_policy(cls.policy)

    @classmethod
    def _approve_policy(cls, policy):
        """Submitted by the test user, approved by HQ (separation of duties)."""
        policy.action_submit()
        policy.with_user(cls.user_hq).action_approve()
        return policy

    @classmethod
    def _create_policy(cls, **vals):
        values = {
            "name": "East Volume Rebate",
            "code": "EVR",
            "date_start": cls.today - relativedelta(years=2),
            "territory_ids": [Command.set(cls.terr_east.ids)],
            "basis": "amount",
            "tier_mode": "retroactive",
            "period_type": "month",
            "settlement_method": "credit_note",
            "tier_ids": [
                Command.create({"sequence": 1, "threshold": 1000.0, "rate": 2.0}),
                Command.create({"sequence": 2, "threshold": 5000.0, "rate": 5.0}),
            ],
        }
        values.update(vals)
        return cls.env["dms.rebate.policy"].create(values)

    @classmethod
    def _run_accruals(cls):
        """Run the accrual job until the queue is empty, as the cron triggered by posting does
        once the poster's transaction is committed."""
        Accrual = cls.env["dms.rebate.accrual"]
        for _i in range(50):
            if not cls.env["dms.rebate.accrual.queue"].sudo().search_count([]):
                return
            Accrual._cron_process_queue()
        raise AssertionError("the accrual queue does not empty")

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        date,
        move_type="out_invoice",
        currency=None,
        post=True,
        quantity=1.0,
        product=None,
        accrue=True,
    ):
        """A customer invoice, posted unless told not to; then, unless ``accrue`` is False,
        the accrual job runs (posting only queues the accrual)."""
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date,
                "date": date,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": (product or cls.product_tea).id,
                            "quantity": quantity,
                            "price_unit": amount / quantity,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
            if accrue:
                cls._run_accruals()
        return move

    def _accrual(self, partner, period_start, policy=None):
        return self.env["dms.rebate.accrual"].search(
            [
                ("policy_root_id", "=", (policy or self.policy).root_id.id),
                ("partner_id", "=", partner.id),
                ("period_start", "=", period_start),
            ]
        )

    def _accrual_moves(self, partner, period_start, policy=None):
        return (
            self._accrual(partner, period_start, policy)
            .move_line_ids.move_id.filtered(lambda m: m.move_type == "entry" and m.dms_rebate_accrual_id)
            .sorted("id")
        )

    def _liability_balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.liability_account.id),
                ("partner_id", "=", partner.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))
