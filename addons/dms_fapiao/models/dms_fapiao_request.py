# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dms_dealer.tools.workflow import APPROVE, REJECT, RESET, SUBMIT, Transition

from ..tools import quota, taxid
from .res_partner import FAPIAO_FIELDS

FINANCE = "dms_dealer.group_dms_finance"
#: states whose lines count against an order's invoiced amount
COUNTED_STATES = ("requested", "issued")


class DmsFapiaoRequest(models.Model):
    """A dealer's request for a VAT invoice (发票: 普票 or 专票) on invoiced orders, issued by finance."""

    _name = "dms.fapiao.request"
    _description = "VAT Invoice Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "id desc"

    _workflow_field = "state"
    _workflow_protected_fields = (
        "fapiao_number",
        "fapiao_date",
        "fapiao_amount",
        "fapiao_pdf",
        "issue_uid",
        "reject_reason",
    )
    _workflow_frozen_fields = ("partner_id", "company_id", "fapiao_type", *[f"buyer_{n[11:]}" for n in FAPIAO_FIELDS])
    _workflow_editable_states = ("draft",)

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, domain="[('is_dealer', '=', True)]", tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    fapiao_type = fields.Selection(
        [("normal", "General VAT Invoice (普票)"), ("special", "Special VAT Invoice (专票)")],
        string="Invoice Type",
        required=True,
        default="normal",
        tracking=True,
    )
    buyer_title = fields.Char(string="Invoice Title (抬头)")
    buyer_tax_id = fields.Char(string="Taxpayer Number (税号)")
    buyer_bank = fields.Char(string="Bank (开户行)")
    buyer_account = fields.Char(string="Bank Account (账号)")
    buyer_address = fields.Char(string="Registered Address (地址)")
    buyer_phone = fields.Char(string="Registered Phone (电话)")
    line_ids = fields.One2many("dms.fapiao.request.line", "request_id", string="Orders", copy=False)
    amount = fields.Monetary(currency_field="currency_id", compute="_compute_amount", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("issued", "Issued"),
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
    fapiao_number = fields.Char(string="Invoice Number (发票号码)", readonly=True, copy=False, tracking=True)
    fapiao_date = fields.Date(string="Invoice Date", readonly=True, copy=False)
    fapiao_amount = fields.Monetary(string="Invoiced Amount", currency_field="currency_id", readonly=True, copy=False)
    fapiao_pdf = fields.Binary(string="Invoice PDF", attachment=True, readonly=True, copy=False)
    fapiao_pdf_filename = fields.Char(copy=False)
    issue_uid = fields.Many2one("res.users", string="Issued By", readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)

    @api.depends("line_ids.amount")
    def _compute_amount(self):
        for request in self:
            request.amount = sum(request.line_ids.mapped("amount"))

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dms.fapiao.request") or "/"
            partner = Partner.browse(vals.get("partner_id")).sudo()
            # the dealer's current invoicing details, unless given
            for name in FAPIAO_FIELDS:
                vals.setdefault(f"buyer_{name[11:]}", partner[name] or False)
        requests = super().create(vals_list)
        requests._dms_check_owner()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self._dms_check_owner()
        return res

    def _dms_check_owner(self):
        user = self.env.user
        for request in self:
            if not request.partner_id.is_dealer or request.partner_id != request.partner_id.commercial_partner_id:
                raise UserError(self.env._("A VAT invoice is requested by a dealer company."))
            if not self.env.su and user.share and request.partner_id != user.partner_id.commercial_partner_id:
                raise AccessError(self.env._("You can only request VAT invoices for your own company."))

    def _dms_check_editable(self):
        if not self._workflow_is_engine() and any(request.state != "draft" for request in self):
            raise UserError(self.env._("A sent VAT invoice request can no longer be changed."))

    # ------------------------------------------------------------------ workflow
    def _workflow_transitions(self):
        return [
            Transition("submit", ("draft",), "requested", kind=SUBMIT, label=self.env._("Request")),
            Transition("issue", ("requested",), "issued", (FINANCE,), APPROVE, label=self.env._("Issue")),
            Transition("reject", ("requested",), "rejected", (FINANCE,), REJECT, True, self.env._("Reject")),
            Transition("cancel", ("draft", "requested"), "cancel", kind=RESET, label=self.env._("Withdraw")),
        ]

    def _workflow_check(self, transition, reason):
        self.ensure_one()
        if transition.name == "submit":
            self._dms_check_details()
            self._dms_check_quota()
        return True

    def _dms_check_details(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Choose the orders to invoice."))
        if not self.buyer_title:
            raise UserError(self.env._("Enter the invoice title (抬头)."))
        problem = taxid.check(self.buyer_tax_id)
        if problem:
            raise UserError(self.env["res.partner"]._dms_fapiao_tax_id_message(problem, self.buyer_tax_id or ""))
        if self.fapiao_type == "special":
            missing = [
                self._fields[name].string
                for name in ("buyer_bank", "buyer_account", "buyer_address", "buyer_phone")
                if not self[name]
            ]
            if missing:
                raise UserError(
                    self.env._("A special VAT invoice (专票) needs: %(fields)s.", fields=", ".join(missing))
                )

    def _dms_check_quota(self):
        """Requests of an order never sum to more than what was invoiced (under the dealer lock)."""
        self.ensure_one()
        self.partner_id.commercial_partner_id._dms_credit_lock()
        currency = self.currency_id
        orders = self.line_ids.sale_order_id
        invoiced = orders._dms_fapiao_invoiced()
        requested = orders._dms_fapiao_requested(exclude=self)
        for line in self.line_ids:
            order = line.sale_order_id
            if quota.over_request(invoiced[order.id], requested[order.id], line.amount, currency.rounding):
                raise UserError(
                    self.env._(
                        "%(order)s: %(amount)s cannot be requested; %(left)s of its invoiced %(invoiced)s is left.",
                        order=order.name,
                        amount=currency.format(line.amount),
                        left=currency.format(quota.requestable(invoiced[order.id], requested[order.id])),
                        invoiced=currency.format(invoiced[order.id]),
                    )
                )

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "reject":
            self._workflow_write({"reject_reason": reason})
        if transition.name == "submit":
            finance = (
                self.env["res.users"]
                .sudo()
                .search([("groups_id", "in", self.env.ref(FINANCE).id), ("share", "=", False)], limit=1)
            )
            if finance:
                self.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=finance.id,
                    summary=self.env._("Issue the VAT invoice %(name)s", name=self.name),
                )
        if transition.name in ("issue", "reject", "cancel"):
            self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_submit(self):
        return self._workflow_apply("submit")

    def action_issue(self, number, date, amount=None, pdf=None, pdf_filename=None):
        """Finance records the VAT invoice issued in the tax system (number, date, amount, PDF)."""
        self.ensure_one()
        number = (number or "").strip()
        if not number:
            raise UserError(self.env._("Enter the number of the VAT invoice (发票号码)."))
        return self._workflow_apply(
            "issue",
            vals={
                "fapiao_number": number,
                "fapiao_date": date or fields.Date.context_today(self),
                "fapiao_amount": self.amount if amount is None else amount,
                "fapiao_pdf": pdf or False,
                "fapiao_pdf_filename": pdf_filename or False,
                "issue_uid": self.env.uid,
            },
        )

    def action_reject(self, reason=None):
        return self._workflow_apply("reject", reason=reason)

    def action_cancel(self):
        return self._workflow_apply("cancel")

    def action_open_issue_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Issue VAT Invoice"),
            "res_model": "dms.fapiao.issue",
            "view_mode": "form",
            "target": "new",
            "context": {"active_id": self.id, "default_amount": self.amount},
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(request.state not in ("draft", "cancel") for request in self):
            raise UserError(self.env._("Only draft or withdrawn VAT invoice requests can be deleted."))
