# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class DmsApiIdempotency(models.Model):
    """One row per (user, Idempotency-Key): the request's fingerprint and the response it got.

    The row is claimed with ``INSERT ... ON CONFLICT DO NOTHING`` in the transaction that does the
    work, so the work and the stored response commit together or not at all. A second request with
    the same key waits on the unique index while the first one runs; when the first commits, the
    second gets a serialization failure (REPEATABLE READ) and Odoo replays it, and the replay finds
    the stored response. A request that fails is rolled back with its claim: the key is free again.
    """

    _name = "dms.api.idempotency"
    _description = "Integration API Idempotency Key"
    _order = "id desc"
    _log_access = True

    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="cascade")
    key = fields.Char(required=True, readonly=True)
    method = fields.Char(readonly=True)
    path = fields.Char(readonly=True)
    request_hash = fields.Char(string="Request Fingerprint", required=True, readonly=True)
    status_code = fields.Integer(readonly=True)
    response = fields.Text(readonly=True, help="JSON body returned to the first request.")

    _sql_constraints = [
        ("user_key_uniq", "UNIQUE(user_id, key)", "An idempotency key is used once per user."),
    ]

    @api.model
    def _claim(self, user, key, method, path, request_hash):
        """``(record, claimed)``: the key's row, and whether this transaction just claimed it."""
        now = fields.Datetime.now()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO dms_api_idempotency
                       (user_id, key, method, path, request_hash, create_uid, write_uid, create_date, write_date)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (user_id, key) DO NOTHING
                RETURNING id
                """,
                user.id,
                key,
                method,
                path,
                request_hash,
                user.id,
                user.id,
                now,
                now,
            )
        )
        if rows:
            return self.browse(rows[0][0]), True
        # committed before this transaction's snapshot: readable, replayed by the caller
        return self.search([("user_id", "=", user.id), ("key", "=", key)], limit=1), False

    def _store(self, status_code, payload):
        self.ensure_one()
        self.write({"status_code": status_code, "response": json.dumps(payload, ensure_ascii=False, default=str)})

    def _replay(self):
        self.ensure_one()
        return self.status_code, json.loads(self.response or "null")

    @api.autovacuum
    def _gc_keys(self):
        """Keys are kept ``dms_api.idempotency_days`` days (30 by default), then a retry is a new request."""
        days = int(self.env["ir.config_parameter"].sudo().get_param("dms_api.idempotency_days", "30") or 30)
        limit = fields.Datetime.now() - timedelta(days=days)
        old = self.sudo().search([("create_date", "<", limit)])
        _logger.info("dms_api: %s idempotency keys older than %s days removed", len(old), days)
        old.unlink()
