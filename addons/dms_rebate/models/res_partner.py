# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    rebate_wallet_balance = fields.Monetary(
        string="Rebate Wallet",
        compute="_compute_rebate_wallet_balance",
        currency_field="rebate_currency_id",
        groups="dms_dealer.group_dms_user",
    )
    rebate_currency_id = fields.Many2one(
        "res.currency", compute="_compute_rebate_wallet_balance", groups="dms_dealer.group_dms_user"
    )

    def _compute_rebate_wallet_balance(self):
        for partner in self:
            partner.rebate_currency_id = self.env.company.currency_id
            partner.rebate_wallet_balance = partner._dms_rebate_wallet_balance() if partner.is_dealer else 0.0

    def _dms_rebate_get_policies(self, company=None):
        """Non-draft policies of ``company`` in force today for this dealer."""
        self.ensure_one()
        company = company or self.env.company
        dealer = self.commercial_partner_id.sudo()
        today = fields.Date.context_today(self)
        policies = (
            self.env["dms.rebate.policy"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "active"),
                    ("date_start", "<=", today),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", today),
                ]
            )
        )
        return policies.filtered(lambda p: p._get_eligible_partners(dealer))

    def _dms_rebate_progress(self, company=None):
        """Progress of the partner's dealer on every active policy over its current period.

        :return: list of dicts ``policy``, ``basis``, ``tier_rate``, ``earned``,
            ``next_threshold``, ``missing_to_next`` (False at the top tier), ``currency_id``,
            ``period_start``, ``period_end``
        """
        self.ensure_one()
        dealer = self.commercial_partner_id.sudo()
        today = fields.Date.context_today(self)
        return [policy._prepare_progress(dealer, today) for policy in self._dms_rebate_get_policies(company)]

    def _dms_rebate_wallet_balance(self, company=None):
        """Usable rebate wallet balance today, in the company currency."""
        self.ensure_one()
        company = company or self.env.company
        wallet = (
            self.env["dms.rebate.wallet"]
            .sudo()
            .search([("partner_id", "=", self.commercial_partner_id.id), ("company_id", "=", company.id)])
        )
        return wallet._get_balance() if wallet else 0.0

    def action_dms_rebate_progress(self):
        self.ensure_one()
        wizard = self.env["dms.rebate.simulation"].create({"partner_id": self.commercial_partner_id.id})
        wizard.action_compute()
        return wizard._action_open()

    def action_dms_rebate_wallet(self):
        self.ensure_one()
        wallet = self.env["dms.rebate.wallet"].sudo()._get_or_create(self.commercial_partner_id, self.env.company)
        return {
            "type": "ir.actions.act_window",
            "res_model": "dms.rebate.wallet",
            "res_id": wallet.id,
            "view_mode": "form",
        }
