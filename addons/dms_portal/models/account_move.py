# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dms_reminder_date = fields.Date(
        string="Payment Reminder Sent", copy=False, readonly=True, help="Date the due-date reminder was sent."
    )

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and self.partner_id._dms_portal_can_act()

    def _dms_statement_is_rebate(self):
        """Whether this move settles or accrues a rebate (dms_rebate)."""
        self.ensure_one()
        return bool(self.dms_rebate_settlement_id or self.dms_rebate_accrual_id)

    @api.model
    def _get_dms_reminder_domain(self, due_date):
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "=", due_date),
            ("dms_reminder_date", "=", False),
            ("commercial_partner_id.is_dealer", "=", True),
        ]

    @api.model
    def _cron_dms_payment_reminders(self):
        """Remind dealers of invoices falling due in N days (idempotent: once per invoice)."""
        days = int(self.env["ir.config_parameter"].sudo().get_param("dms_portal.reminder_days", "3"))
        today = fields.Date.context_today(self)
        invoices = self.search(self._get_dms_reminder_domain(today + timedelta(days=days)))
        for invoice in invoices:
            # posted to the dealer: in the dealer's language
            dealer_env = invoice.with_context(lang=invoice.commercial_partner_id.lang or self.env.lang).env
            invoice.message_post(
                body=dealer_env._(
                    "Reminder: invoice %(name)s of %(amount)s is due on %(date)s.",
                    name=invoice.name,
                    amount=invoice.amount_residual,
                    date=invoice.invoice_date_due,
                ),
                partner_ids=invoice.commercial_partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        invoices.write({"dms_reminder_date": today})
        return invoices
