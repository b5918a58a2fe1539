# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY
from odoo.addons.dms_dealer.tools import workflow

from ..tools import approval as approval_tools
from ..tools import credit
from ..tools import fingerprint as fingerprint_tools

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
    dms_credit_amount = fields.Monetary(
        string="Uninvoiced Credit Amount",
        compute="_compute_dms_credit_amount",
        store=True,
        currency_field="dms_company_currency_id",
        help="Part of this confirmed order not yet invoiced (draft or posted), in company currency.",
    )
    dms_submit_date = fields.Datetime(string="Submitted On", copy=False, readonly=True)
    dms_submit_uid = fields.Many2one("res.users", string="Submitted By", copy=False, readonly=True)
    dms_approve_date = fields.Datetime(string="Approved On", copy=False, readonly=True)
    dms_approval_ids = fields.One2many("dms.order.approval", "order_id", string="Approvals", copy=False)
    dms_approval_pending = fields.Boolean(
        string="Approval Pending", compute="_compute_dms_approval_pending", search="_search_dms_approval_pending"
    )
    dms_credit_hold_reason = fields.Text(string="Credit Hold Reason", copy=False, readonly=True)
    dms_credit_hold_date = fields.Datetime(string="Held On", copy=False, readonly=True)
    dms_credit_release_reason = fields.Text(string="Release Reason", copy=False, readonly=True, tracking=True)
    dms_credit_release_uid = fields.Many2one("res.users", string="Released By", copy=False, readonly=True)
    dms_credit_release_date = fields.Datetime(string="Released On", copy=False, readonly=True)
    dms_ship_date = fields.Datetime(string="Shipped On", copy=False, readonly=True)
    dms_signed_by_id = fields.Many2one("res.partner", string="Received By", copy=False, readonly=True)
    dms_signed_date = fields.Datetime(string="Received On", copy=False, readonly=True)
    dms_signature = fields.Image(
        string="Receipt Signature", copy=False, attachment=True, max_width=1024, max_height=1024
    )
    dms_fingerprint = fields.Char(
        string="Approved Content Fingerprint",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Hash of the content approved or sent to the customer; any change of it starts the approval again.",
    )
    dms_alert_ids = fields.One2many("dms.order.alert", "order_id", string="Alerts", copy=False)
    dms_alert_count = fields.Integer(compute="_compute_dms_alert_count")

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

    def _compute_dms_approval_pending(self):
        for order in self:
            order.dms_approval_pending = any(a.state == "pending" for a in order.dms_approval_ids)

    def _search_dms_approval_pending(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on pending approvals."))
        domain = [
            ("dms_approval_ids.state", "=", "pending"),
            ("dms_approval_ids.approver_user_ids", "in", self.env.uid),
        ]
        positive = (operator == "=") == value
        if positive:
            return domain
        return [("id", "not in", self.sudo()._search(domain))]

    def _compute_dms_alert_count(self):
        counts = dict(
            self.env["dms.order.alert"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.dms_alert_count = counts.get(order, 0)

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
    # Approvals
    # ------------------------------------------------------------------
    def _dms_get_approval_facts(self):
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: not line.display_type)
        below_floor = any(line.dms_below_floor for line in lines) if "dms_below_floor" in lines._fields else False
        return {
            "amount": self._dms_amount_company(),
            "max_discount": max(lines.mapped("discount"), default=0.0),
            "level_id": self.dealer_id.dealer_level_id.id,
            "territory_path": self.dealer_id.sudo().territory_id.parent_path or "",
            "below_floor": below_floor,
        }

    def _dms_get_approval_chain(self):
        """Mapping order -> list of (rule, step) it needs, in approval order."""
        Rule = self.env["dms.order.approval.rule"].sudo()
        result = {}
        rules_by_company = {}
        for order in self:
            company = order.company_id
            if company not in rules_by_company:
                rules = Rule.search(Rule._get_applicable_rules_domain(company))
                steps = rules.step_ids
                rules_by_company[company] = (rules, [rule._prepare_match_conditions() for rule in rules], steps)
            rules, conditions, steps = rules_by_company[company]
            if not rules or not order._dms_is_dealer_order():
                result[order] = []
                continue
            chain = approval_tools.build_chain(conditions, order._dms_get_approval_facts())
            pairs = []
            for index, key in chain:
                rule = rules[index]
                step = next(s for s in rule.step_ids if s._get_step_key() == key)
                pairs.append((rule, step))
            result[order] = pairs
        return result

    def _dms_resolve_approvers(self, step):
        """Users who may decide ``step`` for this order."""
        self.ensure_one()
        Users = self.env["res.users"].sudo()

        def members(xmlid):
            return Users.search(
                [
                    ("groups_id", "in", self.env.ref(xmlid).id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ]
            )

        if step.approver_type == "region_manager":
            users = self.dealer_territory_id._dms_get_manager()
        elif step.approver_type == "hq":
            users = members("dms_dealer.group_dms_hq_manager")
        elif step.approver_type == "finance":
            users = members("dms_dealer.group_dms_finance")
        else:
            users = step.user_ids
        users = users.filtered(lambda u: u.active and not u.share)
        if not users:
            # nobody in that role: HQ decides
            users = members("dms_dealer.group_dms_hq_manager")
        return users

    def _prepare_dms_approval_vals(self, rule, step, sequence):
        self.ensure_one()
        return {
            "order_id": self.id,
            "rule_id": rule.id,
            "sequence": sequence,
            "approver_type": step.approver_type,
            "approver_user_ids": [fields.Command.set(self._dms_resolve_approvers(step).ids)],
            "state": "waiting",
        }

    def _dms_approval_blocking_message(self):
        """Why the order may not be confirmed or sent yet, or False."""
        self.ensure_one()
        if self.dms_state in ("approved", "credit_hold"):
            return False
        chain = self._dms_get_approval_chain()[self]
        if not chain:
            return False
        if self.dms_state == "review":
            pending = self.dms_approval_ids.filtered(lambda a: a.state == "pending")
            return self.env._(
                "%(order)s is waiting for approval by %(approvers)s.",
                order=self.name,
                approvers=", ".join(pending.approver_user_ids.mapped("name")) or "-",
            )
        return self.env._(
            "%(order)s needs approval (%(rules)s) before it can be confirmed or sent to the customer: submit it first.",
            order=self.name,
            rules=", ".join(dict.fromkeys(rule.name for rule, _step in chain)),
        )

    # ------------------------------------------------------------------
    # Fingerprint of the approved / offered content
    # ------------------------------------------------------------------
    def _dms_compute_fingerprint(self):
        self.ensure_one()
        order = self.sudo()
        header = [
            order.partner_id.id,
            order.partner_invoice_id.id,
            order.partner_shipping_id.id,
            order.pricelist_id.id,
            order.currency_id.id,
            order.company_id.id,
        ]
        lines = [
            fingerprint_tools.line_key(
                line.product_id.id,
                line.product_uom_qty,
                line.product_uom.id,
                line.product_packaging_qty,
                line.price_unit,
                line.discount,
                line.tax_id.ids,
            )
            for line in order.order_line
            if not line.display_type
        ]
        return fingerprint_tools.fingerprint(header, lines)

    def _dms_content_changed(self):
        """Whether the content differs from what was approved or sent."""
        self.ensure_one()
        # computing may recompute lines and reset the order on the way: read what is stored afterwards
        current = self._dms_compute_fingerprint()
        stored = self.sudo().dms_fingerprint
        return bool(stored) and stored != current

    def _dms_check_content(self):
        """After any change: approved, reviewed, held or sent quotations whose content changed start again."""
        if not self:
            return
        confirming = self.env.cr.cache.get("dms_order_confirming_ids", ())
        orders = self.sudo().filtered(
            lambda o: o.dms_fingerprint and o.state in ("draft", "sent") and o.id not in confirming
        )
        changed = orders.filtered(lambda o: o._dms_content_changed())
        if changed:
            changed._dms_reset_approvals()

    def _dms_store_fingerprint(self):
        """Sent quotations keep the content that was offered."""
        for order in self.filtered(lambda o: o.state == "sent" and not o.sudo().dms_fingerprint):
            order._dms_write({"dms_fingerprint": order._dms_compute_fingerprint()})

    def _dms_blocking_message(self, sending=False):
        """Why the order may not be confirmed (or sent, with ``sending``) now, or False."""
        self.ensure_one()
        message = self._dms_approval_blocking_message()
        if message:
            return message
        if self._dms_content_changed():
            return self.env._("%(order)s was changed after it was approved or sent: submit it again.", order=self.name)
        if not self._dms_is_dealer_order():
            return False
        message = self._dms_assortment_message()
        if message:
            return message
        if float_compare(self.amount_total, 0.0, precision_rounding=self.currency_id.rounding or 0.01) < 0:
            return self.env._(
                "The total of %(order)s is negative (%(amount)s): an order never goes below zero.",
                order=self.name,
                amount=self.currency_id.format(self.amount_total),
            )
        expired = self.validity_date and self.validity_date < fields.Date.context_today(self)
        if not sending and self.dms_state != "credit_hold" and expired:
            return self.env._(
                "%(order)s is past its validity date (%(date)s): re-price it before confirming it.",
                order=self.name,
                date=self.validity_date,
            )
        return False

    def _dms_assortment_lines(self):
        """Lines whose product must be in the dealer's assortment: goods the dealer chose
        (not notes, services, promotion rewards or rebate wallet lines)."""
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id and line.product_id.type != "service"
        )
        if "reward_id" in lines._fields:
            lines = lines.filtered(lambda line: not line.reward_id)
        return lines

    def _dms_assortment_message(self):
        """Why the dealer may not buy some products of the order (naming them), or False."""
        self.ensure_one()
        if not self.dealer_id:
            return False
        products = self._dms_assortment_lines().product_id
        return self.env["dms.assortment"]._get_refusal_message(self.dealer_id, products, self.company_id)

    def _dms_check_approval_complete(self, sending=False):
        for order in self:
            message = order._dms_blocking_message(sending=sending)
            if message:
                raise UserError(message)

    def action_dms_submit(self):
        """Submit the order for review (dealer in the portal or staff in the back office)."""
        self = self._dms_check_actor()
        for order in self:
            if order.state not in ("draft", "sent") or order.dms_state not in ("draft", "rejected"):
                raise UserError(
                    self.env._(
                        "Only draft orders can be submitted; %(order)s is %(state)s.",
                        order=order.name,
                        state=order._dms_state_label(),
                    )
                )
            if not order.order_line.filtered(lambda line: not line.display_type):
                raise UserError(
                    self.env._("Add at least one product to %(order)s before submitting it.", order=order.name)
                )
            message = order._dms_is_dealer_order() and order._dms_assortment_message()
            if message:
                raise UserError(message)
        now = fields.Datetime.now()
        # the caller was checked above; the engine keeps the caller as submitter (separation of duties)
        for order in self.sudo():
            order._workflow_apply(
                "submit",
                vals={
                    "dms_submit_date": now,
                    "dms_submit_uid": self.env.uid,
                    "dms_fingerprint": order._dms_compute_fingerprint(),
                },
            )
        self.sudo()._dms_start_review()
        return True

    def _dms_start_review(self):
        chains = self._dms_get_approval_chain()
        vals_list = []
        auto = self.browse()
        for order in self:
            chain = chains[order]
            if not chain:
                auto |= order
                continue
            vals_list += [
                order._prepare_dms_approval_vals(rule, step, sequence)
                for sequence, (rule, step) in enumerate(chain, start=1)
            ]
        now = fields.Datetime.now()
        for order in auto:
            order._workflow_apply(
                "auto_approve", vals={"dms_approve_date": now, "dms_fingerprint": order._dms_compute_fingerprint()}
            )
            order.message_post(body=self.env._("No approval required."), subtype_xmlid="mail.mt_note")
        if vals_list:
            approvals = self.env["dms.order.approval"].sudo().create(vals_list)
            for order in approvals.order_id:
                order._workflow_apply("review")
                order._dms_activate_next_step()

    def _dms_activate_next_step(self):
        """Make the next waiting step pending and ask its approvers."""
        self.ensure_one()
        waiting = self.dms_approval_ids.filtered(lambda a: a.state == "waiting").sorted("sequence")
        if not waiting:
            return False
        step = waiting[0]
        step.state = "pending"
        for user in step.approver_user_ids:
            self.activity_schedule(
                "dms_order.mail_activity_dms_approval",
                user_id=user.id,
                summary=self.env._("Approve order %(order)s", order=self.name),
            )
        return step

    def _dms_approve_step(self, approval, comment=None):
        """``approval`` (a pending step of this order) is approved by the current user.

        The engine checks separation of duties: the submitter never approves,
        and each step of one chain needs another person.
        """
        self.ensure_one()
        if self._dms_content_changed():
            raise UserError(
                self.env._("%(order)s was changed after it was submitted: it must be submitted again.", order=self.name)
            )
        last = not (self.dms_approval_ids - approval).filtered(lambda a: a.state == "waiting")
        now = fields.Datetime.now()
        vals = {}
        if last:
            vals = {"dms_approve_date": now, "dms_fingerprint": self._dms_compute_fingerprint()}
        self._workflow_apply("approve" if last else "approve_step", reason=comment, vals=vals)
        approval.sudo().write(
            {"state": "approved", "decided_uid": self.env.uid, "decided_date": now, "comment": comment or False}
        )
        self._dms_after_approval(approval)

    def _dms_reject_step(self, approval, comment):
        self.ensure_one()
        self._workflow_apply("reject", reason=comment)
        approval.sudo().write(
            {
                "state": "rejected",
                "decided_uid": self.env.uid,
                "decided_date": fields.Datetime.now(),
                "comment": comment,
            }
        )
        self._dms_after_rejection(approval)

    def _dms_after_approval(self, approval):
        self.ensure_one()
        self.activity_unlink(["dms_order.mail_activity_dms_approval"])
        steps = dict(approval._fields["approver_type"]._description_selection(self.env))
        step_label = steps[approval.approver_type]
        suffix = f": {approval.comment}" if approval.comment else ""
        self.message_post(
            body=self.env._(
                "Approved by %(user)s (%(step)s)%(comment)s",
                user=approval.decided_uid.name,
                step=step_label,
                comment=suffix,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if not self._dms_activate_next_step():
            self._dms_approve_price_floor()

    def _dms_approve_price_floor(self):
        """A completed chain that covered a price-floor rule also approves the floor breach (DMS pricing)."""
        self.ensure_one()
        approvals = self.dms_approval_ids.filtered(lambda a: a.state == "approved")
        if (
            "dms_floor_approved" in self._fields
            and not self.dms_floor_approved
            and any(approvals.rule_id.mapped("price_floor_breach"))
        ):
            comments = "; ".join(a.comment for a in approvals if a.comment)
            suffix = f": {comments}" if comments else ""
            self._dms_approve_floor(self.env._("Approved through the approval chain%(comments)s", comments=suffix))

    def _dms_after_rejection(self, approval):
        self.ensure_one()
        self.activity_unlink(["dms_order.mail_activity_dms_approval"])
        self.dms_approval_ids.filtered(lambda a: a.state in ("waiting", "pending")).write({"state": "cancelled"})
        self.message_post(
            body=self.env._(
                "Rejected by %(user)s: %(comment)s", user=approval.decided_uid.name, comment=approval.comment
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _dms_reset_approvals(self):
        """An approved (or reviewed, held, rejected or sent) quotation was changed: start again."""
        orders = self.sudo().filtered(lambda o: o.state in ("draft", "sent"))
        if not orders:
            return
        in_cycle = orders.filtered(lambda o: o.dms_state in DMS_OPEN_STATES)
        # forget the fingerprint first: the writes below must not find the change again
        orders._dms_write({"dms_fingerprint": False})
        orders.dms_approval_ids.filtered(lambda a: a.state != "cancelled").write({"state": "cancelled"})
        orders.activity_unlink(["dms_order.mail_activity_dms_approval", "dms_order.mail_activity_dms_credit_hold"])
        # an edited sent quotation is not the offer any more
        orders.filtered(lambda o: o.state == "sent")._workflow_write({"state": "draft"})
        for order in in_cycle:
            order._workflow_apply("reset", vals={"dms_approve_date": False})
        for order in orders:
            if order in in_cycle:
                body = self.env._("The order was changed: its approvals are reset and it must be submitted again.")
            else:
                body = self.env._("The quotation was changed after it was sent: it is a draft again.")
            order.message_post(body=body, subtype_xmlid="mail.mt_note")

    def action_dms_open_decision_wizard(self, mode, approval=None):
        self.ensure_one()
        self._dms_check_actor("read")
        if isinstance(approval, int):
            approval = self.env["dms.order.approval"].browse(approval)
        if approval and approval.order_id != self:
            raise UserError(self.env._("This approval step is not one of %(order)s.", order=self.name))
        titles = {
            "approve": self.env._("Approve %(order)s", order=self.name),
            "reject": self.env._("Reject %(order)s", order=self.name),
            "release": self.env._("Release %(order)s from Credit Hold", order=self.name),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles.get(mode, self.name),
            "res_model": "dms.order.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_mode": mode,
                "default_approval_id": approval.id if approval else False,
            },
        }

    def _dms_my_pending_approval(self):
        self.ensure_one()
        return self.dms_approval_ids.filtered(lambda a: a.state == "pending" and self.env.user in a.approver_user_ids)

    def action_dms_approve(self):
        self.ensure_one()
        self._dms_check_actor("read")
        approval = self._dms_my_pending_approval() or self.dms_approval_ids.filtered(lambda a: a.state == "pending")
        if not approval:
            raise UserError(self.env._("%(order)s has no approval step awaiting a decision.", order=self.name))
        return self.action_dms_open_decision_wizard("approve", approval=approval[:1])

    def action_dms_reject(self):
        self.ensure_one()
        self._dms_check_actor("read")
        approval = self._dms_my_pending_approval() or self.dms_approval_ids.filtered(lambda a: a.state == "pending")
        if not approval:
            raise UserError(self.env._("%(order)s has no approval step awaiting a decision.", order=self.name))
        return self.action_dms_open_decision_wizard("reject", approval=approval[:1])

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
            lines = passed.order_line.filtered(lambda line: not line.display_type)
            if "reward_id" in lines._fields:
                lines = lines.filtered(lambda line: not line.reward_id)
            price_fields = [lines._fields[name] for name in DMS_OFFERED_PRICE_FIELDS if name in lines._fields]
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

    # ------------------------------------------------------------------
    # Cross-territory
    # ------------------------------------------------------------------
    def _dms_check_cross_territory(self):
        """Flag ship-to addresses outside the dealer's authorised territories.

        Returns the orders that must not be confirmed (block mode, not authorised).
        """
        Alert = self.env["dms.order.alert"].sudo()
        # the address lies wherever it lies: match against every territory
        Territory = self.env["dms.territory"].sudo()
        blocked = self.browse()
        existing = Alert.search_fetch(
            [("order_id", "in", self.ids), ("alert_type", "=", "cross_territory")], ["order_id", "state"]
        )
        existing_by_order = existing.grouped("order_id")
        new_vals = []
        for order in self:
            if not order._dms_is_dealer_order():
                continue
            dealer = order.dealer_id.sudo()
            authorized = dealer._get_authorized_territories()
            ship = order.partner_shipping_id
            if not authorized or not ship:
                continue
            matched = Territory._match_address(ship.country_id, ship.state_id, ship.zip)
            if not matched or authorized._covers(matched):
                continue
            alerts = existing_by_order.get(order, Alert)
            if any(a.state == "authorized" for a in alerts):
                continue
            if not alerts.filtered(lambda a: a.state == "new"):
                new_vals.append(Alert._prepare_cross_territory_vals(order, matched, authorized))
            if order.company_id.dms_cross_territory_mode == "block":
                blocked |= order
        if new_vals:
            alerts = Alert.create(new_vals)
            alerts._notify_responsible()
            for alert in alerts:
                alert.order_id.message_post(body=alert.evidence, subtype_xmlid="mail.mt_note")
        for order in blocked:
            order.message_post(
                body=self.env._(
                    "Not confirmed: the ship-to address is outside the dealer's authorised territories. "
                    "The alert must be authorised first."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return blocked

    def action_dms_view_alerts(self):
        self.ensure_one()
        self._dms_check_actor("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_order.action_dms_order_alert")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Delivery and receipt
    # ------------------------------------------------------------------
    def _dms_stock_lines(self):
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: (
                not line.display_type and line.qty_delivered_method == "stock_move" and line.product_uom_qty > 0
            )
        )

    def _dms_update_shipping_state(self):
        """Shipped when every stocked line is fully delivered; returns undo it."""
        for order in self.filtered(lambda o: o.state == "sale" and o.dms_state in ("confirmed", "shipped")):
            lines = order._dms_stock_lines()
            if not lines:
                continue
            delivered = all(
                float_compare(line.qty_delivered, line.product_uom_qty, precision_rounding=line.product_uom.rounding)
                >= 0
                for line in lines
            )
            if delivered and order.dms_state == "confirmed":
                order._dms_write({"dms_state": "shipped", "dms_ship_date": fields.Datetime.now()})
            elif not delivered and order.dms_state == "shipped":
                order._dms_write({"dms_state": "confirmed", "dms_ship_date": False})
                order.message_post(
                    body=self.env._("Not fully delivered any more (return or change): back to confirmed."),
                    subtype_xmlid="mail.mt_note",
                )

    def action_dms_confirm_receipt(self, signed_by, signature=None):
        """The dealer confirms receipt of a shipped order.

        :param signed_by: res.partner who signs; must belong to the order's dealer
        :param signature: optional base64 image
        """
        self.ensure_one()
        portal = not self.env.su and self.env.user.share
        self = self._dms_check_actor()
        if isinstance(signed_by, int):
            signed_by = self.env["res.partner"].browse(signed_by)
        if portal and signed_by != self.env.user.partner_id:
            raise AccessError(self.env._("You can only confirm a receipt in your own name."))
        if self.dms_state != "shipped":
            raise UserError(
                self.env._(
                    "%(order)s cannot be signed for: it is %(state)s, not shipped.",
                    order=self.name,
                    state=self._dms_state_label(),
                )
            )
        if not signed_by or signed_by.commercial_partner_id != self.dealer_id:
            raise AccessError(
                self.env._(
                    "Only a person of %(dealer)s may confirm receipt of %(order)s.",
                    dealer=self.dealer_id.display_name,
                    order=self.name,
                )
            )
        self._dms_write(
            {
                "dms_state": "signed",
                "dms_signed_by_id": signed_by.id,
                "dms_signed_date": fields.Datetime.now(),
                "dms_signature": signature or False,
            }
        )
        self.message_post(
            body=self.env._("Receipt confirmed by %(person)s.", person=signed_by.name), subtype_xmlid="mail.mt_note"
        )
        return True

    def _dms_get_timeline(self):
        """Steps of the order for the back office and the portal.

        Each step: ``{"key", "label", "done", "current", "date", "by", "note"}``.
        """
        self.ensure_one()
        order = self.sudo()
        _ = self.env._
        state = order.dms_state
        rank = {
            "draft": 0,
            "rejected": 1,
            "submitted": 1,
            "review": 2,
            "approved": 3,
            "credit_hold": 3,
            "confirmed": 4,
            "shipped": 5,
            "signed": 6,
            "cancel": -1,
        }[state]
        approvals = order.dms_approval_ids.filtered(lambda a: a.state != "cancelled")
        decided = approvals.filtered(lambda a: a.state in ("approved", "rejected")).sorted("decided_date")
        steps = [
            {
                "key": "submitted",
                "label": _("Submitted"),
                "done": rank >= 1,
                "current": state in ("submitted", "rejected"),
                "date": order.dms_submit_date or False,
                "by": order.dms_submit_uid.name or "",
                "note": "",
            },
            {
                "key": "review",
                "label": _("Review"),
                "done": rank >= 3,
                "current": state in ("review", "rejected"),
                "date": decided[-1:].decided_date or False,
                "by": ", ".join(decided.decided_uid.mapped("name")),
                "note": "; ".join(a.comment for a in decided if a.comment),
            },
            {
                "key": "approved",
                "label": _("Approved"),
                "done": rank >= 3,
                "current": state == "approved",
                "date": order.dms_approve_date or False,
                "by": "",
                "note": "",
            },
        ]
        if order.dms_credit_hold_date:
            steps.append(
                {
                    "key": "credit_hold",
                    "label": _("Credit Hold"),
                    "done": bool(order.dms_credit_release_date) or rank >= 4,
                    "current": state == "credit_hold",
                    "date": order.dms_credit_hold_date,
                    "by": order.dms_credit_release_uid.name or "",
                    "note": order.dms_credit_release_reason or order.dms_credit_hold_reason or "",
                }
            )
        steps.append(
            {
                "key": "confirmed",
                "label": _("Confirmed"),
                "done": rank >= 4,
                "current": state == "confirmed",
                "date": order.date_order if rank >= 4 else False,
                "by": order.user_id.name or "" if rank >= 4 else "",
                "note": "",
            }
        )
        pickings = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
        for picking in pickings.sorted("id"):
            reference = ""
            if "carrier_tracking_ref" in picking._fields:
                reference = picking.carrier_tracking_ref or ""
            steps.append(
                {
                    "key": f"delivery_{picking.id}",
                    "label": _("Delivery %(name)s", name=picking.name),
                    "done": picking.state == "done",
                    "current": False,
                    "date": picking.date_done or picking.scheduled_date or False,
                    "by": "",
                    "note": reference or picking.name,
                }
            )
        steps += [
            {
                "key": "shipped",
                "label": _("Shipped"),
                "done": rank >= 5,
                "current": state == "shipped",
                "date": order.dms_ship_date or False,
                "by": "",
                "note": "",
            },
            {
                "key": "signed",
                "label": _("Received"),
                "done": rank >= 6,
                "current": state == "signed",
                "date": order.dms_signed_date or False,
                "by": order.dms_signed_by_id.name or "",
                "note": "",
            },
        ]
        if state == "cancel":
            for step in steps:
                step["current"] = False
            steps.append(
                {
                    "key": "cancel",
                    "label": _("Cancelled"),
                    "done": True,
                    "current": True,
                    "date": False,
                    "by": "",
                    "note": "",
                }
            )
        return steps

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
