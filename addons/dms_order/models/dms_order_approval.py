# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .dms_order_approval_rule_step import APPROVER_TYPES

APPROVAL_STATES = [
    ("waiting", "Waiting"),
    ("pending", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class DmsOrderApproval(models.Model):
    """One step of an order's approval chain."""

    _name = "dms.order.approval"
    _description = "Order Approval"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    dealer_id = fields.Many2one(related="order_id.dealer_id", string="Dealer")
    dealer_territory_id = fields.Many2one(related="order_id.dealer_territory_id", string="Territory")
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount_total = fields.Monetary(related="order_id.amount_total", currency_field="currency_id")
    rule_id = fields.Many2one("dms.order.approval.rule", ondelete="set null")
    sequence = fields.Integer(default=10)
    approver_type = fields.Selection(APPROVER_TYPES, required=True)
    approver_user_ids = fields.Many2many(
        "res.users",
        "dms_order_approval_res_users_rel",
        "approval_id",
        "user_id",
        string="Approvers",
        help="Any one of these users decides this step.",
    )
    state = fields.Selection(APPROVAL_STATES, default="waiting", required=True, index=True)
    decided_uid = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_date = fields.Datetime(string="Decided On", readonly=True)
    comment = fields.Text()

    @api.depends("order_id.name", "approver_type")
    def _compute_display_name(self):
        types = dict(self._fields["approver_type"]._description_selection(self.env))
        for approval in self:
            approval.display_name = self.env._(
                "%(order)s: %(step)s",
                order=approval.order_id.name or self.env._("New"),
                step=types.get(approval.approver_type, ""),
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        # a decision is the audit trail of the order: it goes with the order, never alone
        if any(approval.state in ("approved", "rejected") for approval in self):
            raise UserError(self.env._("A decided approval step cannot be deleted."))

    def _check_can_decide(self):
        user = self.env.user
        for approval in self:
            if approval.state in ("approved", "rejected"):
                raise UserError(
                    self.env._(
                        "This approval step of %(order)s was already decided by %(user)s.",
                        order=approval.order_id.name,
                        user=approval.decided_uid.name,
                    )
                )
            if approval.state != "pending":
                raise UserError(
                    self.env._(
                        "This approval step of %(order)s is not awaiting a decision.", order=approval.order_id.name
                    )
                )
            if not self.env.su and user not in approval.approver_user_ids:
                raise AccessError(
                    self.env._("You are not an approver of this step of %(order)s.", order=approval.order_id.name)
                )

    def action_approve(self, comment=None):
        """Approve the current step; the next step (or the order) follows.

        One person approves one step of a chain, never a chain he submitted
        (the workflow engine's separation of duties, unless the company lifts it).
        """
        self._check_can_decide()
        for approval in self:
            # the approver was checked above; the engine keeps him as the acting user
            approval.order_id.sudo()._dms_approve_step(approval, comment)
        return True

    def action_reject(self, comment=None):
        """Reject the order at this step; a comment is required."""
        if not (comment or "").strip():
            raise UserError(self.env._("Please say why you reject the order."))
        self._check_can_decide()
        for approval in self:
            approval.order_id.sudo()._dms_reject_step(approval, comment)
        return True

    def action_open_decision(self):
        self.ensure_one()
        return self.order_id.action_dms_open_decision_wizard("approve", approval=self)

    def action_open_rejection(self):
        self.ensure_one()
        return self.order_id.action_dms_open_decision_wizard("reject", approval=self)

    def action_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }
