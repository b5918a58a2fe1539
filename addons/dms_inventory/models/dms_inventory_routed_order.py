# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import routing

_lt = LazyTranslate(__name__)

STATES = [
    ("offered", "Offered to a Dealer"),
    ("accepted", "Accepted"),
    ("hq", "With HQ"),
    ("cancel", "Cancelled"),
]
PORTAL = ("dms_dealer.group_dms_portal_user",)
HQ = ("dms_dealer.group_dms_hq_manager",)
#: most lines and units an end-customer order may carry
MAX_LINES = 20
MAX_QTY = 10000
#: fields an entry point may fill in
CLIENT_FIELDS = ("customer_name", "phone", "email", "street", "city", "zip", "state_id", "latitude", "longitude")


class DmsInventoryRoutedOrder(models.Model):
    """An end customer's order routed to the nearest authorised dealer with stock (智能分单, O2O).

    The dealer it is offered to accepts before the deadline or rejects it; on timeout or rejection it goes
    to the next candidate, then to HQ. Accepted, it becomes a channel order of that dealer (its seller),
    so it counts for the dealer's sell-through, targets and rebates as any channel order does.
    """

    _name = "dms.inventory.routed.order"
    _description = "Routed End-customer Order"
    _inherit = ["mail.thread", "dms.workflow.mixin", "dms.inventory.lock.mixin"]
    _order = "id desc"

    _workflow_protected_fields = ("dealer_id", "deadline", "tried_dealer_ids", "channel_order_id", "customer_id")

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    state = fields.Selection(STATES, string="Status", default="offered", required=True, readonly=True, copy=False)
    source = fields.Selection([("portal", "Web Form"), ("eshop", "Brand E-shop")], readonly=True, default="portal")
    customer_name = fields.Char(string="Customer", required=True, readonly=True)
    phone = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    street = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    zip = fields.Char(readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    latitude = fields.Float(digits=(10, 7), readonly=True)
    longitude = fields.Float(digits=(10, 7), readonly=True)
    line_ids = fields.One2many("dms.inventory.routed.order.line", "order_id", string="Lines", readonly=True)
    dealer_id = fields.Many2one("res.partner", string="Offered to", readonly=True, index=True)
    dealer_path = fields.Char(related="dealer_id.dealer_path", store=True)
    territory_id = fields.Many2one("dms.territory", readonly=True, index=True)
    deadline = fields.Datetime(string="Accept Before", readonly=True)
    tried_dealer_ids = fields.Many2many("res.partner", string="Dealers Tried", readonly=True)
    channel_order_id = fields.Many2one("dms.channel.order", readonly=True, copy=False)
    customer_id = fields.Many2one("res.partner", string="Customer Contact", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Routed orders come in through the order form or the e-shop API only."))
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].next_by_code("dms.inventory.routed.order") or "/"
        return super().create(vals_list)

    def copy(self, default=None):
        if self:
            raise UserError(self.env._("A routed order cannot be duplicated."))
        return super().copy(default)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("accept", ("offered",), "accepted", PORTAL, workflow.OTHER, label=_lt("Accept")),
            workflow.Transition("reject", ("offered",), None, PORTAL, workflow.REJECT, label=_lt("Reject")),
            workflow.Transition("reroute", ("offered",), None, (), workflow.OTHER, label=_lt("Next dealer")),
            workflow.Transition("to_hq", ("offered",), "hq", (), workflow.OTHER, label=_lt("Send to HQ")),
            workflow.Transition("cancel", ("offered", "hq"), "cancel", HQ, workflow.RESET, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        if self.env.user._is_superuser():
            return True
        if transition.name in ("reroute", "to_hq"):
            raise AccessError(self.env._("This step is taken by the system."))
        if transition.name in ("accept", "reject"):
            if self.sudo().dealer_id != self.env.user.partner_id.commercial_partner_id:
                raise AccessError(self.env._("Only the dealer %(order)s is offered to acts on it.", order=self.name))
            if self.sudo().deadline and self.sudo().deadline < fields.Datetime.now():
                raise UserError(self.env._("The deadline to accept %(order)s has passed.", order=self.name))
        return True

    def action_accept(self):
        """The offered dealer takes the order: it becomes a channel order of that dealer (accepted)."""
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        self._inventory_lock()  # a double click, or the timeout job re-offering it, waits here
        with self.env.cr.savepoint():
            # sudo: dealers only read their offers; the engine still checks the group and the dealer
            self.sudo()._workflow_apply("accept")
            self.sudo()._create_channel_order(user)
        return True

    def action_reject(self, reason=None):
        self.ensure_one()
        self.check_access("read")
        self._inventory_lock()
        # sudo: as for accept
        order = self.sudo()
        order._workflow_apply("reject", reason=reason)
        order._workflow_as_system()._route_next()
        return True

    def action_cancel(self, reason=None):
        self.check_access("read")
        self._inventory_lock()
        # sudo: HQ reads routed orders; the engine checks the HQ group of the step
        return self.sudo()._workflow_apply("cancel", reason=reason)

    def _create_channel_order(self, user):
        self.ensure_one()
        customer = self.env["res.partner"].create(
            {
                "name": self.customer_name,
                "phone": self.phone,
                "email": self.email,
                "street": self.street,
                "city": self.city,
                "zip": self.zip,
                "state_id": self.state_id.id,
                "country_id": self.country_id.id,
                "is_company": True,
                "company_id": self.company_id.id,
            }
        )
        order = self.env["dms.channel.order"]._workflow_create(
            [
                {
                    "buyer_id": customer.id,
                    "dms_inventory_seller_id": self.dealer_id.id,
                    "company_id": self.company_id.id,
                    "note": self.env._("End-customer order %(name)s", name=self.name),
                    "line_ids": [
                        fields.Command.create({"product_id": line.product_id.id, "product_qty": line.qty})
                        for line in self.line_ids
                    ],
                }
            ]
        )
        system = order._workflow_as_system()
        system.action_submit()
        order.with_user(user).sudo().action_accept()
        self._workflow_write({"channel_order_id": order.id, "customer_id": customer.id})
        return order

    # ------------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------------
    def _address(self):
        return {
            "zip": self.zip,
            "city": self.city,
            "state_id": self.state_id.id or None,
            "coords": (self.latitude, self.longitude) if self.latitude or self.longitude else None,
        }

    def _candidates(self):
        """Active dealers tracking stock whose territory covers the address, with their stock of the products."""
        self.ensure_one()
        territory = self.territory_id
        if not territory:
            return []
        dealers = self.env["res.partner"].search_fetch(
            territory._dms_covering_dealers_domain() + [("dms_track_channel_stock", "=", True)],
            ["zip", "city", "state_id", "partner_latitude", "partner_longitude"],
        )
        if not dealers:
            return []
        self.env["dms.channel.stock"].flush_model()
        stock = {}
        for dealer, product, qty in self.env.execute_query(
            SQL(
                "SELECT dealer_id, product_id, SUM(qty_on_hand) FROM dms_channel_stock "
                "WHERE dealer_id = ANY(%s) AND product_id = ANY(%s) GROUP BY dealer_id, product_id",
                dealers.ids,
                self.line_ids.product_id.ids,
            )
        ):
            stock.setdefault(dealer, {})[product] = qty
        return [
            {
                "id": d.id,
                "covers": True,
                "zip": d.zip,
                "city": d.city,
                "state_id": d.state_id.id or None,
                "coords": (d.partner_latitude, d.partner_longitude)
                if d.partner_latitude or d.partner_longitude
                else None,
                "stock": stock.get(d.id, {}),
            }
            for d in dealers
        ]

    def _route_next(self):
        """Offer the order to the best candidate not tried yet, else send it to HQ (as the system)."""
        for order in self:
            quantities = {}
            for line in order.line_ids:
                quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) + line.qty
            tried = order.tried_dealer_ids | order.dealer_id
            ranked = routing.route(order._candidates(), order._address(), quantities, exclude=tried.ids)
            if ranked:
                hours = order.company_id.dms_inventory_accept_hours or 4
                order._workflow_apply(
                    "reroute",
                    vals={
                        "dealer_id": ranked[0],
                        "tried_dealer_ids": [fields.Command.set(tried.ids)],
                        "deadline": fields.Datetime.now() + timedelta(hours=hours),
                    },
                )
            else:
                order._workflow_apply(
                    "to_hq",
                    vals={"dealer_id": False, "deadline": False, "tried_dealer_ids": [fields.Command.set(tried.ids)]},
                )

    @api.model
    def _cron_timeout(self):
        late = self.sudo().search([("state", "=", "offered"), ("deadline", "<", fields.Datetime.now())])
        late._inventory_lock()  # a late accept at the same time: one of the two fails to serialise
        late._workflow_as_system()._route_next()
        return late

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    @api.model
    def _route_create(self, vals, lines, source):
        """Create and route one order (trusted caller: the web form controller or :meth:`dms_eshop_submit`).

        :param vals: customer and address (only :data:`CLIENT_FIELDS`); :param lines: ``[(product_id, qty)]``
        """
        clean = {key: vals.get(key) for key in CLIENT_FIELDS if vals.get(key) not in (None, "")}
        if not (clean.get("customer_name") or "").strip():
            raise UserError(self.env._("Give the customer's name."))
        if not (clean.get("phone") or clean.get("email")):
            raise UserError(self.env._("Give a phone number or an e-mail address."))
        if not lines or len(lines) > MAX_LINES:
            raise UserError(self.env._("Order between 1 and %(max)s products.", max=MAX_LINES))
        Product = self.env["product.product"].sudo()
        commands = []
        for product_id, qty in lines:
            try:
                product, qty = Product.browse(int(product_id)).exists(), float(qty)
            except (TypeError, ValueError) as exc:
                raise UserError(self.env._("Quantities must be numbers.")) from exc
            if not product or not product.sale_ok:
                raise UserError(self.env._("Product %(product)s cannot be ordered.", product=product_id))
            if qty <= 0 or qty > MAX_QTY:
                raise UserError(self.env._("Quantities go from 1 to %(max)s.", max=MAX_QTY))
            commands.append(fields.Command.create({"product_id": product.id, "qty": qty}))
        state = (
            self.env["res.country.state"].sudo().browse(int(clean["state_id"])).exists()
            if clean.get("state_id")
            else self.env["res.country.state"]
        )
        clean["state_id"] = state.id or False
        country = state.country_id or self.env.company.country_id
        territory = self.env["dms.territory"].sudo()._match_address(country, state or None, clean.get("zip"))
        order = (
            self.sudo()
            .with_context(tracking_disable=True)
            ._workflow_create(
                [
                    dict(
                        clean,
                        source=source,
                        country_id=country.id,
                        territory_id=territory.id,
                        line_ids=commands,
                        company_id=self.env.company.id,
                    )
                ]
            )
        )
        order._workflow_as_system()._route_next()
        return order

    @api.model
    def dms_eshop_submit(self, customer, lines):
        """JSON-RPC entry point of a brand's e-shop (users of the group *E-shop Integration*).

        :param customer: dict of :data:`CLIENT_FIELDS`; :param lines: ``[[product_id, qty], ...]``
        :return: ``{"name", "state", "dealer"}``
        """
        if not self.env.user.has_group("dms_inventory.group_dms_eshop"):
            raise AccessError(self.env._("Only the brand's e-shop integration may submit end-customer orders."))
        if not isinstance(customer, dict) or not isinstance(lines, list):
            raise UserError(self.env._("Send the customer as an object and the lines as a list."))
        order = self._route_create(
            customer, [tuple(line) for line in lines if isinstance(line, (list, tuple)) and len(line) == 2], "eshop"
        )
        return {"name": order.name, "state": order.state, "dealer": order.dealer_id.display_name or False}
