# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_is_zero
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import returns

_lt = LazyTranslate(__name__)

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved, Awaiting Goods"),
    ("refused", "Refused"),
    ("received", "Received"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]

PROTECTED_FIELDS = (
    "submit_uid",
    "submit_date",
    "decide_uid",
    "decide_date",
    "refuse_reason",
    "deadline_date",
    "receive_date",
    "done_date",
    "refund_move_ids",
    "replacement_order_id",
    "origin",
)

DECIDE_ACTIVITY = "dms_return.mail_activity_dms_return_decide"
RECEIVE_ACTIVITY = "dms_return.mail_activity_dms_return_receive"
SETTLE_ACTIVITY = "dms_return.mail_activity_dms_return_settle"

DECIDERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager")
RECEIVERS = ("stock.group_stock_user", "dms_dealer.group_dms_hq_manager")
REFUNDERS = ("dms_dealer.group_dms_finance",)
REPLACERS = ("dms_dealer.group_dms_region_manager", "dms_dealer.group_dms_hq_manager", "dms_dealer.group_dms_finance")


class DmsReturnRequest(models.Model):
    """A dealer's return or exchange request (退换货) for delivered lines of one brand order."""

    _name = "dms.return.request"
    _description = "Return / Exchange Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "id desc"

    _workflow_field = "state"
    _workflow_protected_fields = PROTECTED_FIELDS
    _workflow_frozen_fields = ("order_id", "reason_id", "request_type", "line_ids")
    _workflow_editable_states = ("draft",)

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    company_id = fields.Many2one("res.company", related="order_id.company_id", store=True, index=True, precompute=True)
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('state', '=', 'sale')]",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Sales Rep", related="partner_id.user_id", store=True, precompute=True
    )
    territory_id = fields.Many2one(
        "dms.territory", string="Territory", related="partner_id.territory_id", store=True, precompute=True
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    request_type = fields.Selection(
        [("refund", "Return for Refund (退货退款)"), ("exchange", "Exchange (换货)")],
        string="Resolution",
        required=True,
        default="refund",
        tracking=True,
    )
    reason_id = fields.Many2one("dms.return.reason", required=True, tracking=True, ondelete="restrict")
    description = fields.Text()
    line_ids = fields.One2many("dms.return.request.line", "request_id", string="Lines", copy=True)
    photo_ids = fields.Many2many("ir.attachment", string="Photos", copy=False)
    photo_count = fields.Integer(compute="_compute_photo_count")
    amount_untaxed = fields.Monetary(compute="_compute_amount", currency_field="currency_id", string="Value")
    origin = fields.Char(readonly=True, copy=False, help="Where the request comes from (e.g. a receipt discrepancy).")

    submit_uid = fields.Many2one("res.users", string="Submitted By", readonly=True, copy=False)
    submit_date = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    deadline_date = fields.Date(string="Service Deadline", readonly=True, copy=False)
    decide_uid = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decide_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    refuse_reason = fields.Text(readonly=True, copy=False)
    receive_date = fields.Datetime(string="Received On", readonly=True, copy=False)
    done_date = fields.Datetime(string="Done On", readonly=True, copy=False)
    picking_ids = fields.One2many("stock.picking", "dms_return_request_id", string="Return Transfers", readonly=True)
    picking_count = fields.Integer(compute="_compute_picking_count")
    refund_move_ids = fields.Many2many("account.move", string="Credit Notes", readonly=True, copy=False)
    replacement_order_id = fields.Many2one("sale.order", readonly=True, copy=False)

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference of a return request must be unique."),
    ]

    @api.depends("photo_ids")
    def _compute_photo_count(self):
        for request in self:
            request.photo_count = len(request.photo_ids)

    @api.depends("line_ids.price_subtotal")
    def _compute_amount(self):
        for request in self:
            request.amount_untaxed = sum(request.line_ids.mapped("price_subtotal"))

    def _compute_picking_count(self):
        for request in self:
            request.picking_count = len(request.picking_ids)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # checked before the lines' own checks, for a clear message
        orders = self.env["sale.order"].sudo().browse([vals["order_id"] for vals in vals_list if vals.get("order_id")])
        self.browse()._check_order(orders)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dms.return.request") or "/"
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if "order_id" in vals:
            self._check_order(self.order_id)
        return res

    def _check_order(self, orders):
        for order in orders.sudo():
            if order.state != "sale" or not order.dealer_id.is_dealer:
                raise UserError(
                    self.env._(
                        "%(order)s is not a confirmed dealer order: nothing can be returned from it.",
                        order=order.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(request.state not in ("draft", "cancel") for request in self):
            raise UserError(self.env._("Only draft or cancelled return requests can be deleted."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("submit", ("draft",), "submitted", kind=workflow.SUBMIT, label=_lt("Submit")),
            workflow.Transition(
                "approve", ("submitted",), "approved", groups=DECIDERS, kind=workflow.APPROVE, label=_lt("Approve")
            ),
            workflow.Transition(
                "refuse",
                ("submitted",),
                "refused",
                groups=DECIDERS,
                kind=workflow.REJECT,
                reason=True,
                label=_lt("Refuse"),
            ),
            workflow.Transition("receive", ("approved",), "received", groups=RECEIVERS, label=_lt("Receive")),
            workflow.Transition("refund", ("received",), "done", groups=REFUNDERS, label=_lt("Refund")),
            workflow.Transition("replace", ("received",), "done", groups=REPLACERS, label=_lt("Send replacement")),
            workflow.Transition("cancel", ("draft", "submitted"), "cancel", kind=workflow.RESET, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        self.ensure_one()
        if transition.name == "submit":
            self._dms_check_submittable()
        elif transition.name == "refund":
            if self.request_type != "refund":
                raise UserError(self.env._("%(request)s asks for an exchange, not a refund.", request=self.name))
            self._dms_refund_allocation()
        elif transition.name == "replace" and self.request_type != "exchange":
            raise UserError(self.env._("%(request)s asks for a refund, not an exchange.", request=self.name))
        return True

    def _workflow_after(self, transition, old_state, reason):
        res = super()._workflow_after(transition, old_state, reason)
        request = self.sudo()
        if transition.name == "submit":
            request._dms_schedule_decide_activity()
        elif transition.name in ("approve", "refuse", "cancel"):
            request.activity_feedback([DECIDE_ACTIVITY], user_id=self.env.uid)
            request.activity_unlink([DECIDE_ACTIVITY])
        elif transition.name == "receive":
            request.picking_ids.activity_unlink([RECEIVE_ACTIVITY])
            request._dms_schedule_settle_activity()
        elif transition.name in ("refund", "replace"):
            request.activity_feedback([SETTLE_ACTIVITY], user_id=self.env.uid)
            request.activity_unlink([SETTLE_ACTIVITY])
        return res

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _dms_check_actor(self):
        """Whoever acts on these requests may act on them; returns the records to act on.

        A portal user acts on its own dealer's requests only (then in superuser
        mode, since portal users have no write access); staff as record rules allow.
        """
        if self.env.su or not self:
            return self
        user = self.env.user
        if user.share:
            dealer = user.partner_id.commercial_partner_id
            if any(request.partner_id != dealer for request in self.sudo()):
                raise AccessError(
                    self.env._("You can only act on the return requests of %(dealer)s.", dealer=dealer.display_name)
                )
            if not dealer._dms_portal_can_act():
                raise AccessError(self.env._("You may not act for %(dealer)s.", dealer=dealer.display_name))
            return self.sudo()
        self.check_access("write")
        return self

    def _dms_check_submittable(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Add at least one line to %(request)s before submitting it.", request=self.name))
        # a receipt signed with a discrepancy is its own evidence: photos may follow
        if self.reason_id.photo_required and not self.photo_ids and not self.origin:
            raise UserError(
                self.env._(
                    "The reason %(reason)s needs at least one photo: attach photos to %(request)s first.",
                    reason=self.reason_id.name,
                    request=self.name,
                )
            )
        self.line_ids._dms_check_quantities()
        today = fields.Date.context_today(self)
        for line in self.line_ids:
            delivered_on = line._dms_delivery_date()
            if returns.is_late(delivered_on, self.reason_id.deadline_days, today):
                raise UserError(
                    self.env._(
                        "%(product)s was delivered on %(date)s: returns for %(reason)s must be requested within "
                        "%(days)s days (until %(deadline)s).",
                        product=line.product_id.display_name,
                        date=delivered_on,
                        reason=self.reason_id.name,
                        days=self.reason_id.deadline_days,
                        deadline=returns.deadline(delivered_on, self.reason_id.deadline_days),
                    )
                )

    def _dms_deadline(self):
        """The earliest service deadline of the lines."""
        self.ensure_one()
        dates = [
            returns.deadline(line._dms_delivery_date(), self.reason_id.deadline_days)
            for line in self.line_ids
            if line._dms_delivery_date()
        ]
        return min(dates) if dates else False

    @api.model
    def _dms_lock_orders(self, orders):
        """Serialise requests on the same orders: lock *and write* the order rows.

        Under REPEATABLE READ a transaction that only waited for the lock would
        go on with its old snapshot and miss a request created meanwhile; the
        write makes the second one fail with a serialization error instead, and
        Odoo retries it on fresh data.
        """
        if orders:
            self.env.execute_query(
                SQL("UPDATE sale_order SET write_date = write_date WHERE id IN %s", tuple(sorted(orders.ids)))
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        requests = self._dms_check_actor()
        now = fields.Datetime.now()
        for request in requests:
            request._dms_lock_orders(request.order_id)
            request._workflow_apply(
                "submit",
                vals={"submit_uid": self.env.uid, "submit_date": now, "deadline_date": request._dms_deadline()},
            )
        return True

    def action_cancel(self):
        requests = self._dms_check_actor()
        requests._workflow_apply("cancel")
        return True

    def action_approve(self):
        """The region (or HQ) approves: the return transfer is created (nothing to ship back for a shortage)."""
        now = fields.Datetime.now()
        for request in self:
            request._workflow_apply("approve", vals={"decide_uid": self.env.uid, "decide_date": now})
            # creating pickings needs stock rights the approver may lack; the engine checked the approver
            request.sudo()._dms_create_return_pickings()
            if not request.reason_id.needs_return:
                request._workflow_as_system()._workflow_apply("receive", vals={"receive_date": now})
        return True

    def action_refuse(self, reason=None):
        self._workflow_apply(
            "refuse",
            reason=reason,
            vals={"decide_uid": self.env.uid, "decide_date": fields.Datetime.now(), "refuse_reason": reason},
        )
        return True

    def action_open_refuse_wizard(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse %(request)s", request=self.name),
            "res_model": "dms.return.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_receive(self):
        """The warehouse confirms the goods came back: validates the return transfers."""
        now = fields.Datetime.now()
        for request in self:
            request._workflow_apply("receive", vals={"receive_date": now})
            # the engine checked the receiver; validating needs stock rights on the transfers
            request.sudo()._dms_validate_return_pickings()
        return True

    def _dms_on_pickings_done(self):
        """Return transfers validated in the warehouse: the request is received once all are done."""
        for request in self.sudo().filtered(lambda r: r.state == "approved"):
            pickings = request.picking_ids.filtered(lambda p: p.state != "cancel")
            if pickings and all(p.state == "done" for p in pickings):
                request._workflow_as_system()._workflow_apply("receive", vals={"receive_date": fields.Datetime.now()})

    def action_refund(self):
        """Finance refunds the received goods with a credit note reversing the invoice lines (core reversal)."""
        for request in self:
            request._workflow_apply("refund", vals={"done_date": fields.Datetime.now()})
            # finance may reverse invoices; the credit note is created in superuser mode only for the
            # invoices of this request's order lines (see _dms_refund_allocation)
            moves = request.sudo()._dms_create_refunds()
            request._workflow_write({"refund_move_ids": [Command.set(moves.ids)]})
            request.message_post(
                body=self.env._("Refunded: %(moves)s", moves=", ".join(moves.mapped("name"))),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_replace(self):
        """Send the received quantities again: a new order at zero price, confirmed for delivery."""
        for request in self:
            request._workflow_apply("replace", vals={"done_date": fields.Datetime.now()})
            # the replacement order is created in superuser mode for this request's own dealer and products
            order = request.sudo()._dms_create_replacement()
            request._workflow_write({"replacement_order_id": order.id})
            request.message_post(
                body=self.env._("Replacement order %(order)s created.", order=order.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------
    def _dms_create_return_pickings(self):
        """Core's return wizard (``stock.return.picking``) on each delivery of the requested lines."""
        self.ensure_one()
        if not self.reason_id.needs_return:
            return self.env["stock.picking"]
        wanted = defaultdict(float)
        for line in self.line_ids:
            wanted[line.sale_line_id] += line.qty
        moves = self.line_ids._dms_delivered_moves().sorted(lambda m: (m.date, m.id))
        per_picking = defaultdict(dict)
        for sale_line, qty in wanted.items():
            line_moves = moves.filtered(lambda m, sl=sale_line: m.sale_line_id == sl)
            capacities = [
                (move, move.product_uom._compute_quantity(move.quantity, sale_line.product_uom)) for move in line_moves
            ]
            for move, take in returns.allocate(qty, capacities).items():
                per_picking[move.picking_id][move] = sale_line.product_uom._compute_quantity(take, move.product_uom)
        pickings = self.env["stock.picking"]
        for picking, quantities in per_picking.items():
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
                .create({"picking_id": picking.id})
            )
            for return_line in wizard.product_return_moves:
                return_line.quantity = quantities.get(return_line.move_id, 0.0)
                if "to_refund" in return_line._fields:
                    return_line.to_refund = True
            new_picking = wizard._create_return()
            new_picking.write({"dms_return_request_id": self.id, "origin": f"{self.name} / {picking.name}"})
            pickings |= new_picking
        self._dms_schedule_receive_activity(pickings)
        return pickings

    def _dms_validate_return_pickings(self):
        self.ensure_one()
        for picking in self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.with_context(skip_backorder=True, cancel_backorder=True, skip_sms=True).button_validate()

    # ------------------------------------------------------------------
    # Money and replacement
    # ------------------------------------------------------------------
    def _dms_refund_allocation(self):
        """``{invoice: {invoice line: qty}}`` to credit for the received quantities; raises when nothing can be.

        Quantities are spread over the posted invoice lines of each order line, oldest first.
        """
        self.ensure_one()
        result = defaultdict(dict)
        # reads the invoices of this request's own order lines
        for line in self.sudo().line_ids:
            qty = line.qty_received
            if float_is_zero(qty, precision_rounding=line.product_uom.rounding or 0.01):
                continue
            invoice_lines = line.sale_line_id.invoice_lines.filtered(
                lambda il: il.move_id.state == "posted" and il.move_id.move_type == "out_invoice"
            ).sorted(lambda il: (il.move_id.invoice_date or il.move_id.date, il.id))
            capacities = [(il, il.quantity) for il in invoice_lines]
            allocated = returns.allocate(qty, capacities)
            if sum(allocated.values()) < qty - (line.product_uom.rounding or 0.01) / 2:
                raise UserError(
                    self.env._(
                        "%(product)s: only %(invoiced)s of the %(qty)s to refund are on posted invoices. "
                        "Post the invoice first, or settle this request as an exchange.",
                        product=line.product_id.display_name,
                        invoiced=sum(allocated.values()),
                        qty=qty,
                    )
                )
            for invoice_line, take in allocated.items():
                result[invoice_line.move_id][invoice_line] = take
        if not result:
            raise UserError(
                self.env._("Nothing was received on %(request)s: there is nothing to refund.", request=self.name)
            )
        return result

    def _dms_create_refunds(self):
        """One credit note per invoice, through core's reversal wizard, cut down to the returned lines."""
        self.ensure_one()
        credit_notes = self.env["account.move"]
        for invoice, quantities in self._dms_refund_allocation().items():
            wizard = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {"reason": self.env._("Return %(request)s", request=self.name), "journal_id": invoice.journal_id.id}
                )
            )
            wizard.refund_moves()
            credit_note = wizard.new_move_ids
            commands = []
            # reversal copies the product lines in order: match them with the invoice's
            originals = invoice.invoice_line_ids.filtered(lambda il: il.display_type == "product")
            copies = credit_note.invoice_line_ids.filtered(lambda il: il.display_type == "product")
            for original, copy in zip(originals, copies, strict=True):
                if original in quantities:
                    commands.append(Command.update(copy.id, {"quantity": quantities[original]}))
                else:
                    commands.append(Command.delete(copy.id))
            credit_note.write(
                {"invoice_line_ids": commands, "invoice_origin": f"{invoice.invoice_origin or ''} {self.name}".strip()}
            )
            credit_note.action_post()
            credit_notes |= credit_note
        return credit_notes

    def _dms_prepare_replacement_vals(self):
        self.ensure_one()
        order = self.order_id
        return {
            "partner_id": order.partner_id.id,
            "partner_invoice_id": order.partner_invoice_id.id,
            "partner_shipping_id": order.partner_shipping_id.id,
            "user_id": order.user_id.id,
            "company_id": order.company_id.id,
            "origin": self.name,
            "client_order_ref": self.env._("Replacement for %(request)s", request=self.name),
            "order_line": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.qty_received,
                        "product_uom": line.product_uom.id,
                        "price_unit": 0.0,
                        "discount": 0.0,
                        "tax_id": [Command.set(line.sale_line_id.tax_id.ids)],
                    }
                )
                for line in self.line_ids
                if line.qty_received > 0
            ],
        }

    def _dms_create_replacement(self):
        self.ensure_one()
        vals = self._dms_prepare_replacement_vals()
        if not vals["order_line"]:
            raise UserError(
                self.env._("Nothing was received on %(request)s: there is nothing to replace.", request=self.name)
            )
        order = self.env["sale.order"].create(vals)
        order.action_dms_submit()
        if order.dms_state == "approved":
            order.action_confirm()
        return order

    # ------------------------------------------------------------------
    # Hand-offs
    # ------------------------------------------------------------------
    def _dms_deciders(self):
        """Who decides: the manager of the dealer's territory (nearest up the tree), else HQ."""
        self.ensure_one()
        users = self.territory_id._dms_get_manager() if self.territory_id else self.env["res.users"]
        users = users.filtered(lambda u: u.active and not u.share)
        if not users:
            users = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        ("groups_id", "in", self.env.ref("dms_dealer.group_dms_hq_manager").id),
                        ("share", "=", False),
                        ("company_ids", "in", self.company_id.id),
                    ]
                )
            )
        return users

    def _dms_settlers(self):
        """Finance refunds; the region (who approved it) sends the replacement of an exchange."""
        self.ensure_one()
        if self.request_type == "exchange":
            return self._dms_deciders()
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("dms_dealer.group_dms_finance").id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ]
            )
        )

    def _dms_schedule_decide_activity(self):
        for request in self:
            for user in request._dms_deciders():
                request.activity_schedule(
                    DECIDE_ACTIVITY,
                    user_id=user.id,
                    summary=self.env._("Decide return %(request)s", request=request.name),
                )

    def _dms_schedule_receive_activity(self, pickings):
        activity_type = self.env.ref(RECEIVE_ACTIVITY, raise_if_not_found=False)
        user = activity_type and activity_type.sudo().default_user_id
        if not user or not user.active:
            return
        for picking in pickings:
            picking.activity_schedule(
                RECEIVE_ACTIVITY,
                user_id=user.id,
                summary=self.env._("Receive return %(request)s", request=self.name),
            )

    def _dms_schedule_settle_activity(self):
        for request in self:
            summary = (
                self.env._("Refund return %(request)s", request=request.name)
                if request.request_type == "refund"
                else self.env._("Send the replacement of %(request)s", request=request.name)
            )
            for user in request._dms_settlers():
                request.activity_schedule(SETTLE_ACTIVITY, user_id=user.id, summary=summary)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("dms_return_request_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_refunds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_refund_type")
        action["domain"] = [("id", "in", self.refund_move_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _dms_portal_steps(self):
        """Steps for the portal page: ``[{"label", "done", "current", "date"}]``."""
        self.ensure_one()
        _ = self.env._
        order = ["submitted", "approved", "received", "done"]
        rank = {"draft": -1, "submitted": 0, "approved": 1, "refused": 1, "received": 2, "done": 3, "cancel": -1}
        current = rank[self.state]
        steps = [
            {"label": _("Submitted"), "date": self.submit_date},
            {"label": _("Refused") if self.state == "refused" else _("Approved"), "date": self.decide_date},
            {"label": _("Goods received"), "date": self.receive_date},
            {
                "label": _("Refunded") if self.request_type == "refund" else _("Replacement sent"),
                "date": self.done_date,
            },
        ]
        for index, step in enumerate(steps):
            step["done"] = index <= current
            step["current"] = index == current and self.state == order[index]
        return steps
