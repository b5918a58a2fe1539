# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_mdf_expense_account_id = fields.Many2one(
        "account.account",
        string="Marketing Fund Expense Account",
        check_company=True,
        help="Debited by every paid marketing fund claim (credit note line or wallet entry). "
        "Created on first payout when empty.",
    )

    def _dms_mdf_expense_account(self):
        """The MDF expense account of the company, created on first use (next free code from 6601)."""
        self.ensure_one()
        if self.dms_mdf_expense_account_id:
            return self.dms_mdf_expense_account_id
        Account = self.env["account.account"].sudo().with_company(self)
        if not self.chart_template and not Account.search_count([("company_ids", "in", self.id)], limit=1):
            raise UserError(
                self.env._(
                    "Company %(company)s has no chart of accounts: set its marketing fund expense account first.",
                    company=self.name,
                )
            )
        used = set(Account.search([("company_ids", "in", self.id)]).mapped("code"))
        code = 6601
        while str(code) in used:
            code += 1
        account = Account.create(
            {
                "name": self.env._("Marketing Development Funds"),
                "code": str(code),
                "account_type": "expense",
                "company_ids": [fields.Command.set(self.ids)],
            }
        )
        self.sudo().dms_mdf_expense_account_id = account
        return account
