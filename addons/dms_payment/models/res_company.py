# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_prepayment_account_id = fields.Many2one(
        "account.account",
        string="Dealer Prepayment Account",
        check_company=True,
        help="Customer advances (预收账款): credited by dealer top-ups, debited when an invoice is paid from them.",
    )
    dms_prepayment_journal_id = fields.Many2one(
        "account.journal",
        string="Prepayment Bank Journal",
        check_company=True,
        domain="[('type', '=', 'bank')]",
        help="Bank journal in which confirmed bank-transfer top-ups are recorded.",
    )
    dms_payment_warning_threshold = fields.Float(
        string="Credit Warning Threshold (%)",
        default=80.0,
        help="Dealers whose credit use reaches this share of their limit are warned every day (0: never).",
    )

    @api.constrains("dms_payment_warning_threshold")
    def _check_dms_payment_warning_threshold(self):
        for company in self:
            if not 0.0 <= company.dms_payment_warning_threshold <= 100.0:
                raise ValidationError(self.env._("The credit warning threshold must be between 0 and 100 %."))

    def _prepare_dms_prepayment_account_vals(self):
        self.ensure_one()
        return {
            "name": self.env._("Dealer Prepayments"),
            "code": "220300",
            "account_type": "liability_current",
            "reconcile": True,
        }

    def _dms_prepayment_ensure_setup(self):
        """Create the advance account and pick a bank journal for companies that have a chart."""
        Account = self.env["account.account"].sudo()
        for company in self.sudo():
            if not company.chart_template and not Account.search_count([("company_ids", "in", company.id)], limit=1):
                continue
            vals = {}
            if not company.dms_prepayment_account_id:
                account_vals = company._prepare_dms_prepayment_account_vals()
                used = set(Account.with_company(company).search([("company_ids", "in", company.id)]).mapped("code"))
                code = int(account_vals["code"])
                while str(code) in used:
                    code += 1
                account = Account.with_company(company).create(
                    dict(account_vals, code=str(code), company_ids=[fields.Command.set(company.ids)])
                )
                vals["dms_prepayment_account_id"] = account.id
            if not company.dms_prepayment_journal_id:
                journal = (
                    self.env["account.journal"]
                    .sudo()
                    .search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
                )
                vals["dms_prepayment_journal_id"] = journal.id
            if vals:
                company.write(vals)
        return True

    def _dms_prepayment_get_config(self):
        """Advance account and bank journal of the company, created on first use; raise if impossible."""
        self.ensure_one()
        if not (self.dms_prepayment_account_id and self.dms_prepayment_journal_id):
            self._dms_prepayment_ensure_setup()
        if not (self.dms_prepayment_account_id and self.dms_prepayment_journal_id):
            raise UserError(
                self.env._(
                    "Configure the dealer prepayment account and bank journal of company %(company)s "
                    "(Accounting settings, Dealer Prepayments).",
                    company=self.name,
                )
            )
        return {"account": self.dms_prepayment_account_id, "journal": self.dms_prepayment_journal_id}
