# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import rush

#: fields only the rush actions write
RUSH_FIELDS = ("dms_rush", "dms_rush_date", "dms_rush_uid", "dms_rush_deadline")
#: dealer states in which an order may still be flagged
RUSH_OPEN_STATES = ("draft", "submitted", "review", "approved", "credit_hold", "confirmed")
#: dealer states in which the SLA is met (or no longer applies)
RUSH_FINISHED_STATES = ("shipped", "signed", "cancel")
RUSH_MANAGERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_rush = fields.Boolean(string="Rush (加急)", readonly=True, copy=False, index=True, tracking=True)
    dms_rush_date = fields.Datetime(string="Rush Flagged On", readonly=True, copy=False)
    dms_rush_uid = fields.Many2one("res.users", string="Rush Flagged By", readonly=True, copy=False)
    dms_rush_deadline = fields.Datetime(
        string="Rush SLA Deadline", readonly=True, copy=False, help="The order must be shipped by then."
    )
    dms_rush_overdue = fields.Boolean(
        string="Rush Overdue", compute="_compute_dms_rush_overdue", search="_search_dms_rush_overdue"
    )

    def _workflow_guarded_fields(self):
        # written only by action_dms_rush / action_dms_rush_remove (never by a client)
        return super()._workflow_guarded_fields() | set(RUSH_FIELDS)

    @api.depends("dms_rush_deadline", "dms_state")
    def _compute_dms_rush_overdue(self):
        now = fields.Datetime.now()
        for order in self:
            order.dms_rush_overdue = order.dms_rush and rush.is_overdue(
                order.dms_rush_deadline, now, order.dms_state in RUSH_FINISHED_STATES
            )

    def _search_dms_rush_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue rush orders."))
        domain = [
            ("dms_rush", "=", True),
            ("dms_rush_deadline", "<", fields.Datetime.now()),
            ("dms_state", "not in", RUSH_FINISHED_STATES),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *self._dms_rush_normalize(domain)]

    @staticmethod
    def _dms_rush_normalize(domain):
        return ["&"] * (len(domain) - 1) + domain

    # ------------------------------------------------------------------
    # Quota
    # ------------------------------------------------------------------
    def _dms_rush_month(self):
        """UTC bounds of the current calendar month in the user's time zone."""
        tz = pytz.timezone(self.env.user.tz or self.env.context.get("tz") or "UTC")
        start, end = rush.month_bounds(fields.Date.context_today(self))

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(start), to_utc(end)

    def _dms_rush_used(self, dealer):
        start, end = self._dms_rush_month()
        # counts the dealer's rush orders of the month whoever may read them
        return self.sudo().search_count(
            [
                ("dealer_id", "=", dealer.id),
                ("dms_rush", "=", True),
                ("dms_rush_date", ">=", start),
                ("dms_rush_date", "<", end),
                ("dms_state", "!=", "cancel"),
            ]
        )

    def _dms_rush_quota(self, dealer):
        return dealer.sudo().dealer_level_id.rush_monthly_quota

    def _dms_rush_quota_left(self, dealer=None):
        dealer = dealer or self.dealer_id
        return rush.quota_left(self._dms_rush_quota(dealer), self._dms_rush_used(dealer))

    def _dms_rush_lock(self, dealer):
        """Serialise rush flags of one dealer: lock *and write* its row (REPEATABLE READ: the second
        transaction fails with a serialization error and Odoo retries it on fresh data)."""
        self.env.execute_query(SQL("UPDATE res_partner SET write_date = write_date WHERE id = %s", dealer.id))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_dms_rush(self):
        """Flag the orders as urgent (加急), within the dealer level's monthly quota."""
        orders = self._dms_check_actor()
        now = fields.Datetime.now()
        for order in orders:
            if order.dms_rush:
                raise UserError(self.env._("%(order)s is already a rush order.", order=order.name))
            if not order._dms_is_dealer_order() or order.dms_state not in RUSH_OPEN_STATES:
                raise UserError(
                    self.env._(
                        "%(order)s cannot be flagged as urgent: it is %(state)s.",
                        order=order.name,
                        state=order._dms_state_label(),
                    )
                )
            dealer = order.dealer_id
            order._dms_rush_lock(dealer)
            quota = order._dms_rush_quota(dealer)
            used = order._dms_rush_used(dealer)
            if not rush.quota_left(quota, used):
                raise UserError(
                    self.env._(
                        "%(dealer)s has used its %(quota)s rush orders (加急) of this month: %(order)s stays normal.",
                        dealer=dealer.display_name,
                        quota=quota,
                        order=order.name,
                    )
                )
            hours = order.company_id.dms_rush_sla_hours
            order._dms_write(
                {
                    "dms_rush": True,
                    "dms_rush_date": now,
                    "dms_rush_uid": self.env.uid,
                    "dms_rush_deadline": rush.sla_deadline(now, hours),
                }
            )
            order._dms_rush_prioritise()
            order.message_post(
                body=self.env._(
                    "Flagged as a rush order (加急) by %(user)s: to ship within %(hours)s hours.",
                    user=self.env.user.name,
                    hours=hours,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_dms_rush_remove(self):
        """The region or HQ takes the rush flag off (it frees the dealer's quota)."""
        if not (self.env.su or any(self.env.user.has_group(g) for g in RUSH_MANAGERS)):
            raise AccessError(self.env._("Only the regional manager or HQ may take the rush flag off an order."))
        orders = self._dms_check_actor()
        for order in orders.filtered("dms_rush"):
            order._dms_write({"dms_rush": False, "dms_rush_deadline": False})
            order.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel")).write({"priority": "0"})
            order.message_post(
                body=self.env._("Rush flag taken off by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _dms_rush_prioritise(self):
        """Open deliveries of rush orders are urgent for the warehouse (core sorts pickings by priority)."""
        pickings = self.filtered("dms_rush").sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if pickings:
            pickings.write({"priority": "1"})

    def _action_confirm(self):
        res = super()._action_confirm()
        self._dms_rush_prioritise()
        return res
