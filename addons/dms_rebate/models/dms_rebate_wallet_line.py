# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DmsRebateWalletLine(models.Model):
    """Append-only ledger of a rebate wallet: credits from settlements, debits on orders."""

    _name = "dms.rebate.wallet.line"
    _description = "Rebate Wallet Movement"
    _order = "date desc, id desc"

    wallet_id = fields.Many2one("dms.rebate.wallet", required=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="wallet_id.partner_id", store=True, index=True, string="Dealer")
    company_id = fields.Many2one(related="wallet_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="wallet_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Description")
    line_type = fields.Selection(
        [
            ("credit", "Credit"),
            ("debit", "Used"),
            ("reversal", "Given Back"),
            ("expiry", "Expired"),
            ("clawback", "Clawed Back"),
        ],
        required=True,
        string="Type",
    )
    amount = fields.Monetary(currency_field="currency_id", required=True, help="Positive for credits.")
    expiry_date = fields.Date()
    credit_line_id = fields.Many2one("dms.rebate.wallet.line", string="Credit Used", index=True, ondelete="restrict")
    reversed_line_id = fields.Many2one("dms.rebate.wallet.line", index=True, ondelete="restrict")
    reversal_line_ids = fields.One2many("dms.rebate.wallet.line", "reversed_line_id")
    settlement_id = fields.Many2one("dms.rebate.settlement", index=True, ondelete="restrict")
    sale_order_id = fields.Many2one("sale.order", index=True, ondelete="restrict")
    sale_line_id = fields.Many2one("sale.order.line", index="btree_not_null", ondelete="set null")
    move_id = fields.Many2one("account.move", string="Journal Entry", index="btree_not_null", ondelete="restrict")

    _sql_constraints = [
        (
            "amount_sign",
            "CHECK((line_type IN ('debit', 'expiry', 'clawback') AND amount < 0) "
            "OR (line_type IN ('credit', 'reversal') AND amount > 0))",
            "Credits and give-backs are positive, uses, expiries and clawbacks are negative.",
        ),
    ]

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Rebate wallet movements cannot be changed; book a new movement."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Rebate wallet movements cannot be deleted."))
