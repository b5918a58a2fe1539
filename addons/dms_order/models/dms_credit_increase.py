# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class DmsCreditIncrease(models.Model):
    """A temporary raise of a dealer's credit limit, granted by finance."""

    _name = "dms.credit.increase"
    _description = "Temporary Credit Limit Increase"
    _inherit = ["mail.thread"]
    _order = "date_end desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_dealer", "=", True)],
        tracking=True,
    )
    territory_id = fields.Many2one(related="partner_id.territory_id", store=True, string="Territory")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, currency_field="currency_id", tracking=True)
    date_start = fields.Date(string="Valid From", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="Expires On", required=True, tracking=True)
    reason = fields.Text(required=True)
    order_id = fields.Many2one("sale.order", string="Held Order", help="The held order this increase was granted for.")
    is_active = fields.Boolean(string="Valid Today", compute="_compute_is_active")

    @api.depends("date_start", "date_end")
    def _compute_is_active(self):
        today = fields.Date.context_today(self)
        for increase in self:
            increase.is_active = increase.date_start <= today <= increase.date_end

    @api.depends("partner_id", "amount", "date_end")
    def _compute_display_name(self):
        for increase in self:
            increase.display_name = self.env._(
                "%(dealer)s +%(amount)s until %(date)s",
                dealer=increase.partner_id.display_name or "",
                amount=increase.amount,
                date=increase.date_end or "",
            )

    @api.constrains("amount", "date_start", "date_end", "partner_id")
    def _check_amount(self):
        for increase in self:
            if increase.amount <= 0:
                raise ValidationError(self.env._("A temporary credit increase must be a positive amount."))
            if increase.date_end < increase.date_start:
                raise ValidationError(self.env._("The expiry date cannot be before the start date."))
            if not increase.partner_id.is_dealer:
                raise ValidationError(self.env._("Temporary credit increases are granted to dealers only."))

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or self.env.user.has_group("dms_dealer.group_dms_finance")):
            raise AccessError(self.env._("Only finance may grant temporary credit limit increases."))
        increases = super().create(vals_list)
        for increase in increases:
            increase.partner_id.message_post(
                body=self.env._(
                    "Temporary credit increase of %(amount)s until %(date)s granted by %(user)s: %(reason)s",
                    amount=increase.amount,
                    date=increase.date_end,
                    user=self.env.user.name,
                    reason=increase.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        increases.partner_id._dms_retry_held_orders()
        return increases
