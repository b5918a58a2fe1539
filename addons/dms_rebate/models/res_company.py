# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_rebate_expense_account_id = fields.Many2one(
        "account.account",
        string="Rebate Expense Account",
        check_company=True,
        help="Debited when a rebate is accrued.",
    )
    dms_rebate_liability_account_id = fields.Many2one(
        "account.account",
        string="Accrued Rebate Account",
        check_company=True,
        help="Liability credited by accruals and debited by settlements.",
    )
    dms_rebate_wallet_account_id = fields.Many2one(
        "account.account",
        string="Rebate Wallet Account",
        check_company=True,
        help="Liability holding rebates credited to dealer wallets until they are used on orders.",
    )
    dms_rebate_journal_id = fields.Many2one(
        "account.journal",
        string="Rebate Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
    )
    dms_rebate_wallet_max_share = fields.Float(
        string="Max Rebate Share of an Order (%)",
        default=20.0,
        help="A rebate wallet may pay at most this share of an order's untaxed amount.",
    )
    dms_rebate_wallet_validity_days = fields.Integer(
        string="Wallet Credit Validity (days)",
        default=365,
    )
    dms_rebate_clawback_recovery = fields.Selection(
        [("next_settlement", "Deduct from the next settlement"), ("wallet", "Debit the rebate wallet")],
        string="Clawback Recovery",
        required=True,
        default="next_settlement",
        help="How a clawback (less due than settled, after late refunds) is recovered once approved: "
        "deducted from the dealer's next rebate settlements, or taken from the dealer's rebate wallet "
        "(what the wallet cannot cover is deducted from the next settlements).",
    )

    @api.constrains("dms_rebate_wallet_max_share")
    def _check_dms_rebate_wallet_max_share(self):
        for company in self:
            if not 0.0 <= company.dms_rebate_wallet_max_share <= 100.0:
                raise ValidationError(self.env._("The rebate share of an order must be between 0 and 100 %."))

    def _prepare_dms_rebate_account_vals(self):
        """Default accounts created for the company: {field: vals}."""
        self.ensure_one()
        return {
            "dms_rebate_expense_account_id": {
                "name": self.env._("Dealer Rebates"),
                "code": "612900",
                "account_type": "expense",
            },
            "dms_rebate_liability_account_id": {
                "name": self.env._("Accrued Dealer Rebates"),
                "code": "219900",
                "account_type": "liability_current",
                "reconcile": True,
            },
            "dms_rebate_wallet_account_id": {
                "name": self.env._("Dealer Rebate Wallets"),
                "code": "219910",
                "account_type": "liability_current",
            },
        }

    def _dms_rebate_ensure_setup(self):
        """Create missing rebate accounts/journal for companies that have a chart, and make
        the Rebate product post to the wallet account."""
        Account = self.env["account.account"].sudo()
        product = self.env.ref("dms_rebate.product_dms_rebate", raise_if_not_found=False)
        for company in self.sudo():
            if not company.chart_template and not Account.search_count([("company_ids", "in", company.id)], limit=1):
                continue
            vals = {}
            for field_name, account_vals in company._prepare_dms_rebate_account_vals().items():
                if company[field_name]:
                    continue
                code = int(account_vals["code"])
                used = set(Account.with_company(company).search([("company_ids", "in", company.id)]).mapped("code"))
                while str(code) in used:
                    code += 1
                account = Account.with_company(company).create(
                    dict(account_vals, code=str(code), company_ids=[fields.Command.set(company.ids)])
                )
                vals[field_name] = account.id
            if not company.dms_rebate_journal_id:
                journal = (
                    self.env["account.journal"]
                    .sudo()
                    .search([("company_id", "=", company.id), ("type", "=", "general")], limit=1)
                )
                vals["dms_rebate_journal_id"] = journal.id
            if vals:
                company.write(vals)
            if product and company.dms_rebate_wallet_account_id:
                product_company = product.sudo().with_company(company)
                if not product_company.property_account_income_id:
                    product_company.property_account_income_id = company.dms_rebate_wallet_account_id
        return True

    def _dms_rebate_get_config(self):
        """Accounts and journal of the company, created on first use; raise if impossible."""
        self.ensure_one()
        if not (
            self.dms_rebate_expense_account_id
            and self.dms_rebate_liability_account_id
            and self.dms_rebate_wallet_account_id
            and self.dms_rebate_journal_id
        ):
            self._dms_rebate_ensure_setup()
        if not (
            self.dms_rebate_expense_account_id
            and self.dms_rebate_liability_account_id
            and self.dms_rebate_wallet_account_id
            and self.dms_rebate_journal_id
        ):
            raise UserError(
                self.env._(
                    "Configure the rebate accounts and journal of company %(company)s "
                    "(Accounting settings, Dealer Rebates).",
                    company=self.name,
                )
            )
        return {
            "expense": self.dms_rebate_expense_account_id,
            "liability": self.dms_rebate_liability_account_id,
            "wallet": self.dms_rebate_wallet_account_id,
            "journal": self.dms_rebate_journal_id,
        }
