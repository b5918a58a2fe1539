# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class DmsPortalApplyAttempt(models.Model):
    """One admission application sent from the public form, kept an hour to rate-limit it."""

    _name = "dms.portal.apply.attempt"
    _description = "Public Dealer Application Submission"
    _order = "id desc"

    ip = fields.Char(string="IP Address", index=True)
    email = fields.Char(index=True)

    @api.model
    def _dms_limits(self):
        param = self.env["ir.config_parameter"].sudo().get_param
        return int(param("dms_portal.apply_limit_ip", "5")), int(param("dms_portal.apply_limit_email", "3"))

    @api.model
    def _dms_is_limited(self, ip, email):
        """Whether ``ip`` or ``email`` already sent as many applications as allowed in the last hour."""
        limit_ip, limit_email = self._dms_limits()
        since = fields.Datetime.now() - timedelta(hours=1)
        # sudo: counters of the public form, not readable by its visitors
        Attempt = self.sudo()
        if ip and Attempt.search_count([("ip", "=", ip), ("create_date", ">=", since)], limit=limit_ip) >= limit_ip:
            return True
        email = (email or "").strip().lower()
        return bool(
            email
            and Attempt.search_count([("email", "=", email), ("create_date", ">=", since)], limit=limit_email)
            >= limit_email
        )

    @api.model
    def _dms_log(self, ip, email):
        # sudo: the public form counts its own submissions
        return self.sudo().create({"ip": ip or False, "email": (email or "").strip().lower() or False})

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search([("create_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
