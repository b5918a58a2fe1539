# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

#: ``ir.attachment.description`` of a stored preview (followed by the dealer id)
PREVIEW_TAG = "dms-sellout-preview:"
#: previews not confirmed within this delay are dropped by the autovacuum
PREVIEW_HOURS = 24


def _digest(key):
    return hashlib.sha256((key or "").encode()).hexdigest()


class DmsChannelSelloutReport(models.Model):
    """The previewed upload is kept on the server until it is confirmed.

    The file is an attachment bound to the user who previewed it (its creator), to the dealer,
    and to a one-time key (only its hash is stored): confirming sends the key, never the file,
    and spends it.
    """

    _inherit = "dms.channel.sellout.report"

    @api.model
    def _sellout_preview_domain(self, key, dealer):
        return [
            ("res_model", "=", self._name),
            ("res_id", "=", 0),
            ("description", "=", f"{PREVIEW_TAG}{dealer.id}"),
            ("access_token", "=", _digest(key)),
            ("create_uid", "=", self.env.uid),
        ]

    @api.model
    def _sellout_preview_store(self, content, filename):
        """Keep a previewed file for its confirmation; returns the one-time key."""
        dealer = self._sellout_reporting_dealer()
        key = secrets.token_urlsafe(32)
        # system record (portal users cannot create attachments on reports): bound to this user,
        # this dealer and the key's hash, found again only by _sellout_preview_take
        self.env["ir.attachment"].sudo().create(
            {
                "name": (filename or "sellout.xlsx")[:128],
                "raw": content,
                "res_model": self._name,
                "res_id": 0,
                "description": f"{PREVIEW_TAG}{dealer.id}",
                "access_token": _digest(key),
                "public": False,
            }
        )
        return key

    @api.model
    def _sellout_preview_take(self, key):
        """``(content, filename)`` of the caller's preview ``key``, which is spent (one time)."""
        dealer = self._sellout_reporting_dealer()
        key = "".join(ch for ch in (key or "") if ch.isalnum() or ch in "-_")[:64]
        Attachment = self.env["ir.attachment"].sudo()
        attachment = Attachment.search(self._sellout_preview_domain(key, dealer), limit=1) if key else Attachment
        if not attachment:
            raise UserError(self.env._("This preview was already confirmed or has expired: upload the file again."))
        content, filename = attachment.raw, attachment.name
        attachment.unlink()  # a second confirmation at once waits on this row, then fails to serialise
        return content, filename

    @api.model
    def _sellout_post_preview(self, key):
        """Post the caller's previewed file: ``(report, created)`` (a re-sent file is not counted again)."""
        content, filename = self._sellout_preview_take(key)
        return self._sellout_post_file(content, filename)

    @api.autovacuum
    def _gc_sellout_previews(self):
        limit = fields.Datetime.now() - timedelta(hours=PREVIEW_HOURS)
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", 0),
                ("description", "=like", f"{PREVIEW_TAG}%"),
                ("create_date", "<", limit),
            ]
        ).unlink()
