# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo import api, fields, models

from ..tools import prepayment


class DmsPaymentWarning(models.Model):
    """One warning sent to a dealer on one day (overdue invoices, credit near its limit).

    Unique per dealer, company, day and kind: the daily job can run again (or twice at once)
    without warning anyone twice.
    """

    _name = "dms.payment.warning"
    _description = "Payment Warning"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, index=True)
    kind = fields.Selection(
        [(prepayment.WARN_OVERDUE, "Overdue Invoices"), (prepayment.WARN_NEAR_LIMIT, "Credit Near Limit")],
        required=True,
    )
    credit_limit = fields.Monetary(currency_field="currency_id")
    exposure = fields.Monetary(currency_field="currency_id")
    overdue = fields.Monetary(currency_field="currency_id")
    message = fields.Text()

    _sql_constraints = [
        (
            "warning_uniq",
            "UNIQUE(partner_id, company_id, date, kind)",
            "A dealer gets one warning of each kind a day.",
        ),
    ]

    @api.model
    def _cron_send_warnings(self):
        for company in self.env["res.company"].search([]):
            self.with_company(company)._dms_send_warnings(company)
        return True

    def _dms_warning_dealers(self, company):
        return self.env["res.partner"].search(
            [("is_dealer", "=", True), ("is_company", "=", True), ("dealer_state", "=", "active")]
        )

    def _dms_send_warnings(self, company, today=None):
        """Warn today's dealers once: returns the warnings created."""
        today = today or fields.Date.context_today(self)
        dealers = self._dms_warning_dealers(company)
        if not dealers:
            return self.browse()
        infos = dealers._dms_credit_info_batch(company)
        rounding = company.currency_id.rounding
        wanted = []
        for dealer in dealers:
            info = infos[dealer.id]
            for kind in prepayment.warnings(
                info["limit"], info["exposure"], info["overdue"], company.dms_payment_warning_threshold, rounding
            ):
                wanted.append((dealer, kind, info))
        if not wanted:
            return self.browse()
        done = {
            (w.partner_id.id, w.kind)
            for w in self.search(
                [("company_id", "=", company.id), ("date", "=", today), ("partner_id", "in", dealers.ids)]
            )
        }
        created = self.browse()
        for dealer, kind, info in wanted:
            if (dealer.id, kind) in done:
                continue
            try:
                with self.env.cr.savepoint(flush=True):
                    warning = self.create(
                        {
                            "partner_id": dealer.id,
                            "company_id": company.id,
                            "date": today,
                            "kind": kind,
                            "credit_limit": info["limit"],
                            "exposure": info["exposure"],
                            "overdue": info["overdue"],
                        }
                    )
            except psycopg2.IntegrityError:
                continue  # another run warned this dealer today
            warning._dms_notify()
            created |= warning
        return created

    def _dms_message(self):
        self.ensure_one()
        currency = self.currency_id
        if self.kind == prepayment.WARN_OVERDUE:
            return self.env._(
                "%(dealer)s has overdue invoices of %(amount)s. Please pay them: new orders are held "
                "once the grace period is over.",
                dealer=self.partner_id.name,
                amount=currency.format(self.overdue),
            )
        return self.env._(
            "%(dealer)s uses %(exposure)s of its credit limit %(limit)s. New orders beyond the limit are "
            "held: pay open invoices or top up the prepayment balance.",
            dealer=self.partner_id.name,
            exposure=currency.format(self.exposure),
            limit=currency.format(self.credit_limit),
        )

    def _dms_region_manager(self):
        """The manager of the dealer's territory, or of the nearest territory above it that has one."""
        self.ensure_one()
        return self.partner_id.territory_id._dms_get_manager()  # the one lookup of dms_dealer

    def _dms_notify(self):
        """Mail/notice to the dealer's portal users in their language, an activity for its region manager."""
        for warning in self:
            dealer = warning.partner_id
            users = self.env["res.users"].sudo().search([("partner_id", "child_of", dealer.id), ("share", "=", True)])
            for lang, lang_users in users.grouped(lambda u: u.lang or "en_US").items():
                body = warning.with_context(lang=lang)._dms_message()
                dealer.with_context(lang=lang).message_notify(
                    partner_ids=lang_users.partner_id.ids,
                    body=body,
                    subject=warning.with_context(lang=lang).env._("Payment reminder"),
                    email_layout_xmlid="mail.mail_notification_light",
                )
            manager = warning._dms_region_manager()
            body = warning.with_context(lang=manager.lang or "en_US")._dms_message()
            warning.sudo().message = body
            if manager:
                dealer.sudo().activity_schedule(
                    "mail.mail_activity_data_warning",
                    user_id=manager.id,
                    summary=warning.with_context(lang=manager.lang or "en_US").env._("Payment warning"),
                    note=body,
                )
        return True
