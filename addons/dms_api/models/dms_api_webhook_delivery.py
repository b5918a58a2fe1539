# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import time
import uuid
from datetime import timedelta

import requests

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import webhook as webhook_tools

_logger = logging.getLogger(__name__)

#: seconds a receiver has to answer
TIMEOUT = 5
#: deliveries sent per run of the job
BATCH = 50


class DmsApiWebhookDelivery(models.Model):
    """One event to deliver to one subscription, and the log of its attempts.

    Queued in the transaction that changed the order (so a rolled-back change sends nothing) and
    sent only by the scheduled job, never inside the request. Written by the job alone: its status
    is computed from what happened (delivered, given up, else pending), not a workflow state.
    """

    _name = "dms.api.webhook.delivery"
    _description = "Integration API Webhook Delivery"
    _order = "id desc"

    webhook_id = fields.Many2one(
        "dms.api.webhook", string="Subscription", required=True, index=True, ondelete="cascade", readonly=True
    )
    user_id = fields.Many2one(related="webhook_id.user_id", store=True, index=True)
    event = fields.Char(required=True, readonly=True)
    event_uid = fields.Char(string="Event ID", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Integer(string="Document ID", readonly=True)
    payload = fields.Text(required=True, readonly=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    next_attempt_at = fields.Datetime(string="Next Attempt", readonly=True, index=True)
    delivered_at = fields.Datetime(string="Delivered On", readonly=True)
    gave_up = fields.Boolean(string="Given Up", readonly=True)
    last_status_code = fields.Integer(string="Last HTTP Status", readonly=True)
    last_error = fields.Char(readonly=True)
    status = fields.Selection(
        [("pending", "Pending"), ("delivered", "Delivered"), ("failed", "Failed")],
        compute="_compute_status",
        store=True,
        index=True,
    )

    @api.depends("delivered_at", "gave_up")
    def _compute_status(self):
        for delivery in self:
            if delivery.delivered_at:
                delivery.status = "delivered"
            elif delivery.gave_up:
                delivery.status = "failed"
            else:
                delivery.status = "pending"

    # ------------------------------------------------------------------
    # Queueing (called from the writes that change an order's state)
    # ------------------------------------------------------------------
    @api.model
    def _queue_state_changes(self, records, old_states, state_field, dealer_fields):
        """Queue an ``order.state`` event for each record whose state changed, per subscription
        of a dealer party to it (``dealer_fields``: fields holding the dealer parties)."""
        Hook = self.env["dms.api.webhook"].sudo()
        # one small query on the (usually empty) subscription table before any other work
        if not Hook.search_count([], limit=1):
            return self.browse()
        changed = records.sudo().filtered(lambda r: old_states.get(r.id) != r[state_field])
        if not changed:
            return self.browse()
        dealers = {record.id: self._dms_parties(record, dealer_fields) for record in changed}
        hooks = Hook.search([("dealer_id", "in", list({d for ds in dealers.values() for d in ds}))])
        by_dealer = hooks.grouped("dealer_id")
        now = fields.Datetime.now()
        vals_list = []
        for record in changed:
            data = self._dms_event_data(record, state_field, old_states.get(record.id))
            for dealer_id in dealers[record.id]:
                for hook in by_dealer.get(self.env["res.partner"].browse(dealer_id), Hook):
                    event_uid = str(uuid.uuid4())
                    body = {"id": event_uid, "event": "order.state", "created_at": now.isoformat() + "Z", "data": data}
                    vals_list.append(
                        {
                            "webhook_id": hook.id,
                            "event": "order.state",
                            "event_uid": event_uid,
                            "res_model": record._name,
                            "res_id": record.id,
                            "payload": json.dumps(body, ensure_ascii=False, sort_keys=True),
                            "next_attempt_at": now,
                        }
                    )
        return self.sudo().create(vals_list)

    @api.model
    def _dms_parties(self, record, dealer_fields):
        return sorted({record[name].commercial_partner_id.id for name in dealer_fields if record[name]})

    @api.model
    def _dms_event_data(self, record, state_field, old_state):
        kind = "sale_order" if record._name == "sale.order" else "channel_order"
        return {
            "kind": kind,
            "id": record.id,
            "name": record.name,
            "state": record[state_field],
            "previous_state": old_state or None,
            "amount_total": record.amount_total,
            "currency": record.currency_id.name,
        }

    # ------------------------------------------------------------------
    # Delivery (scheduled job)
    # ------------------------------------------------------------------
    @api.model
    def _cron_deliver(self, limit=BATCH):
        """Send the due deliveries; each failure waits longer (tools/webhook.BACKOFF), then gives up.

        Rows are taken with ``FOR UPDATE SKIP LOCKED``: two job runners never send one twice.
        """
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM dms_api_webhook_delivery
                 WHERE delivered_at IS NULL AND gave_up IS NOT TRUE AND next_attempt_at <= %s
                 ORDER BY next_attempt_at, id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                fields.Datetime.now(),
                limit,
            )
        )
        deliveries = self.sudo().browse([row[0] for row in rows])
        for delivery in deliveries:
            delivery._attempt()
        return len(deliveries)

    def _attempt(self):
        """One attempt: POST the payload, signed, to the subscription's URL (if still allowed)."""
        self.ensure_one()
        hook = self.webhook_id.sudo()
        attempts = self.attempt_count + 1
        status, error = 0, False
        if not hook.active:
            error = "subscription archived"
        elif not webhook_tools.url_allowed(hook.url, hook._allowed_prefixes()):
            error = "URL no longer allowed"
        else:
            body = self.payload.encode()
            timestamp = int(time.time())
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "DMS-Webhook/1.0",
                "X-DMS-Event": self.event,
                "X-DMS-Delivery": self.event_uid,
                "X-DMS-Timestamp": str(timestamp),
                "X-DMS-Signature": webhook_tools.sign(hook.secret, timestamp, body),
            }
            try:
                response = requests.post(hook.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
                status = response.status_code
                if not 200 <= status < 300:
                    error = f"HTTP {status}"
            except requests.RequestException as exc:
                error = type(exc).__name__
        vals = {"attempt_count": attempts, "last_status_code": status, "last_error": error}
        if not error:
            vals["delivered_at"] = fields.Datetime.now()
        else:
            delay = webhook_tools.next_delay(attempts)
            if delay is None or not hook.active:
                vals["gave_up"] = True
            else:
                vals["next_attempt_at"] = fields.Datetime.now() + timedelta(seconds=delay)
            _logger.info("dms_api: webhook delivery %s attempt %s failed: %s", self.id, attempts, error)
        self.write(vals)
        return not error
