# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import credit


class SaleOrder(models.Model):
    """Credit of a dealer order: exposure, the row-locked credit check, the hold queue and its release."""

    _inherit = "sale.order"

    dms_credit_amount = fields.Monetary(
        string="Uninvoiced Credit Amount",
        compute="_compute_dms_credit_amount",
        store=True,
        currency_field="dms_company_currency_id",
        help="Part of this confirmed order not yet invoiced (draft or posted), in company currency.",
    )
    dms_credit_hold_reason = fields.Text(string="Credit Hold Reason", copy=False, readonly=True)
    dms_credit_hold_date = fields.Datetime(string="Held On", copy=False, readonly=True)
    dms_credit_release_reason = fields.Text(string="Release Reason", copy=False, readonly=True, tracking=True)
    dms_credit_release_uid = fields.Many2one("res.users", string="Released By", copy=False, readonly=True)
    dms_credit_release_date = fields.Datetime(string="Released On", copy=False, readonly=True)

    @api.depends(
        "state",
        "currency_rate",
        "order_line.price_total",
        "order_line.product_uom_qty",
        "order_line.qty_invoiced",
    )
    def _compute_dms_credit_amount(self):
        for order in self:
            if order.state != "sale":
                order.dms_credit_amount = 0.0
                continue
            amount = sum(
                credit.uninvoiced_amount(line.price_total, line.product_uom_qty, line.qty_invoiced)
                for line in order.order_line
                if not line.display_type
            )
            order.dms_credit_amount = amount / (order.currency_rate or 1.0)

    # ------------------------------------------------------------------
    # Credit
    # ------------------------------------------------------------------
    def _dms_credit_split(self):
        """Lock the dealers, then split orders into passed and held.

        Returns ``(passed orders, {held order id: reason text})``.
        """
        # finance's release of a held order, marked by the engine (a client cannot send the mark)
        bypass_ids = set(self._dms_engine_context("dms_credit_release_ids") or ())
        bypass = self.filtered(lambda o: not o._dms_is_dealer_order() or o.id in bypass_ids)
        to_check = self - bypass
        if not to_check:
            return self, {}
        passed = bypass
        held = {}
        for company, orders in to_check.grouped("company_id").items():
            dealers = orders.dealer_id
            dealers._dms_credit_lock()
            snapshot = dealers._dms_credit_snapshot(company)
            rounding = company.currency_id.rounding
            items = [
                (
                    order.id,
                    order.dealer_id.id,
                    snapshot["dealers"][order.dealer_id.id]["group_id"],
                    order._dms_amount_company(),
                )
                for order in orders.sorted("id")
            ]
            passed_ids, held_codes = credit.split(items, snapshot["dealers"], snapshot["groups"], rounding=rounding)
            passed |= self.browse(passed_ids)
            for order_id, code in held_codes.items():
                order = self.browse(order_id)
                held[order_id] = order._dms_credit_hold_message(code, snapshot)
        return passed, held

    def _dms_credit_hold_message(self, code, snapshot):
        self.ensure_one()
        data = snapshot["dealers"][self.dealer_id.id]
        currency = self.company_id.currency_id
        if code == credit.OVERDUE:
            return self.env._(
                "%(dealer)s has receivables overdue beyond the grace period (%(amount)s).",
                dealer=self.dealer_id.display_name,
                amount=currency.format(data["overdue"]),
            )
        if code == credit.OVER_GROUP_LIMIT:
            group = snapshot["groups"][data["group_id"]]
            return self.env._(
                "The related group of %(dealer)s would exceed its credit limit: exposure %(exposure)s "
                "+ this order %(amount)s > limit %(limit)s.",
                dealer=self.dealer_id.display_name,
                exposure=currency.format(group["exposure"]),
                amount=currency.format(self._dms_amount_company()),
                limit=currency.format(group["limit"]),
            )
        return self.env._(
            "%(dealer)s would exceed its credit limit: exposure %(exposure)s + this order %(amount)s > limit %(limit)s.",  # noqa: E501
            dealer=self.dealer_id.display_name,
            exposure=currency.format(data["exposure"]),
            amount=currency.format(self._dms_amount_company()),
            limit=currency.format(data["limit"]),
        )

    def _dms_set_credit_hold(self, reasons):
        now = fields.Datetime.now()
        finance = (
            self.env["res.users"]
            .sudo()
            .search([("groups_id", "in", self.env.ref("dms_dealer.group_dms_finance").id), ("share", "=", False)])
        )
        managers = self.dealer_territory_id._dms_get_managers()
        for order in self:
            reason = reasons[order.id]
            was_held = order.dms_state == "credit_hold"
            # the held content is what finance releases: a change sends the order back to draft
            order._dms_write(
                {
                    "dms_state": "credit_hold",
                    "dms_credit_hold_reason": reason,
                    "dms_credit_hold_date": now,
                    "dms_fingerprint": order.sudo().dms_fingerprint or order._dms_compute_fingerprint(),
                }
            )
            users = self.env["res.users"]
            if not was_held:
                users = finance.filtered(lambda u, o=order: o.company_id in u.company_ids) | managers.get(
                    order.dealer_territory_id.id, self.env["res.users"]
                )
            # the regional manager and finance are notified (and get an activity) the first time
            order.message_post(
                body=self.env._("Order put on credit hold: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
                partner_ids=users.partner_id.ids,
            )
            for user in users:
                order.sudo().activity_schedule(
                    "dms_order.mail_activity_dms_credit_hold",
                    user_id=user.id,
                    summary=self.env._("Credit hold: %(order)s", order=order.name),
                    note=reason,
                )

    def action_dms_credit_release(self, reason=None):
        """Finance releases a held order once, with a reason; the order is confirmed."""
        if not (self.env.su or self.env.user.has_group("dms_dealer.group_dms_finance")):
            raise AccessError(self.env._("Only finance may release orders on credit hold."))
        self._dms_check_actor()
        if not (reason or "").strip():
            raise UserError(self.env._("A reason is required to release an order from credit hold."))
        for order in self:
            if order.dms_state != "credit_hold":
                raise UserError(
                    self.env._(
                        "%(order)s is not on credit hold (status: %(state)s) and cannot be released.",
                        order=order.name,
                        state=order._dms_state_label(),
                    )
                )
        self._dms_write(
            {
                "dms_credit_release_reason": reason,
                "dms_credit_release_uid": self.env.uid,
                "dms_credit_release_date": fields.Datetime.now(),
            }
        )
        for order in self:
            order.message_post(
                body=self.env._(
                    "Released from credit hold by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.sudo()._dms_as_engine().with_context(dms_credit_release_ids=tuple(self.ids)).action_confirm()
        return True

    def action_dms_open_release_wizard(self):
        self.ensure_one()
        self._dms_check_actor("read")
        return self.action_dms_open_decision_wizard("release")

    def action_dms_grant_increase(self):
        self.ensure_one()
        self._dms_check_actor("read")
        info = self.dealer_id._dms_credit_info()
        shortfall = (info["exposure"] + self._dms_amount_company()) - info["limit"]
        return {
            "type": "ir.actions.act_window",
            "res_model": "dms.credit.increase",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.dealer_id.id,
                "default_order_id": self.id,
                "default_amount": max(shortfall, 0.0),
                "default_company_id": self.company_id.id,
            },
        }

    def action_dms_retry_credit(self):
        self._dms_check_actor()
        held = self.filtered(lambda o: o.dms_state == "credit_hold")
        if not held:
            raise UserError(self.env._("Only orders on credit hold can be checked again."))
        return held.action_confirm()
