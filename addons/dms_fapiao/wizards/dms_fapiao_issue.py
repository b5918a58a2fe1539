# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsFapiaoIssue(models.TransientModel):
    _name = "dms.fapiao.issue"
    _description = "Issue a VAT Invoice"

    request_id = fields.Many2one(
        "dms.fapiao.request", required=True, default=lambda self: self.env.context.get("active_id")
    )
    currency_id = fields.Many2one(related="request_id.currency_id")
    number = fields.Char(string="Invoice Number (发票号码)", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(currency_field="currency_id", required=True)
    pdf = fields.Binary(string="Invoice PDF")
    pdf_filename = fields.Char()

    def action_issue(self):
        self.ensure_one()
        # the transition checks the caller (finance, separation of duties) itself
        self.request_id.action_issue(self.number, self.date, self.amount, self.pdf, self.pdf_filename)
        return {"type": "ir.actions.act_window_close"}
