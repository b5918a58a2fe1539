# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tools import workflow

_lt = LazyTranslate(__name__)

DMS_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("review", "Under Review"),
    ("rejected", "Rejected"),
    ("approved", "Approved"),
    ("credit_hold", "Credit Hold"),
    ("confirmed", "Confirmed"),
    ("shipped", "Shipped"),
    ("signed", "Received"),
    ("cancel", "Cancelled"),
]

# Fields only the workflow (the engine, or trusted server code through it) writes.
DMS_PROTECTED_FIELDS = (
    "state",
    "locked",
    "dms_fingerprint",
    "dms_submit_date",
    "dms_submit_uid",
    "dms_approve_date",
    "dms_credit_hold_reason",
    "dms_credit_hold_date",
    "dms_credit_release_reason",
    "dms_credit_release_uid",
    "dms_credit_release_date",
    "dms_ship_date",
    "dms_signed_by_id",
    "dms_signed_date",
    "dms_signature",
    # price-floor approval of DMS pricing
    "dms_floor_approved",
    "dms_floor_approval_reason",
    "dms_floor_approved_by_id",
    "dms_floor_approved_date",
)

DMS_FLOOR_FIELDS = {
    "dms_floor_approved",
    "dms_floor_approval_reason",
    "dms_floor_approved_by_id",
    "dms_floor_approved_date",
}

# Line fields that make the price offered on a quotation (core and DMS pricing).
DMS_OFFERED_PRICE_FIELDS = (
    "price_unit",
    "technical_price_unit",
    "discount",
    "pricelist_item_id",
    "dms_price_policy_line_id",
    "dms_policy_price",
    "dms_price_source",
    "dms_price_explanation",
    "dms_price_floor",
)

# Order states in which an approval (or a hold, or a rejection) is open and a change starts again.
DMS_OPEN_STATES = ("submitted", "review", "approved", "rejected", "credit_hold")


class SaleOrder(models.Model):
    """Dealer order lifecycle: its workflow state, the entry points core uses to send and confirm, re-pricing.

    Each concern lives beside this file, on the same model: ``sale_order_approval`` (approval chain,
    fingerprint), ``sale_order_credit`` (credit check and hold), ``sale_order_territory`` (窜货 checks),
    ``sale_order_delivery`` (delivery and signed receipt), ``sale_order_timeline`` (steps shown to users),
    ``sale_order_handoff`` (activities).
    """

    _name = "sale.order"
    _inherit = ["sale.order", "dms.workflow.mixin"]

    _workflow_field = "dms_state"
    _workflow_protected_fields = DMS_PROTECTED_FIELDS

    dms_state = fields.Selection(
        DMS_STATES,
        string="Dealer Order Status",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        readonly=True,
    )
    dms_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    dms_submit_date = fields.Datetime(string="Submitted On", copy=False, readonly=True)
    dms_submit_uid = fields.Many2one("res.users", string="Submitted By", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition(
                "submit", ("draft", "rejected"), "submitted", kind=workflow.SUBMIT, label=_lt("Submit")
            ),
            workflow.Transition("review", ("submitted",), "review", label=_lt("Start review")),
            workflow.Transition(
                "auto_approve", ("submitted",), "approved", label=_lt("Approve (no approval required)")
            ),
            workflow.Transition("approve_step", ("review",), None, kind=workflow.APPROVE, label=_lt("Approve step")),
            workflow.Transition("approve", ("review",), "approved", kind=workflow.APPROVE, label=_lt("Approve")),
            workflow.Transition(
                "reject", ("review",), "rejected", kind=workflow.REJECT, reason=True, label=_lt("Reject")
            ),
            workflow.Transition("reset", DMS_OPEN_STATES, "draft", kind=workflow.RESET, label=_lt("Reset to draft")),
        ]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _dms_write(self, vals):
        """Write DMS bookkeeping (protected fields) from trusted server code."""
        return self.sudo()._workflow_write(vals)

    def _dms_engine_context(self, key, default=None):
        """A context value set by our own engine-marked calls; a client cannot send the mark."""
        if self.env.context.get(WORKFLOW_KEY) is ENGINE:
            return self.env.context.get(key, default)
        return default

    def _dms_as_engine(self):
        return self.with_context(**{WORKFLOW_KEY: ENGINE})

    def _dms_check_actor(self, operation="write"):
        """Whoever calls an action on these orders must be allowed to act on them.

        Portal users act on the orders of their own dealer only; back-office
        users as their record rules allow. Trusted server code (``sudo()``,
        e.g. the portal controllers after their own checks) has checked already.
        Returns the orders to act on: for a portal user, in superuser mode once
        ownership is proved (portal users read their orders through the portal).
        """
        if self.env.su or not self:
            return self
        user = self.env.user
        if user.share:
            dealer = user.partner_id.commercial_partner_id
            if any(order.partner_id.commercial_partner_id != dealer for order in self.sudo()):
                raise AccessError(
                    self.env._("You can only act on the orders of %(dealer)s.", dealer=dealer.display_name)
                )
            return self.sudo()
        self.check_access(operation)
        return self

    def _dms_state_label(self):
        self.ensure_one()
        return dict(self._fields["dms_state"]._description_selection(self.env))[self.dms_state]

    def _dms_is_dealer_order(self):
        self.ensure_one()
        return bool(self.dealer_id.is_dealer)

    def _dms_amount_company(self):
        self.ensure_one()
        return self.amount_total / (self.currency_rate or 1.0)

    # ------------------------------------------------------------------
    # Sending and confirming: core writes ``state`` and ``locked`` in these
    # entry points only; after our checks they run with the engine's mark.
    # ------------------------------------------------------------------
    def action_quotation_send(self):
        self.filtered(lambda o: o.state == "draft")._dms_check_approval_complete(sending=True)
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._dms_check_approval_complete(sending=True)
        res = super(SaleOrder, self._dms_as_engine()).action_quotation_sent()
        self._dms_store_fingerprint()
        return res

    def message_post(self, **kwargs):
        if not self.env.context.get("mark_so_as_sent"):
            return super().message_post(**kwargs)
        drafts = self.filtered(lambda o: o.state == "draft")
        drafts._dms_check_approval_complete(sending=True)
        res = super(SaleOrder, self._dms_as_engine()).message_post(**kwargs)
        drafts._dms_store_fingerprint()
        return res

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message:
            return message
        if self.id in self.env.cr.cache.get("dms_order_confirming_ids", ()):
            # checked by action_confirm before promotions were updated
            return False
        return self._dms_blocking_message()

    def action_confirm(self):
        """Confirm what passes the territory and credit checks; hold the rest.

        Orders over the credit limit are not confirmed and do not fail: they go
        to the credit-hold queue.  Cross-territory orders raise an alert and, in
        block mode, wait until the alert is authorised.  Confirmation keeps the
        prices offered on the quotation (see ``sale.order.line``).
        """
        for order in self:
            message = order._confirmation_error_message()
            if message:
                raise UserError(message)
        blocked = self._dms_check_cross_territory()
        passed, held = (self - blocked)._dms_credit_split()
        if held:
            held_orders = self.browse(list(held))
            held_orders._dms_set_credit_hold(held)
        if passed:
            # reward lines updated while confirming (sale_loyalty) do not reset the approvals
            confirming = self.env.cr.cache.setdefault("dms_order_confirming_ids", set())
            confirming.update(passed.ids)
            # the prices offered hold: confirming writes the order date, on which policy prices
            # depend, so the offered lines are kept out of that recomputation
            lines = passed.order_line.filtered(lambda line: not line.display_type and not line.reward_id)
            price_fields = [lines._fields[name] for name in DMS_OFFERED_PRICE_FIELDS]
            try:
                with self.env.protecting(price_fields, lines):
                    super(SaleOrder, passed._dms_as_engine()).action_confirm()
            finally:
                confirming.difference_update(passed.ids)
        return True

    def _action_confirm(self):
        res = super()._action_confirm()
        self._dms_write({"dms_state": "confirmed"})
        self.sudo().activity_unlink(["dms_order.mail_activity_dms_credit_hold"])
        return res

    def _action_cancel(self):
        res = super(SaleOrder, self._dms_as_engine())._action_cancel()
        self._dms_write({"dms_state": "cancel"})
        self.sudo().activity_unlink(["dms_order.mail_activity_dms_approval", "dms_order.mail_activity_dms_credit_hold"])
        self.sudo().dms_approval_ids.filtered(lambda a: a.state in ("waiting", "pending")).write({"state": "cancelled"})
        return res

    def action_draft(self):
        cancelled = self.filtered(lambda o: o.state == "cancel")
        res = super(SaleOrder, self._dms_as_engine()).action_draft()
        cancelled.filtered(lambda o: o.state == "draft")._dms_write(
            {"dms_state": "draft", "dms_approve_date": False, "dms_fingerprint": False}
        )
        return res

    def action_lock(self):
        self.check_access("write")
        return super(SaleOrder, self._dms_as_engine()).action_lock()

    def action_unlock(self):
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise AccessError(self.env._("Only sales managers can unlock orders."))
        self.check_access("write")
        return super(SaleOrder, self._dms_as_engine()).action_unlock()

    def _dms_approve_floor(self, reason):
        # DMS pricing's floor approval (its wizard checks the pricing manager) writes protected fields
        return super(SaleOrder, self._dms_as_engine())._dms_approve_floor(reason)

    # ------------------------------------------------------------------
    # Re-pricing: explicit, never a side effect of confirming
    # ------------------------------------------------------------------
    def action_dms_reprice(self):
        """Price the quotation again at today's prices and renew its validity; the chatter keeps old → new."""
        self._dms_check_actor()
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "Only quotations can be re-priced; %(order)s is confirmed or cancelled.", order=order.name
                    )
                )
        today = fields.Date.context_today(self)
        for order in self:
            old_total = order.amount_total
            # today's prices: policies and pricelists are resolved at the order date
            order.write({"date_order": fields.Datetime.now()})
            order._recompute_prices()
            days = order.company_id.quotation_validity_days
            order.write({"validity_date": today + timedelta(days=days) if days else False})
            order.message_post(
                body=self.env._(
                    "Re-priced at today's prices by %(user)s: %(old)s → %(new)s.",
                    user=self.env.user.name,
                    old=order.currency_id.format(old_total),
                    new=order.currency_id.format(order.amount_total),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def write(self, vals):
        if vals and set(vals) <= DMS_FLOOR_FIELDS and not any(vals.values()) and not self._workflow_is_engine():
            # revoking a price-floor approval grants nothing (DMS pricing voids it when a price is lowered)
            self = self._dms_as_engine()
        res = super().write(vals)
        self._dms_check_content()
        return res
