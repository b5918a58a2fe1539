# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from ..tools import approval as approval_tools
from ..tools import credit

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

# Bookkeeping fields only the workflow methods write (through sudo()).
DMS_PROTECTED_FIELDS = {
    "dms_state",
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
}

# Order fields whose change invalidates an approval (lines are watched on sale.order.line).
DMS_APPROVAL_ORDER_FIELDS = {
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "pricelist_id",
    "currency_id",
    "company_id",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
    # Helpers
    # ------------------------------------------------------------------
    def _dms_write(self, vals):
        """Write DMS bookkeeping (protected fields) without resetting approvals."""
        return self.sudo().with_context(dms_no_approval_reset=True).write(vals)

    def _dms_context(self, key, default=None):
        """A bypass flag of the context, honoured only when set by our own sudo() calls.

        Context travels with RPC calls: a user must not skip a control by passing it.
        """
        return self.env.context.get(key, default) if self.env.su else default

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
        if self.dms_state in ("approved", "credit_hold") or self._dms_context("dms_skip_approval_check"):
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

    def _dms_check_approval_complete(self):
        for order in self:
            message = order._dms_approval_blocking_message()
            if message:
                raise UserError(message)

    def action_dms_submit(self):
        """Submit the order for review (dealer in the portal or staff in the back office)."""
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
        self._dms_write(
            {"dms_state": "submitted", "dms_submit_date": fields.Datetime.now(), "dms_submit_uid": self.env.uid}
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
        if auto:
            auto._dms_write({"dms_state": "approved", "dms_approve_date": fields.Datetime.now()})
            for order in auto:
                order.message_post(body=self.env._("No approval required."), subtype_xmlid="mail.mt_note")
        if vals_list:
            approvals = self.env["dms.order.approval"].sudo().create(vals_list)
            in_review = approvals.order_id
            in_review._dms_write({"dms_state": "review"})
            for order in in_review:
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
            self._dms_write({"dms_state": "approved", "dms_approve_date": fields.Datetime.now()})
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
        self._dms_write({"dms_state": "rejected"})
        self.message_post(
            body=self.env._(
                "Rejected by %(user)s: %(comment)s", user=approval.decided_uid.name, comment=approval.comment
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _dms_reset_approvals(self):
        """An approved (or reviewed, or held) quotation was changed: start again."""
        confirming = self.env.cr.cache.get("dms_order_confirming_ids", ())
        orders = self.filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and o.dms_state in ("submitted", "review", "approved", "rejected", "credit_hold")
                and o.id not in confirming
            )
        )
        if not orders:
            return
        orders.sudo().dms_approval_ids.filtered(lambda a: a.state != "cancelled").write({"state": "cancelled"})
        orders.sudo().activity_unlink(
            ["dms_order.mail_activity_dms_approval", "dms_order.mail_activity_dms_credit_hold"]
        )
        orders._dms_write({"dms_state": "draft", "dms_approve_date": False})
        for order in orders:
            order.message_post(
                body=self.env._("The order was changed: its approvals are reset and it must be submitted again."),
                subtype_xmlid="mail.mt_note",
            )

    def action_dms_open_decision_wizard(self, mode, approval=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
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
        approval = self._dms_my_pending_approval() or self.dms_approval_ids.filtered(lambda a: a.state == "pending")
        if not approval:
            raise UserError(self.env._("%(order)s has no approval step awaiting a decision.", order=self.name))
        return self.action_dms_open_decision_wizard("approve", approval=approval[:1])

    def action_dms_reject(self):
        self.ensure_one()
        approval = self._dms_my_pending_approval() or self.dms_approval_ids.filtered(lambda a: a.state == "pending")
        if not approval:
            raise UserError(self.env._("%(order)s has no approval step awaiting a decision.", order=self.name))
        return self.action_dms_open_decision_wizard("reject", approval=approval[:1])

    # ------------------------------------------------------------------
    # Sending and confirming
    # ------------------------------------------------------------------
    def action_quotation_send(self):
        self.filtered(lambda o: o.state == "draft")._dms_check_approval_complete()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._dms_check_approval_complete()
        return super().action_quotation_sent()

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message:
            return message
        return self._dms_approval_blocking_message()

    def action_confirm(self):
        """Confirm what passes the territory and credit checks; hold the rest.

        Orders over the credit limit are not confirmed and do not fail: they go
        to the credit-hold queue.  Cross-territory orders raise an alert and, in
        block mode, wait until the alert is authorised.
        """
        if self._dms_context("dms_skip_order_control"):
            return super().action_confirm()
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
            try:
                super(SaleOrder, passed).action_confirm()
            finally:
                confirming.difference_update(passed.ids)
        return True

    def _action_confirm(self):
        res = super()._action_confirm()
        self._dms_write({"dms_state": "confirmed"})
        self.sudo().activity_unlink(["dms_order.mail_activity_dms_credit_hold"])
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self._dms_write({"dms_state": "cancel"})
        self.sudo().activity_unlink(["dms_order.mail_activity_dms_approval", "dms_order.mail_activity_dms_credit_hold"])
        self.sudo().dms_approval_ids.filtered(lambda a: a.state in ("waiting", "pending")).write({"state": "cancelled"})
        return res

    def action_draft(self):
        res = super().action_draft()
        self._dms_write({"dms_state": "draft"})
        return res

    # ------------------------------------------------------------------
    # Credit
    # ------------------------------------------------------------------
    def _dms_credit_split(self):
        """Lock the dealers, then split orders into passed and held.

        Returns ``(passed orders, {held order id: reason text})``.
        """
        bypass_ids = set(self._dms_context("dms_credit_bypass_ids") or ())
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
            order._dms_write(
                {"dms_state": "credit_hold", "dms_credit_hold_reason": reason, "dms_credit_hold_date": now}
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
        self.sudo().with_context(dms_credit_bypass_ids=tuple(self.ids)).action_confirm()
        return True

    def action_dms_open_release_wizard(self):
        self.ensure_one()
        return self.action_dms_open_decision_wizard("release")

    def action_dms_grant_increase(self):
        self.ensure_one()
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
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            defaults = {key[len("default_") :] for key in self.env.context if key.startswith("default_")}
            if any(DMS_PROTECTED_FIELDS & (vals.keys() | defaults) for vals in vals_list):
                raise AccessError(self.env._("The dealer order status is set by its workflow only."))
        return super().create(vals_list)

    def write(self, vals):
        if DMS_PROTECTED_FIELDS & vals.keys() and not self.env.su:
            raise AccessError(self.env._("The dealer order status is set by its workflow only."))
        if vals.get("state") == "sent" and not self._dms_context("dms_skip_approval_check"):
            self.filtered(lambda o: o.state == "draft")._dms_check_approval_complete()
        to_reset = self.browse()
        if not self._dms_context("dms_no_approval_reset") and DMS_APPROVAL_ORDER_FIELDS & vals.keys():
            to_reset = self.filtered(
                lambda o: any(
                    o[f].id != vals[f]
                    for f in DMS_APPROVAL_ORDER_FIELDS & vals.keys()
                    if o._fields[f].type == "many2one"
                )
            )
        res = super().write(vals)
        if to_reset:
            to_reset._dms_reset_approvals()
        return res
