# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import webhook as webhook_tools


class DmsApiWebhook(models.Model):
    """A dealer user's subscription to order state changes, delivered signed to a configured URL."""

    _name = "dms.api.webhook"
    _description = "Integration API Webhook Subscription"
    _order = "id desc"

    name = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Subscriber",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
        help="The API user who receives the events; it only receives the orders of its own dealer.",
    )
    dealer_id = fields.Many2one("res.partner", compute="_compute_dealer_id", store=True, index=True, readonly=True)
    url = fields.Char(string="URL", required=True, help="Must start with one of the allowed webhook URL prefixes.")
    secret = fields.Char(
        copy=False,
        groups="base.group_system",
        default=lambda self: secrets.token_hex(32),
        help="Key of the HMAC-SHA256 signature (header X-DMS-Signature).",
    )
    active = fields.Boolean(default=True)
    delivery_ids = fields.One2many("dms.api.webhook.delivery", "webhook_id", string="Deliveries", readonly=True)

    @api.depends("user_id.partner_id.commercial_partner_id")
    def _compute_dealer_id(self):
        for hook in self:
            hook.dealer_id = hook.user_id.sudo().partner_id.commercial_partner_id

    @api.model
    def _allowed_prefixes(self):
        raw = self.env["ir.config_parameter"].sudo().get_param("dms_api.webhook_url_prefixes", "")
        return [prefix.strip() for prefix in raw.split(",") if prefix.strip()]

    @api.constrains("url")
    def _check_url(self):
        prefixes = self._allowed_prefixes()
        for hook in self:
            if not webhook_tools.url_allowed(hook.url, prefixes):
                raise ValidationError(
                    self.env._(
                        "Webhooks are only sent to the URLs HQ allowed (Settings → Technical → System "
                        "Parameters, dms_api.webhook_url_prefixes); %(url)s is not one of them.",
                        url=hook.url,
                    )
                )
