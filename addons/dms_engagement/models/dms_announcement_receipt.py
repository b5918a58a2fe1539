# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsAnnouncementReceipt(models.Model):
    """A dealer's read receipt of one announcement: who opened it first and when, who acknowledged it.

    One row per announcement and dealer (a unique constraint), written only by
    ``dms.announcement._dms_portal_open`` / ``_dms_portal_acknowledge``: nobody has write access.
    """

    _name = "dms.announcement.receipt"
    _description = "Announcement Read Receipt"
    _order = "read_date desc, id desc"
    _rec_name = "announcement_id"

    announcement_id = fields.Many2one("dms.announcement", required=True, index=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="cascade", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Read By", readonly=True, ondelete="set null")
    read_date = fields.Datetime(string="Read On", readonly=True)
    ack_user_id = fields.Many2one("res.users", string="Acknowledged By", readonly=True, ondelete="set null")
    ack_date = fields.Datetime(string="Acknowledged On", readonly=True)
    acknowledged = fields.Boolean(compute="_compute_acknowledged")
    company_id = fields.Many2one(related="announcement_id.company_id")
    territory_id = fields.Many2one(related="partner_id.territory_id", string="Territory")

    _sql_constraints = [
        (
            "announcement_partner_uniq",
            "unique(announcement_id, partner_id)",
            "A dealer has one read receipt per announcement.",
        ),
    ]

    def _compute_acknowledged(self):
        for receipt in self:
            receipt.acknowledged = bool(receipt.ack_date)
