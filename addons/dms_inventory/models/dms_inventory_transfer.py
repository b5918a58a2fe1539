# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import cover, replenish

_lt = LazyTranslate(__name__)

STATES = [
    ("proposed", "Proposed"),
    ("to_approve", "Awaiting HQ Approval"),
    ("done", "Done"),
    ("declined", "Declined"),
]
PORTAL = ("dms_dealer.group_dms_portal_user",)
HQ = ("dms_dealer.group_dms_hq_manager",)


class DmsInventoryTransfer(models.Model):
    """Cross-dealer transfer (调货): stock of an overstocked or near-expiry dealer to a short neighbour.

    Both dealers accept in the portal; HQ approves a transfer across territories. Done, it is a channel
    order of the receiving dealer to the giving one, accepted, shipped and received by the system: ledger
    moves on both sides (lots kept, FEFO), and the value owed through their channel account.
    """

    _name = "dms.inventory.transfer"
    _description = "Cross-dealer Transfer"
    _inherit = ["mail.thread", "dms.workflow.mixin", "dms.inventory.lock.mixin"]
    _order = "id desc"

    _workflow_protected_fields = ("from_accepted", "to_accepted", "channel_order_id")
    _workflow_frozen_fields = ("from_dealer_id", "to_dealer_id", "product_id", "qty", "reason")
    _workflow_editable_states = ()

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    state = fields.Selection(STATES, string="Status", default="proposed", required=True, readonly=True, copy=False)
    from_dealer_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    to_dealer_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    from_path = fields.Char(related="from_dealer_id.dealer_path", store=True, index=True, string="Sender Path")
    to_path = fields.Char(related="to_dealer_id.dealer_path", store=True, index=True, string="Receiver Path")
    from_territory_id = fields.Many2one(related="from_dealer_id.territory_id", store=True, string="From Territory")
    to_territory_id = fields.Many2one(related="to_dealer_id.territory_id", store=True, string="To Territory")
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True, readonly=True)
    reason = fields.Selection([(cover.OVERSTOCK, "Overstock"), (cover.EXPIRY, "Near Expiry")], readonly=True)
    cross_territory = fields.Boolean(compute="_compute_cross_territory", store=True, string="Across Territories")
    from_accepted = fields.Boolean(string="Accepted by Sender", readonly=True, copy=False)
    to_accepted = fields.Boolean(string="Accepted by Receiver", readonly=True, copy=False)
    channel_order_id = fields.Many2one("dms.channel.order", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("from_dealer_id.territory_id", "to_dealer_id.territory_id")
    def _compute_cross_territory(self):
        for transfer in self:
            transfer.cross_territory = transfer.from_dealer_id.territory_id != transfer.to_dealer_id.territory_id

    @api.constrains("from_dealer_id", "to_dealer_id", "qty")
    def _check_parties(self):
        for transfer in self:
            if transfer.from_dealer_id == transfer.to_dealer_id:
                raise ValidationError(self.env._("A dealer cannot transfer to itself."))
            if transfer.qty <= 0:
                raise ValidationError(self.env._("A transfer needs a positive quantity."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Transfers are proposed by the system only."))
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].next_by_code("dms.inventory.transfer") or "/"
        return super().create(vals_list)

    def copy(self, default=None):
        if self:
            raise UserError(self.env._("A transfer cannot be duplicated."))
        return super().copy(default)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("accept", ("proposed",), None, PORTAL, workflow.OTHER, label=_lt("Accept")),
            workflow.Transition("submit", ("proposed",), "to_approve", (), workflow.SUBMIT, label=_lt("Ask HQ")),
            workflow.Transition("execute", ("proposed",), "done", (), workflow.OTHER, label=_lt("Transfer")),
            workflow.Transition("approve", ("to_approve",), "done", HQ, workflow.APPROVE, label=_lt("Approve")),
            workflow.Transition(
                "decline", ("proposed", "to_approve"), "declined", (), workflow.REJECT, label=_lt("Decline")
            ),
        ]

    def _sides(self):
        partner = self.env.user.partner_id.commercial_partner_id
        transfer = self.sudo()
        return {
            side
            for side, dealer in (("from", transfer.from_dealer_id), ("to", transfer.to_dealer_id))
            if dealer == partner
        }

    def _workflow_check(self, transition, reason):
        if self.env.user._is_superuser():
            return True
        if transition.name in ("submit", "execute"):
            raise AccessError(self.env._("This step is taken by the system."))
        if transition.name == "accept" and not self._sides():
            raise AccessError(self.env._("Only the two dealers of %(transfer)s accept it.", transfer=self.name))
        if transition.name == "decline" and not (
            self._sides() or self.env.user.has_group("dms_dealer.group_dms_hq_manager")
        ):
            raise AccessError(self.env._("Only the two dealers or HQ decline %(transfer)s.", transfer=self.name))
        return True

    def action_accept(self):
        self.ensure_one()
        sides = self._sides()
        vals = {}
        if "from" in sides:
            vals["from_accepted"] = True
        if "to" in sides:
            vals["to_accepted"] = True
        self.check_access("read")
        # both sides at once: the second waits here, is retried, and sees the first side's acceptance
        self._inventory_lock()
        # sudo: the parties only read transfers; the engine still checks the groups and the side (_workflow_check)
        self.sudo()._workflow_apply("accept", vals=vals)
        transfer = self.sudo()
        if transfer.from_accepted and transfer.to_accepted:
            system = transfer._workflow_as_system()
            if transfer.cross_territory:
                system._workflow_apply("submit")
            else:
                system._execute()
        return True

    def action_approve(self):
        self.ensure_one()
        self.check_access("read")
        self._inventory_lock()
        # sudo: HQ reads transfers; the engine still checks the HQ group of the step
        self.sudo()._workflow_apply("approve")
        self.sudo()._workflow_as_system()._move_stock()
        return True

    def action_decline(self, reason=None):
        self.check_access("read")
        self._inventory_lock()
        # sudo: as above; _workflow_check lets only the two dealers or HQ decline
        return self.sudo()._workflow_apply("decline", reason=reason)

    def _execute(self):
        self._workflow_apply("execute")
        self._move_stock()

    def _move_stock(self):
        """The channel order receiver → sender, accepted, shipped and received by the system."""
        self.ensure_one()
        transfer = self.sudo()
        Order = self.env["dms.channel.order"].sudo()
        order = Order._workflow_create(
            [
                {
                    "buyer_id": transfer.to_dealer_id.id,
                    "dms_inventory_seller_id": transfer.from_dealer_id.id,
                    "company_id": transfer.company_id.id,
                    "note": self.env._("Transfer %(name)s", name=transfer.name),
                    "line_ids": [
                        fields.Command.create({"product_id": transfer.product_id.id, "product_qty": transfer.qty})
                    ],
                }
            ]
        )
        system = order._workflow_as_system()
        system.action_submit()
        system.action_accept()
        system.action_ship()
        system.action_receive()
        transfer._workflow_write({"channel_order_id": order.id})
        return order

    # ------------------------------------------------------------------
    # Proposals from the open alerts
    # ------------------------------------------------------------------
    @api.model
    def _cron_propose(self):
        for company in self.env["res.company"].sudo().search([]):
            self.sudo().with_company(company)._propose(company)

    @api.model
    def _propose(self, company):
        """Pair each open overstock / near-expiry alert with a short dealer of the same region on the same
        product; one open transfer per pair and product at a time. Returns the new transfers."""
        Alert = self.env["dms.inventory.alert"].sudo()
        alerts = Alert.search(
            [("company_id", "=", company.id), ("kind", "in", (cover.OVERSTOCK, cover.EXPIRY, cover.SHORT))]
        )
        if not alerts:
            return self.browse()
        regions = {}
        for territory in alerts.dealer_id.territory_id:
            chain = [int(i) for i in territory.parent_path.split("/") if i]
            region = self.env["dms.territory"].browse(chain).filtered(lambda t: t.territory_type == "region")[:1]
            regions[territory.id] = region.id or territory.id
        short = {}
        for alert in alerts.filtered(lambda a: a.kind == cover.SHORT):
            key = (alert.product_id.id, regions.get(alert.dealer_id.territory_id.id))
            short.setdefault(key, []).append(alert)
        open_pairs = {
            (t.from_dealer_id.id, t.to_dealer_id.id, t.product_id.id)
            for t in self.search([("company_id", "=", company.id), ("state", "in", ("proposed", "to_approve"))])
        }
        window = company.dms_inventory_trailing_weeks or 8
        thresholds = {t.id: t for t in alerts.threshold_id}
        vals_list = []
        for alert in alerts.filtered(lambda a: a.kind in (cover.OVERSTOCK, cover.EXPIRY)).sorted("id"):
            key = (alert.product_id.id, regions.get(alert.dealer_id.territory_id.id))
            for receiver in short.get(key, []):
                pair = (alert.dealer_id.id, receiver.dealer_id.id, alert.product_id.id)
                if pair[0] == pair[1] or pair in open_pairs:
                    continue
                limit = thresholds.get(receiver.threshold_id.id)
                need = replenish.needed(
                    receiver.qty_on_hand, 0.0, receiver.outflow, window, limit.target_weeks if limit else 4.0
                )
                if alert.kind == cover.EXPIRY:
                    spare = alert.qty_on_hand
                else:
                    rate = alert.outflow / window if alert.outflow else 0.0
                    target = thresholds[alert.threshold_id.id].target_weeks if alert.threshold_id else 4.0
                    spare = alert.qty_on_hand - rate * target
                qty = min(need, spare)
                if float_compare(qty, 0.0, precision_rounding=alert.product_id.uom_id.rounding) <= 0:
                    continue
                qty = float_round(qty, precision_rounding=alert.product_id.uom_id.rounding)
                vals_list.append(
                    {
                        "from_dealer_id": pair[0],
                        "to_dealer_id": pair[1],
                        "product_id": pair[2],
                        "qty": qty,
                        "reason": alert.kind,
                        "company_id": company.id,
                    }
                )
                open_pairs.add(pair)
                break
        return self.create(vals_list) if vals_list else self.browse()
