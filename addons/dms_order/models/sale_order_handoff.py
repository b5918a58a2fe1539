# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

CONFIRM_ACTIVITY = "dms_order.mail_activity_dms_confirm"
DELIVER_ACTIVITY = "dms_order.mail_activity_dms_deliver"


class SaleOrder(models.Model):
    """Hand-offs of a dealer order: whoever the order waits for gets an activity.

    Submitted: the approvers of the pending step (see ``_dms_activate_next_step``).
    Approved: the sales rep, who confirms it. Confirmed: the warehouse, on the delivery.
    Each activity is done when its step is taken (``_dms_activity_done``: kept done in the activity view,
    without Odoo's "activity done" message, which would say a second time what the chatter says already
    — the approval's note, the tracked status, the delivery's state — at a fifth of the step's cost), and
    dropped when the order goes back (changed, rejected, cancelled).
    """

    _inherit = "sale.order"

    def _workflow_after(self, transition, old_state, reason):
        res = super()._workflow_after(transition, old_state, reason)
        if transition.name in ("approve", "auto_approve"):
            self._dms_schedule_confirm_activity()
        elif transition.name in ("reset", "reject"):
            self.sudo().activity_unlink([CONFIRM_ACTIVITY])
        return res

    def _dms_get_confirmer(self):
        """Who confirms the approved order: its salesperson, else the dealer's rep, else the region's manager."""
        self.ensure_one()
        order = self.sudo()
        for user in (order.user_id, order.dealer_id.user_id, order.dealer_territory_id._dms_get_manager()[:1]):
            if user and user.active and not user.share:
                return user
        return self.env["res.users"]

    def _dms_schedule_confirm_activity(self):
        for order in self.sudo():
            if not order._dms_is_dealer_order():
                continue
            user = order._dms_get_confirmer()
            if user:
                order.activity_unlink([CONFIRM_ACTIVITY])
                order.activity_schedule(
                    CONFIRM_ACTIVITY,
                    user_id=user.id,
                    summary=self.env._("Confirm order %(order)s", order=order.name),
                )

    def _dms_schedule_delivery_activities(self):
        """The warehouse (Default User of the "Deliver Dealer Order" activity type) delivers."""
        activity_type = self.env.ref(DELIVER_ACTIVITY, raise_if_not_found=False)
        user = activity_type and activity_type.sudo().default_user_id
        if not user or not user.active:
            return
        for order in self.sudo():
            if not order._dms_is_dealer_order():
                continue
            deliveries = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
            )
            for picking in deliveries:
                picking.activity_schedule(
                    DELIVER_ACTIVITY,
                    user_id=user.id,
                    summary=self.env._("Deliver order %(order)s", order=order.name),
                )

    def _action_confirm(self):
        res = super()._action_confirm()
        self.sudo()._dms_activity_done([CONFIRM_ACTIVITY])
        self._dms_schedule_delivery_activities()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.sudo().activity_unlink([CONFIRM_ACTIVITY])
        self.sudo().picking_ids.activity_unlink([DELIVER_ACTIVITY])
        return res
