# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models

ESCALATION_PROTECTED = ("escalated_date", "escalated_to_partner_id", "escalated_to_user_id")


class DmsChannelOrder(models.Model):
    """Orders the seller leaves unanswered past the company's deadline are escalated once."""

    _inherit = ["dms.channel.order", "mail.activity.mixin"]
    _name = "dms.channel.order"

    escalated_date = fields.Datetime(string="Escalated On", readonly=True, copy=False, index="btree_not_null")
    escalated_to_partner_id = fields.Many2one("res.partner", string="Escalated to Dealer", readonly=True, copy=False)
    escalated_to_user_id = fields.Many2one("res.users", string="Escalated to", readonly=True, copy=False)

    def _workflow_guarded_fields(self):
        return super()._workflow_guarded_fields() | set(ESCALATION_PROTECTED)

    @api.model
    def _channel_escalation_target(self, seller):
        """``(upstream dealer, user)`` to alert about ``seller``'s late orders.

        The seller's own upstream dealer when a dealer serves it (with the dealer's salesperson),
        else the region manager of the seller's territory (nearest territory with a manager).
        """
        seller = seller.sudo()
        upstream = seller._dms_channel_seller()
        if upstream:
            return upstream, upstream.user_id
        return self.env["res.partner"], seller.territory_id._dms_get_manager()

    @api.model
    def _cron_escalate_accept(self, now=None):
        """Escalate submitted orders older than the company's deadline (once per order)."""
        now = now or fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([("dms_channel_accept_hours", ">", 0)])
        escalated = self.browse()
        for company in companies:
            limit = now - datetime.timedelta(hours=company.dms_channel_accept_hours)
            orders = (
                self.sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("state", "=", "submitted"),
                        ("escalated_date", "=", False),
                        ("date_submitted", "<=", limit),
                    ],
                    order="date_submitted, id",
                )
                .with_context(mail_notify_force_send=False)
            )
            for order in orders:
                order._channel_escalate(now, company.dms_channel_accept_hours)
            escalated |= orders
        return escalated

    def _channel_escalate(self, now, hours):
        self.ensure_one()
        upstream, user = self._channel_escalation_target(self.seller_id)
        self._workflow_write(
            {
                "escalated_date": now,
                "escalated_to_partner_id": upstream.id or False,
                "escalated_to_user_id": user.id or False,
            }
        )
        summary = self.env._("Channel order not accepted in time")
        note = self.env._(
            "%(order)s of %(buyer)s was submitted to %(seller)s more than %(hours)s hours ago and is still "
            "waiting for acceptance.",
            order=self.name,
            buyer=self.buyer_id.display_name,
            seller=self.seller_id.display_name,
            hours=hours,
        )
        if user:
            self.activity_schedule("mail.mail_activity_data_todo", summary=summary, note=note, user_id=user.id)
        notified = upstream | upstream.child_ids.filtered(lambda contact: contact.user_ids)
        self.message_post(
            body=note, subject=summary, partner_ids=notified.ids, message_type="comment", subtype_xmlid="mail.mt_note"
        )
