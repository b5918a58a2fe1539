# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.dms_dealer.tools.workflow import APPROVE, OTHER, REJECT, RESET, SUBMIT, Transition

from ..tools import proof

FINANCE = "dms_dealer.group_dms_finance"


class DmsPrepaymentTopup(models.Model):
    """A dealer's top-up of its prepayment balance: a declared bank transfer with its proof
    (打款凭证) that finance confirms, or an online payment through a payment provider.

    Confirming posts one inbound ``account.payment`` to the company's advance account and one
    ``topup`` movement; both are unique per top-up, so a double click or two finance users at
    once credit the dealer once.
    """

    _name = "dms.prepayment.topup"
    _description = "Prepayment Top-up"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "dms.workflow.mixin"]
    _order = "id desc"

    _workflow_field = "state"
    _workflow_protected_fields = (
        "payment_id",
        "declared_uid",
        "declared_date",
        "confirm_uid",
        "confirm_date",
        "reject_reason",
    )
    _workflow_frozen_fields = (
        "partner_id",
        "company_id",
        "amount",
        "method",
        "transfer_date",
        "bank_reference",
        "proof",
        "proof_filename",
        "sale_order_id",
    )
    _workflow_editable_states = ("draft",)

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        domain="[('is_dealer', '=', True), ('is_company', '=', True)]",
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(currency_field="currency_id", required=True, tracking=True)
    method = fields.Selection(
        [("transfer", "Bank Transfer"), ("online", "Online Payment")],
        required=True,
        default="transfer",
        tracking=True,
    )
    transfer_date = fields.Date(default=fields.Date.context_today)
    bank_reference = fields.Char(help="Reference printed on the bank slip.")
    proof = fields.Binary(string="Payment Proof", attachment=True, copy=False)
    proof_filename = fields.Char(copy=False)
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Order to Pay",
        index="btree_not_null",
        copy=False,
        help="Once credited, the top-up pays this order from the prepayment balance.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Waiting for Finance"),
            ("confirmed", "Confirmed"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    declared_uid = fields.Many2one("res.users", string="Declared By", readonly=True, copy=False)
    declared_date = fields.Datetime(string="Declared On", readonly=True, copy=False)
    confirm_uid = fields.Many2one("res.users", string="Confirmed By", readonly=True, copy=False)
    confirm_date = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False, index="btree_not_null")
    transaction_ids = fields.One2many("payment.transaction", "dms_topup_id", string="Transactions")
    line_ids = fields.One2many("dms.prepayment.line", "topup_id", string="Movements")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A top-up amount must be positive."),
        ("payment_uniq", "UNIQUE(payment_id)", "A payment belongs to one top-up."),
    ]

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dms.prepayment.topup") or "/"
        return super().create(vals_list)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for topup in self:
            topup.access_url = f"/my/dms/prepayment/topups/{topup.id}"
        return res

    def _dms_token_guarded(self):
        # the token pays this dealer's top-up: only the dealer itself may read it
        return True

    @api.constrains("partner_id")
    def _check_partner_id(self):
        user = self.env.user
        for topup in self:
            if not topup.partner_id.is_dealer or topup.partner_id != topup.partner_id.commercial_partner_id:
                raise ValidationError(self.env._("A top-up is made by a dealer company."))
            if not self.env.su and user.share and topup.partner_id != user.partner_id.commercial_partner_id:
                raise AccessError(self.env._("You can only top up your own company's prepayment balance."))

    @api.constrains("proof")
    def _check_proof(self):
        for topup in self:
            if not topup.proof:
                continue
            raw = topup.with_context(bin_size=False).proof
            # the base64 text is measured before it is decoded (4 characters hold 3 bytes)
            if len(raw) > proof.MAX_PROOF_BYTES * 4 // 3 + 4:
                raise ValidationError(self._dms_proof_message(proof.TOO_LARGE))
            try:
                data = base64.b64decode(raw, validate=False)
            except (binascii.Error, ValueError):
                raise ValidationError(self._dms_proof_message(proof.BAD_TYPE)) from None
            _mimetype, problem = proof.check(data)
            if problem:
                raise ValidationError(self._dms_proof_message(problem))

    @api.constrains("sale_order_id", "partner_id")
    def _check_sale_order_id(self):
        for topup in self.filtered("sale_order_id"):
            if topup.sale_order_id.sudo().dealer_id != topup.partner_id:
                raise ValidationError(self.env._("A top-up can only pay an order of its own dealer."))

    @api.model
    def _dms_proof_message(self, code):
        if code == proof.TOO_LARGE:
            return self.env._(
                "The payment proof is too large: send at most %(size)s MB.",
                size=proof.MAX_PROOF_BYTES // (1024 * 1024),
            )
        if code == proof.EMPTY:
            return self.env._("The payment proof is empty.")
        return self.env._("The payment proof must be a photo (JPEG, PNG) or a PDF.")

    # ------------------------------------------------------------------ workflow
    def _workflow_transitions(self):
        return [
            Transition("submit", ("draft",), "submitted", kind=SUBMIT, label=self.env._("Declare")),
            Transition("confirm", ("submitted",), "confirmed", (FINANCE,), APPROVE, label=self.env._("Confirm")),
            Transition("reject", ("submitted",), "rejected", (FINANCE,), REJECT, True, self.env._("Reject")),
            Transition("cancel", ("draft", "submitted"), "cancel", kind=RESET, label=self.env._("Withdraw")),
            # only the payment post-processing, as the system (no group can ask for it)
            Transition("credit_online", ("draft",), "confirmed", ("base.group_no_one",), OTHER),
        ]

    def _workflow_check(self, transition, reason):
        self.ensure_one()
        if transition.name == "submit":
            if self.method != "transfer":
                raise UserError(self.env._("An online top-up is confirmed by its payment, not declared."))
            if not self.proof:
                raise UserError(self.env._("Attach the payment proof (打款凭证) of the bank transfer."))
        if transition.name == "credit_online" and self.method != "online":
            raise UserError(self.env._("Only an online top-up is credited by a payment provider."))
        if transition.name in ("confirm", "credit_online"):
            self.company_id._dms_prepayment_get_config()
        return True

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "submit":
            self._workflow_write({"declared_uid": self.env.uid, "declared_date": fields.Datetime.now()})
            self._dms_notify_finance()
        elif transition.name == "reject":
            self._workflow_write({"reject_reason": reason})
            self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _dms_notify_finance(self):
        """A To-Do for finance users (one user is enough: the first that can confirm)."""
        finance = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(FINANCE).id),
                    ("share", "=", False),
                    ("id", "!=", self.env.uid),
                    ("company_ids", "in", self.company_id.id),
                ],
                limit=1,
            )
        )
        if finance:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=finance.id,
                summary=self.env._("Confirm the top-up %(name)s", name=self.name),
            )

    def action_submit(self):
        return self._workflow_apply("submit")

    def action_confirm(self):
        """Finance confirms a declared transfer: posts the payment and credits the balance, once."""
        self._workflow_apply("confirm")
        for topup in self:
            topup._dms_credit(topup._dms_create_payment())
            topup._workflow_write({"confirm_uid": self.env.uid, "confirm_date": fields.Datetime.now()})
            topup.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reject(self, reason=None):
        return self._workflow_apply("reject", reason=reason)

    def action_open_reject_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Top-up"),
            "res_model": "dms.prepayment.topup.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"active_id": self.id},
        }

    def action_cancel(self):
        return self._workflow_apply("cancel")

    # ------------------------------------------------------------------ money
    def _dms_prepare_payment_vals(self):
        self.ensure_one()
        config = self.company_id._dms_prepayment_get_config()
        journal = config["journal"]
        method_line = journal.inbound_payment_method_line_ids[:1]
        return {
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": self.partner_id.id,
            "amount": self.amount,
            "currency_id": self.currency_id.id,
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "payment_method_line_id": method_line.id,
            "destination_account_id": config["account"].id,
            "date": self.transfer_date or fields.Date.context_today(self),
            "memo": " ".join(filter(None, [self.name, self.bank_reference])),
        }

    def _dms_create_payment(self):
        self.ensure_one()
        # the payment is the company's: finance may not have every accounting right of the journal
        payment = self.env["account.payment"].sudo().create(self._dms_prepare_payment_vals())
        payment.action_post()
        return payment

    def _dms_credit(self, payment):
        """Record ``payment`` on this top-up and credit the dealer's balance (unique per top-up)."""
        self.ensure_one()
        self.partner_id._dms_prepayment_lock()
        self._workflow_write({"payment_id": payment.id})
        line = (
            self.env["dms.prepayment.line"]
            .sudo()
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "line_type": "topup",
                    "amount": payment.amount,
                    "topup_id": self.id,
                    "payment_id": payment.id,
                    "date": payment.date,
                    "name": self.env._("Top-up %(name)s", name=self.name),
                }
            )
        )
        if self.sale_order_id:
            order = self.sale_order_id.sudo()
            due = order._dms_prepayment_due()
            if order.currency_id.compare_amounts(due, 0.0) > 0 and order.state != "cancel":
                order._dms_prepayment_use(min(due, payment.amount))
        return line

    def _dms_credit_online(self, transaction):
        """Post-processing of a done transaction: confirm and credit the online top-up once."""
        self.ensure_one()
        if self.state != "draft" or not transaction.payment_id:
            return False
        system = self._workflow_as_system()
        system._workflow_apply("credit_online", reason=transaction.reference)
        system._dms_credit(transaction.payment_id)
        system._workflow_write({"confirm_date": fields.Datetime.now()})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(topup.state not in ("draft", "cancel") for topup in self):
            raise UserError(self.env._("Only draft or withdrawn top-ups can be deleted."))
