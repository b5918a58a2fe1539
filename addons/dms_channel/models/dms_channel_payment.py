# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

_lt = LazyTranslate(__name__)

PORTAL = ("dms_dealer.group_dms_portal_user",)


class DmsChannelPayment(models.Model):
    """A payment of a buyer to its seller, recorded and confirmed by the seller (never an account.payment)."""

    _name = "dms.channel.payment"
    _description = "Channel Payment"
    _inherit = ["mail.thread", "dms.workflow.mixin"]
    _order = "date desc, id desc"

    _workflow_protected_fields = ("name", "seller_id", "account_id", "confirmed_date", "confirmed_uid")
    _workflow_frozen_fields = ("buyer_id", "amount", "date", "method", "proof", "note", "order_id")
    _workflow_editable_states = ("draft",)

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancel", "Cancelled")],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )
    seller_id = fields.Many2one(
        "res.partner",
        string="Seller",
        readonly=True,
        index=True,
        default=lambda self: self.env.user.partner_id.commercial_partner_id,
    )
    buyer_id = fields.Many2one("res.partner", string="Buyer", required=True, index=True)
    account_id = fields.Many2one("dms.channel.account", string="Account", readonly=True, index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    currency_id = fields.Many2one(related="account_id.currency_id")
    amount = fields.Monetary(string="Amount", required=True, currency_field="currency_id")
    date = fields.Date(string="Payment Date", required=True, default=fields.Date.context_today)
    method = fields.Selection(
        [
            ("bank", "Bank Transfer"),
            ("cash", "Cash"),
            ("wechat", "WeChat Pay"),
            ("alipay", "Alipay"),
            ("other", "Other"),
        ],
        string="Method",
        required=True,
        default="bank",
    )
    proof = fields.Image(string="Proof", attachment=True, max_width=1920, max_height=1920)
    note = fields.Char(string="Note")
    order_id = fields.Many2one(
        "dms.channel.order",
        string="For Order",
        index="btree_not_null",
        help="The order this payment pays first; empty: it pays the oldest due orders.",
    )
    confirmed_date = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    confirmed_uid = fields.Many2one("res.users", string="Confirmed By", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_is_engine():
            # a client records payments of its own company's sales only: the seller is the caller's dealer
            for vals in vals_list:
                given = {"seller_id", "account_id"} & {key for key, value in vals.items() if value}
                if given:
                    raise AccessError(self.env._("The seller of a payment is the dealer who records it."))
            me = self.env.user.partner_id.commercial_partner_id
            payments = self._workflow_create([dict(vals, seller_id=me.id) for vals in vals_list])
            return payments.with_env(self.env)
        Account = self.env["dms.channel.account"]
        for vals in vals_list:
            if (vals.get("amount") or 0.0) <= 0:
                raise UserError(self.env._("A payment needs a positive amount."))
            seller = self.env["res.partner"].sudo().browse(vals.get("seller_id")).exists()
            buyer = self.env["res.partner"].sudo().browse(vals.get("buyer_id")).exists()
            if not seller or not buyer or not seller._channel_sells_to(buyer):
                raise AccessError(self.env._("Payments are recorded by the seller, for one of its customers."))
            vals["account_id"] = Account._channel_get(seller, buyer).id
            if vals.get("order_id"):
                order = self.env["dms.channel.order"].sudo().browse(vals["order_id"]).exists()
                if not order or order.seller_id != seller or order.buyer_id.commercial_partner_id != buyer:
                    raise AccessError(self.env._("A payment pays an order of the same seller and buyer only."))
        payments = super().create(vals_list)
        sequence = self.env["ir.sequence"].sudo()
        for payment in payments:
            payment._workflow_write({"name": sequence.next_by_code("dms.channel.payment") or "/"})
        return payments

    # ------------------------------------------------------------------
    # Workflow: the seller confirms (or cancels) what it recorded; the buyer only reads
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("confirm", ("draft",), "confirmed", PORTAL, workflow.OTHER, label=_lt("Confirm")),
            workflow.Transition(
                "cancel", ("draft", "confirmed"), "cancel", PORTAL, workflow.RESET, reason=True, label=_lt("Cancel")
            ),
        ]

    def _workflow_check(self, transition, reason):
        if self.env.uid == SUPERUSER_ID:
            return True
        if self.env.user.partner_id.commercial_partner_id != self.sudo().seller_id:
            raise AccessError(
                self.env._(
                    "Only the seller of %(payment)s can %(action)s it.",
                    payment=self.display_name,
                    action=self._workflow_transition_label(transition),
                )
            )
        return True

    def action_confirm(self):
        return self._workflow_apply(
            "confirm", vals={"confirmed_date": fields.Datetime.now(), "confirmed_uid": self.env.uid}
        )

    def action_cancel(self, reason=None):
        return self._workflow_apply("cancel", reason=reason)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(payment.state != "draft" for payment in self):
            raise UserError(self.env._("Only draft payments can be deleted."))
