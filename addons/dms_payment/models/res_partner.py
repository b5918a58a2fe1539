# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_prepayment_currency_id = fields.Many2one("res.currency", compute="_compute_dms_prepayment_balance")
    dms_prepayment_balance = fields.Monetary(
        string="Prepayment Balance",
        compute="_compute_dms_prepayment_balance",
        currency_field="dms_prepayment_currency_id",
        help="Confirmed top-ups minus what orders took from them, in the current company.",
    )
    dms_prepayment_line_ids = fields.One2many("dms.prepayment.line", "partner_id", string="Prepayment Movements")

    def _compute_dms_prepayment_balance(self):
        company = self.env.company
        balances = self._dms_prepayment_balances(company)
        for partner in self:
            partner.dms_prepayment_currency_id = company.currency_id
            partner.dms_prepayment_balance = balances.get(partner.commercial_partner_id.id, 0.0)

    def _dms_prepayment_balances(self, company):
        """``{commercial partner id: balance}`` in ``company`` (one grouped read)."""
        dealers = self.commercial_partner_id
        if not dealers:
            return {}
        # the ledger is read for these dealers only; callers decide who may see the figure
        groups = (
            self.env["dms.prepayment.line"]
            .sudo()
            ._read_group(
                [("partner_id", "in", dealers.ids), ("company_id", "=", company.id)],
                ["partner_id"],
                ["amount:sum"],
            )
        )
        return {partner.id: company.currency_id.round(amount) for partner, amount in groups}

    def _dms_prepayment_balance(self, company=None):
        self.ensure_one()
        company = company or self.env.company
        return self._dms_prepayment_balances(company).get(self.commercial_partner_id.id, 0.0)

    def _dms_prepayment_lock(self):
        """Serialise prepayment movements of these dealers with dms_order's credit lock (a row write:
        a concurrent transaction fails to serialise and Odoo retries it on fresh data)."""
        self.commercial_partner_id._dms_credit_lock()

    def _dms_prepayment_booked(self, company=None):
        """Credit balance of the advance account for this dealer in the books (posted entries)."""
        self.ensure_one()
        company = company or self.env.company
        account = company.dms_prepayment_account_id
        if not account:
            return 0.0
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("account_id", "=", account.id),
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("parent_state", "=", "posted"),
                ],
                [],
                ["balance:sum"],
            )
        )
        return company.currency_id.round(-(groups[0][0] or 0.0))

    def action_dms_view_prepayment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_payment.action_dms_prepayment_line")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_group_type": 0}
        return action
