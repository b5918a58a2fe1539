# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_round
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import cover, replenish

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

STATES = [("proposed", "Proposed"), ("accepted", "Accepted"), ("declined", "Declined"), ("cancel", "Cancelled")]
PORTAL = ("dms_dealer.group_dms_portal_user",)
#: dealers per batch of the proposal run (one commit per batch in the cron path)
BATCH = 200


class DmsInventoryProposal(models.Model):
    """A replenishment proposal (VMI) for a dealer that opted in.

    Made by the scheduled job: quantities that bring the cover back to target, rounded up to the
    product's packaging, priced by dms_pricing, cut to the dealer's available credit (dms_order's
    credit engine, or its channel account with its upstream dealer). The dealer edits, accepts or
    declines it in the portal; accepting makes an order of the normal flow (a brand sales order
    submitted for review, or a channel order to its upstream dealer). One proposal per dealer and day.
    """

    _name = "dms.inventory.proposal"
    _description = "Replenishment Proposal"
    _inherit = ["mail.thread", "dms.workflow.mixin", "dms.inventory.lock.mixin"]
    _order = "date desc, id desc"

    _workflow_protected_fields = ("dealer_id", "date", "credit_available", "sale_order_id", "channel_order_id")

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    state = fields.Selection(STATES, string="Status", default="proposed", required=True, readonly=True, copy=False)
    dealer_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    dealer_path = fields.Char(related="dealer_id.dealer_path", store=True, index=True)
    territory_id = fields.Many2one(related="dealer_id.territory_id", store=True, string="Territory")
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("dms.inventory.proposal.line", "proposal_id", string="Lines", readonly=True)
    amount_untaxed = fields.Monetary(compute="_compute_amounts", store=True, string="Untaxed Amount")
    amount_estimated = fields.Monetary(
        compute="_compute_amounts", store=True, string="Estimated Total", help="With the products' taxes."
    )
    credit_available = fields.Monetary(
        string="Available Credit", readonly=True, help="When proposed; empty: no credit limit."
    )
    credit_limited = fields.Boolean(string="Cut to Credit", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True, copy=False)
    channel_order_id = fields.Many2one("dms.channel.order", readonly=True, copy=False)

    _sql_constraints = [
        ("dealer_date_uniq", "unique(dealer_id, date, company_id)", "One replenishment proposal per dealer and day."),
    ]

    @api.depends("line_ids.qty", "line_ids.price_unit", "line_ids.tax_rate")
    def _compute_amounts(self):
        for proposal in self:
            proposal.amount_untaxed = sum(line.qty * line.price_unit for line in proposal.line_ids)
            proposal.amount_estimated = sum(
                line.qty * line.price_unit * (1 + line.tax_rate) for line in proposal.line_ids
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Replenishment proposals are made by the system only."))
        for vals, name in zip(vals_list, self._next_names(len(vals_list)), strict=True):
            vals["name"] = name
        return super().create(vals_list)

    @api.model
    def _next_names(self, count):
        """``count`` references of the proposal sequence: in one query for a plain PostgreSQL sequence
        (what ``ir.sequence._next_do`` draws one by one), else one ``next_by_code`` each."""
        Sequence = self.env["ir.sequence"]
        sequence = Sequence.search(
            [("code", "=", "dms.inventory.proposal"), ("company_id", "in", [self.env.company.id, False])],
            order="company_id",
            limit=1,
        )
        if count > 1 and sequence.implementation == "standard" and not sequence.use_date_range:
            numbers = self.env.execute_query(
                SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{sequence.id:03d}", count)
            )
            return [sequence.get_next_char(number) for (number,) in numbers]
        return [Sequence.next_by_code("dms.inventory.proposal") or "/" for _i in range(count)]

    def copy(self, default=None):
        if self:
            raise UserError(self.env._("A replenishment proposal cannot be duplicated."))
        return super().copy(default)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("accept", ("proposed",), "accepted", PORTAL, workflow.OTHER, label=_lt("Accept")),
            workflow.Transition("decline", ("proposed",), "declined", PORTAL, workflow.REJECT, label=_lt("Decline")),
            workflow.Transition("cancel", ("proposed",), "cancel", (), workflow.RESET, label=_lt("Cancel")),
        ]

    def _workflow_check(self, transition, reason):
        if self.env.user._is_superuser():
            return True
        if transition.name in ("accept", "decline"):
            self._check_dealer_user()
        if transition.name == "accept" and not self.sudo().line_ids.filtered("qty"):
            raise UserError(self.env._("Nothing to order in %(proposal)s.", proposal=self.name))
        return True

    def _check_dealer_user(self):
        user = self.env.user
        if not user.has_group("dms_dealer.group_dms_portal_user") or any(
            p.dealer_id != user.partner_id.commercial_partner_id for p in self.sudo()
        ):
            raise AccessError(self.env._("Only the dealer's own users act on its replenishment proposals."))

    def action_accept(self):
        """Accept: the order goes through the normal flow (approvals and credit still apply)."""
        self.ensure_one()
        self.check_access("read")
        self._check_dealer_user()
        self._inventory_lock()  # a second click or user waits here, then is retried and refused
        with self.env.cr.savepoint():
            # sudo: dealers only read proposals; the engine still checks the group and the dealer (_workflow_check)
            self.sudo()._workflow_apply("accept")
            self.sudo()._create_order(self.env.user)
        return True

    def action_decline(self, reason=None):
        self.check_access("read")
        self._inventory_lock()
        # sudo: as for accept
        return self.sudo()._workflow_apply("decline", reason=reason)

    def action_set_quantities(self, quantities):
        """The dealer edits the quantities (``{line_id: qty}``): whole packs, within the available credit."""
        self.ensure_one()
        self.check_access("read")
        self._check_dealer_user()
        self._inventory_lock()  # an accept at the same time orders either the old or the new quantities
        proposal = self.sudo()
        if proposal.state != "proposed":
            raise UserError(self.env._("%(proposal)s can no longer be changed.", proposal=proposal.name))
        lines = proposal.line_ids
        values = {}
        for key, qty in (quantities or {}).items():
            try:
                line_id, qty = int(key), float(qty)
            except (TypeError, ValueError) as exc:
                raise UserError(self.env._("Quantities must be numbers.")) from exc
            line = lines.filtered(lambda item, line_id=line_id: item.id == line_id)
            if not line:
                raise UserError(
                    self.env._("Line %(line)s is not a line of %(proposal)s.", line=key, proposal=proposal.name)
                )
            if qty < 0:
                raise UserError(self.env._("A quantity cannot be negative."))
            if qty and float_compare(replenish.round_to_pack(qty, line.pack_qty), qty, precision_digits=4):
                raise UserError(
                    self.env._(
                        "%(product)s is ordered by packs of %(pack)s.",
                        product=line.product_id.display_name,
                        pack=line.pack_qty,
                    )
                )
            values[line] = qty
        total = sum(values.get(line, line.qty) * line.price_unit * (1 + line.tax_rate) for line in lines)
        available = proposal._credit_available_now()
        if available is not None and float_compare(total, available, precision_digits=2) > 0:
            raise UserError(
                self.env._(
                    "These quantities (%(total)s) exceed your available credit (%(available)s).",
                    total=float_round(total, 2),
                    available=float_round(available, 2),
                )
            )
        for line, qty in values.items():
            line.write({"qty": qty})
        return True

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    def _credit_available_now(self):
        self.ensure_one()
        return self._credit_available_batch(self.dealer_id, self.company_id).get(self.dealer_id.id)

    @api.model
    def _credit_available_batch(self, dealers, company):
        """``{dealer: available credit or None (no limit)}``: dms_order's engine for brand-served dealers,
        the channel account with the upstream dealer for the others."""
        dealers = dealers.sudo()
        brand = dealers.filtered(lambda d: d.dms_served_by != "dealer")
        result = {}
        if brand:
            for dealer_id, info in brand._dms_credit_info_batch(company=company).items():
                result[dealer_id] = None if info["available"] is None else max(info["available"], 0.0)
                if info["overdue_blocked"]:
                    result[dealer_id] = 0.0
        served = dealers - brand
        if served:
            accounts = (
                self.env["dms.channel.account"]
                .sudo()
                .search([("buyer_id", "in", served.ids), ("company_id", "=", company.id), ("credit_limit", ">", 0)])
            )
            by_pair = {(a.seller_id.id, a.buyer_id.id): a for a in accounts}
            # a fixed number of queries for the batch: orders and statement entries of all its accounts
            orders = accounts._channel_orders_by_account(("accepted", "shipped"))
            for dealer in served:
                account = by_pair.get((dealer.dealer_parent_id.id, dealer.id))
                if not account:
                    result[dealer.id] = None
                    continue
                unshipped = sum(
                    line.qty_to_ship * line._channel_unit_total()
                    for order in orders[account.id]
                    for line in order.line_ids
                )
                result[dealer.id] = max(account.credit_limit - account.balance - unshipped, 0.0)
        return result

    def _create_order(self, user):
        """The order of an accepted proposal, placed as ``user`` (the dealer's portal user)."""
        self.ensure_one()
        lines = self.line_ids.filtered("qty")
        if self.dealer_id.dms_served_by == "dealer":
            order = self.env["dms.channel.order"]._channel_create_placed(
                self.dealer_id,
                [(line.product_id, line.qty, False) for line in lines],
                user,
                {"note": self.env._("Replenishment proposal %(name)s", name=self.name)},
            )
            self._workflow_write({"channel_order_id": order.id})
            return order
        partner = user.partner_id if user.partner_id.commercial_partner_id == self.dealer_id else self.dealer_id
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "origin": self.name,
                "order_line": [
                    fields.Command.create({"product_id": line.product_id.id, "product_uom_qty": line.qty})
                    for line in lines
                ],
            }
        )
        order.with_user(user).action_dms_submit()
        self._workflow_write({"sale_order_id": order.id})
        return order

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------
    @api.model
    def _cron_propose(self, commit=True):
        """Scheduled job (``commit``: one commit per batch; demo data and tests pass False)."""
        for company in self.env["res.company"].sudo().search([]):
            self.sudo().with_company(company)._propose(company, commit=commit)

    @api.model
    def _propose_dealer_ids(self, company, today):
        """Opted-in dealers without a proposal of ``today`` (resumable: a rerun skips those done)."""
        self.env["res.partner"].flush_model()
        self.flush_model()
        return [
            r[0]
            for r in self.env.execute_query(
                SQL(
                    """
                    SELECT p.id FROM res_partner p
                     WHERE p.is_dealer AND p.dms_vmi_enabled AND p.dms_track_channel_stock AND p.active
                       AND p.dealer_state = 'active' AND (p.company_id IS NULL OR p.company_id = %s)
                       AND NOT EXISTS (SELECT 1 FROM dms_inventory_proposal x
                                        WHERE x.dealer_id = p.id AND x.date = %s AND x.company_id = %s)
                  ORDER BY p.id
                    """,
                    company.id,
                    today,
                    company.id,
                )
            )
        ]

    @api.model
    def _propose(self, company, commit=False, dealer_ids=None):
        """Make today's proposals of ``company``, by batches of dealers; returns them.

        ``commit`` (the cron path only) commits after each batch, so an interrupted run resumes where
        it stopped. The work is linear in dealers × products: per batch, a fixed number of queries
        (cover, dealers, products, credit, one price call for all its dealers, the proposals' inserts).
        """
        Metrics = self.env["dms.inventory.metrics"]
        thresholds = self.env["dms.inventory.threshold"]._rows(company)
        today = Metrics._today()
        todo = self._propose_dealer_ids(company, today)
        if dealer_ids is not None:
            wanted = set(dealer_ids)
            todo = [d for d in todo if d in wanted]
        proposals = self.browse()
        window = company.dms_inventory_trailing_weeks or 8
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            proposals |= self._propose_batch(batch, company, thresholds, today, window)
            # memory stays per batch: what the batch read does not pile up in the cache
            self.env.flush_all()
            self.env.invalidate_all()
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
                _logger.info("replenishment proposals: %s of %s dealers done", start + len(batch), len(todo))
        return proposals

    @api.model
    def _propose_batch(self, dealer_ids, company, thresholds, today, window):
        Metrics = self.env["dms.inventory.metrics"]
        data = Metrics._cover_data(dealer_ids, company, today, window)
        dealers_info = Metrics._dealer_info(dealer_ids)
        products_info = Metrics._product_info({key[1] for key in data}, company)
        needs = {}
        for (dealer, product), values in data.items():
            limit = cover.pick_threshold(
                thresholds, dealers_info[dealer]["level_id"], products_info[product]["categ_path"]
            )
            if not limit:
                continue
            weeks = cover.weeks_of_cover(values["on_hand"] + values["in_transit"], values["outflow"], window)
            if weeks is None or weeks >= limit["safety_weeks"]:
                continue
            need = replenish.needed(
                values["on_hand"], values["in_transit"], values["outflow"], window, limit["target_weeks"]
            )
            qty = replenish.round_to_pack(need, products_info[product]["pack"])
            if qty > 0:
                needs.setdefault(dealer, []).append((product, qty, need, values))
        if not needs:
            return self.browse()
        Partner = self.env["res.partner"].sudo()
        Product = self.env["product.product"].sudo()
        dealers = Partner.browse(sorted(needs))
        credits = self._credit_available_batch(dealers, company)
        engine = self.env["dms.price.engine"].sudo().with_company(company)
        # one price call for the whole batch (dms_pricing's batch: its queries do not grow with dealers)
        prices_by_dealer = engine._get_prices_batch(
            [(dealer, [(Product.browse(p), q) for p, q, _n, _v in needs[dealer.id]]) for dealer in dealers],
            date=today,
        )
        vals_list = []
        for dealer, prices in zip(dealers, prices_by_dealer, strict=True):
            items = needs[dealer.id]
            lines = [
                {
                    "product": product,
                    "qty": qty,
                    "pack": products_info[product]["pack"],
                    "price": price["price"] * (1 + products_info[product]["tax_rate"]),
                    "unit": price["price"],
                    "need": need,
                    "values": values,
                }
                for (product, qty, need, values), price in zip(items, prices, strict=True)
            ]
            available = credits.get(dealer.id)
            kept = replenish.cap_to_credit(lines, available)
            if not kept:
                continue
            vals_list.append(
                {
                    "dealer_id": dealer.id,
                    "date": today,
                    "company_id": company.id,
                    "credit_available": available or 0.0,
                    "credit_limited": sum(k["qty"] for k in kept) < sum(line["qty"] for line in lines),
                    "line_ids": [
                        {
                            "product_id": line["product"],
                            "qty_proposed": line["qty"],
                            "qty": line["qty"],
                            "pack_qty": line["pack"],
                            "price_unit": line["unit"],
                            "tax_rate": products_info[line["product"]]["tax_rate"],
                            "qty_on_hand": line["values"]["on_hand"],
                            "qty_in_transit": line["values"]["in_transit"],
                            "outflow": line["values"]["outflow"],
                        }
                        for line in kept
                    ],
                }
            )
        if not vals_list:
            return self.browse()
        line_lists = [vals.pop("line_ids") for vals in vals_list]
        proposals = self._workflow_create(vals_list)
        self._insert_lines(proposals, line_lists)
        return proposals

    @api.model
    def _insert_lines(self, proposals, line_lists):
        """The lines of new ``proposals`` (a list of line values per proposal) in one INSERT.

        The ORM's create costs a digits lookup per float value (most of a proposal run's time at thousands
        of lines): values are rounded to their fields' digits as the ORM would round them, the stored related
        fields copied from the proposal, then the ORM recomputes the proposals' amounts from the lines.
        """
        if not self.env.su:  # the lines' own create rule: made by the system only
            raise AccessError(self.env._("Proposal lines are made by the system only."))
        Line = self.env["dms.inventory.proposal.line"]
        proposals.flush_recordset()
        names = (
            "qty_proposed",
            "qty",
            "pack_qty",
            "price_unit",
            "tax_rate",
            "qty_on_hand",
            "qty_in_transit",
            "outflow",
        )
        columns = {name: [] for name in ("proposal_id", "product_id", *names)}
        for name in names:
            digits = Line._fields[name].get_digits(self.env)
            values = [line[name] or 0.0 for lines in line_lists for line in lines]
            columns[name] = [float_round(v, precision_digits=digits[1]) for v in values] if digits else values
        for proposal, lines in zip(proposals, line_lists, strict=True):
            columns["proposal_id"] += [proposal.id] * len(lines)
            columns["product_id"] += [line["product_id"] for line in lines]
        self.env.execute_query(
            SQL(
                """
                INSERT INTO dms_inventory_proposal_line
                       (proposal_id, product_id, qty_proposed, qty, pack_qty, price_unit, tax_rate, qty_on_hand,
                        qty_in_transit, outflow, dealer_id, dealer_path, territory_id,
                        create_uid, create_date, write_uid, write_date)
                SELECT v.proposal, v.product, v.qty_proposed, v.qty, v.pack_qty, v.price_unit, v.tax_rate,
                       v.on_hand, v.in_transit, v.outflow, p.dealer_id, p.dealer_path, p.territory_id,
                       %s, (now() AT TIME ZONE 'UTC'), %s, (now() AT TIME ZONE 'UTC')
                  FROM unnest(%s::int[], %s::int[], %s::float8[], %s::float8[], %s::float8[], %s::float8[],
                              %s::float8[], %s::float8[], %s::float8[], %s::float8[])
                       WITH ORDINALITY AS v(proposal, product, qty_proposed, qty, pack_qty, price_unit, tax_rate,
                                            on_hand, in_transit, outflow, n)
                  JOIN dms_inventory_proposal p ON p.id = v.proposal
              ORDER BY v.n
                """,
                self.env.uid,
                self.env.uid,
                *columns.values(),
            )
        )
        proposals.invalidate_recordset(["line_ids"])
        Line.invalidate_model()
        for name in ("amount_untaxed", "amount_estimated"):
            self.env.add_to_compute(self._fields[name], proposals)
        proposals.flush_recordset(["amount_untaxed", "amount_estimated"])
