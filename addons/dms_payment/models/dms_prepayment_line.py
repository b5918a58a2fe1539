# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DmsPrepaymentLine(models.Model):
    """Append-only ledger of a dealer's prepayment balance (预付款), per company.

    ``topup`` lines mirror a posted ``account.payment`` to the advance account (one line per
    payment, unique); ``order`` lines reserve part of the balance for a sale order; ``release``
    lines give back what a cancelled order had not used. The balance is their sum; the books
    hold the same money on the advance account until an invoice is paid from it.
    """

    _name = "dms.prepayment.line"
    _description = "Prepayment Movement"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="restrict")
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Description")
    line_type = fields.Selection(
        [("topup", "Top-up"), ("order", "Paid an Order"), ("release", "Given Back")],
        required=True,
        string="Type",
    )
    amount = fields.Monetary(currency_field="currency_id", required=True, help="Positive for top-ups.")
    topup_id = fields.Many2one("dms.prepayment.topup", string="Top-up", index="btree_not_null", ondelete="restrict")
    payment_id = fields.Many2one("account.payment", index="btree_not_null", ondelete="restrict")
    sale_order_id = fields.Many2one("sale.order", string="Order", index="btree_not_null", ondelete="restrict")

    _sql_constraints = [
        (
            "amount_sign",
            "CHECK((line_type = 'order' AND amount < 0) OR (line_type IN ('topup', 'release') AND amount > 0))",
            "Top-ups and give-backs are positive, order payments negative.",
        ),
        ("payment_uniq", "UNIQUE(payment_id)", "A payment credits the prepayment balance once."),
        ("topup_uniq", "UNIQUE(topup_id)", "A top-up credits the prepayment balance once."),
    ]

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Prepayment movements cannot be changed; book a new movement."))
        return super().write(vals)

    def copy_data(self, default=None):
        raise UserError(self.env._("Prepayment movements cannot be duplicated."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Prepayment movements cannot be deleted."))
