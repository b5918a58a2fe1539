# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools import approval as approval_tools
from ..tools import fingerprint as fingerprint_tools
from .sale_order import DMS_OPEN_STATES


class SaleOrder(models.Model):
    """Approvals of a dealer order: the chain of steps, separation of duties and the approved content fingerprint."""

    _inherit = "sale.order"

    dms_approve_date = fields.Datetime(string="Approved On", copy=False, readonly=True)
    dms_approval_ids = fields.One2many("dms.order.approval", "order_id", string="Approvals", copy=False)
    dms_approval_pending = fields.Boolean(
        string="Approval Pending", compute="_compute_dms_approval_pending", search="_search_dms_approval_pending"
    )
    dms_fingerprint = fields.Char(
        string="Approved Content Fingerprint",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Hash of the content approved or sent to the customer; any change of it starts the approval again.",
    )

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

    # ------------------------------------------------------------------
    # Approvals
    # ------------------------------------------------------------------
    def _dms_get_approval_facts(self):
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: not line.display_type)
        below_floor = any(line.dms_below_floor for line in lines)
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
        return lines.filtered(lambda line: not line.reward_id)

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
        self._dms_activity_done(["dms_order.mail_activity_dms_approval"])
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
        if not self.dms_floor_approved and any(approvals.rule_id.mapped("price_floor_breach")):
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
