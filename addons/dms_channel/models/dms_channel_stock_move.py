# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import create_unique_index, float_compare, float_is_zero

from .dms_channel_stock import take, take_many

#: context key and mark of the ledger's only writer (``_post``); the mark is compared by
#: identity and equal to nothing else, so no context a client sends (nor an environment
#: Odoo reuses because its context compares equal) carries it
LEDGER_KEY = "dms_channel_ledger"


class _LedgerMark:
    __slots__ = ()

    def __repr__(self):
        return "<dms channel ledger>"


LEDGER = _LedgerMark()

MOVE_KINDS = [
    ("sell_in", "Sell-in (from the brand)"),
    ("sell_through_out", "Channel Sale (out)"),
    ("sell_through_in", "Channel Purchase (in)"),
    ("sell_out", "Sell-out (to consumers)"),
    ("return", "Return to the Brand"),
    ("adjustment", "Stock Count Variance"),
    ("shipment_cancel", "Shipment Cancelled (back in)"),
    ("channel_return_out", "Return to the Seller (out)"),
    ("channel_return_in", "Return from a Buyer (in)"),
]


class DmsChannelStockMove(models.Model):
    """Append-only channel stock ledger (进销存) of the dealers.

    Rows are created only by server code through :meth:`_post`, which updates
    ``dms.channel.stock`` in the same transaction under a row lock; nobody writes
    or deletes them afterwards.
    """

    _name = "dms.channel.stock.move"
    _description = "Channel Stock Ledger Move"
    _order = "date desc, id desc"
    _rec_name = "reference"

    dealer_id = fields.Many2one("res.partner", string="Dealer", required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", string="Product", required=True, readonly=True, index=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    expiration_date = fields.Date(string="Expiry Date", readonly=True)
    kind = fields.Selection(MOVE_KINDS, string="Kind", required=True, readonly=True, index=True)
    qty = fields.Float(
        string="Quantity", digits="Product Unit of Measure", readonly=True, help="Signed: positive in, negative out."
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    date = fields.Datetime(string="Date", required=True, readonly=True, default=fields.Datetime.now, index=True)
    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True, index=True)
    stock_id = fields.Many2one("dms.channel.stock", string="Stock Row", readonly=True, index=True)
    reference = fields.Char(string="Reference", readonly=True)
    reason = fields.Char(string="Reason", readonly=True)
    territory_id = fields.Many2one(related="dealer_id.territory_id", string="Territory")
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True, index="btree_not_null")
    source_move_line_id = fields.Many2one(
        "stock.move.line", string="Source Move Line", readonly=True, index="btree_not_null"
    )
    channel_order_id = fields.Many2one(
        "dms.channel.order", string="Channel Order", readonly=True, index="btree_not_null"
    )
    channel_order_line_id = fields.Many2one("dms.channel.order.line", string="Channel Order Line", readonly=True)
    shipment_id = fields.Many2one("dms.channel.shipment", string="Shipment", readonly=True, index="btree_not_null")
    sellout_report_id = fields.Many2one(
        "dms.channel.sellout.report", string="Sell-out Report", readonly=True, index="btree_not_null"
    )
    sellout_line_id = fields.Many2one("dms.channel.sellout.report.line", string="Sell-out Line", readonly=True)
    channel_return_id = fields.Many2one(
        "dms.channel.return", string="Channel Return", readonly=True, index="btree_not_null"
    )
    reversal_of_id = fields.Many2one(
        "dms.channel.stock.move",
        string="Reverses",
        readonly=True,
        index="btree_not_null",
        help="The shipment move this move puts back (a cancelled shipment).",
    )

    _sql_constraints = [
        (
            "source_move_line_uniq",
            "unique(source_move_line_id)",
            "A delivery line is posted to the channel ledger only once.",
        ),
        ("reversal_of_uniq", "unique(reversal_of_id)", "A ledger move is reversed only once."),
    ]

    def init(self):
        # a sell-out line leaves stock once per lot (FEFO may take it from several lots)
        # (replaces the former unique(sellout_line_id); altered only where it still exists, so an
        # upgrade does not lock the ledger for nothing)
        self.env.cr.execute("SELECT 1 FROM pg_constraint WHERE conname = 'dms_channel_stock_move_sellout_line_uniq'")
        if self.env.cr.fetchone():
            self.env.cr.execute(
                "ALTER TABLE dms_channel_stock_move DROP CONSTRAINT dms_channel_stock_move_sellout_line_uniq"
            )
        create_unique_index(
            self.env.cr,
            "dms_channel_stock_move_sellout_line_lot_uniq",
            self._table,
            ["sellout_line_id", "(COALESCE(lot_name, ''))"],
        )

    # ------------------------------------------------------------------
    # Append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get(LEDGER_KEY) is not LEDGER:
            raise AccessError(self.env._("Channel stock moves are made by the system only."))
        return super().create(vals_list)

    def write(self, vals):
        raise AccessError(self.env._("Channel stock moves cannot be changed: post a correcting move instead."))

    def unlink(self):
        raise AccessError(self.env._("Channel stock moves cannot be deleted: post a correcting move instead."))

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    @api.model
    def _post(self, vals_list):
        """Create ledger moves and update each row of ``dms.channel.stock`` in the same transaction.

        Each vals needs dealer_id, product_id, kind, qty (signed); lot_name, expiration_date,
        company_id and references are optional. The moves of one row are summed and every row is
        upserted (and so locked) in a stable order, 1,000 rows per statement; the moves are
        created in one batch.
        """
        Stock = self.env["dms.channel.stock"].sudo()
        Product = self.env["product.product"].sudo()
        company = self.env.company
        Product.browse({vals["product_id"] for vals in vals_list}).mapped("uom_id.rounding")  # prefetch
        todo = [
            vals
            for vals in vals_list
            if not float_is_zero(vals["qty"], precision_rounding=Product.browse(vals["product_id"]).uom_id.rounding)
        ]
        todo.sort(key=lambda v: (v["dealer_id"], v["product_id"], v.get("lot_name") or ""))
        deltas = {}
        for vals in todo:
            key = (vals["dealer_id"], vals["product_id"], vals.get("lot_name") or "")
            delta, expiry, row_company = deltas.get(key, (0.0, None, None))
            deltas[key] = (
                delta + vals["qty"],
                expiry or vals.get("expiration_date") or None,
                row_company or vals.get("company_id") or company.id,
            )
        row_ids = Stock._apply_deltas(deltas, company)
        create_vals = []
        for vals in todo:
            key = (vals["dealer_id"], vals["product_id"], vals.get("lot_name") or "")
            create_vals.append(dict(vals, company_id=vals.get("company_id") or company.id, stock_id=row_ids[key]))
        return self.sudo().with_context(**{LEDGER_KEY: LEDGER}).create(create_vals)

    @api.model
    def _post_out_many(self, dealer, items, kind, allow_negative=False):
        """:meth:`_post_out` of many quantities of one dealer at once: ``items`` is
        ``[(product, qty, vals)]`` (qty positive). One lock query for all products, one upsert per
        1,000 stock rows, one batched create of the moves; all or nothing."""
        dealer = dealer.sudo().commercial_partner_id
        allocations = take_many(
            self.env, dealer, [(product.sudo(), qty) for product, qty, _vals in items], allow_negative=allow_negative
        )
        return self._post(
            [
                move
                for (product, _qty, vals), takes in zip(items, allocations, strict=True)
                for move in self._out_move_vals(dealer, product, takes, kind, vals)
            ]
        )

    @api.model
    def _out_move_vals(self, dealer, product, takes, kind, vals):
        """The ledger rows taking ``takes`` (``[(lot, expiry, qty)]``, qty positive) out of ``dealer``'s
        stock of ``product``: one row per lot, ``vals`` completing each."""
        return [
            dict(
                vals,
                dealer_id=dealer.id,
                product_id=product.id,
                lot_name=lot or False,
                expiration_date=expiry or False,
                kind=kind,
                qty=-amount,
            )
            for lot, expiry, amount in takes
        ]

    @api.model
    def _post_out(self, dealer, product, qty, kind, vals, allow_negative=False):
        """Take ``qty`` (positive) of ``product`` out of ``dealer``'s stock, FEFO over its lots.

        Refused with a clear message beyond the stock on hand, unless the dealer allows negative
        stock (or ``allow_negative``: the brand's own documents are never blocked).
        """
        dealer, product = dealer.sudo().commercial_partner_id, product.sudo()
        takes = take(self.env, dealer, product, qty, allow_negative=allow_negative)
        return self._post(self._out_move_vals(dealer, product, takes, kind, vals))

    @api.model
    def _post_out_lots(self, dealer, product, takes, kind, vals, allow_negative=False):
        """Take given lots out of ``dealer``'s stock: ``takes`` is ``[(lot, expiry, qty)]`` (qty positive).

        Each lot is checked against its own on-hand (locked), not the product's total: goods
        returned are the very lots that were received.
        """
        dealer, product = dealer.sudo().commercial_partner_id, product.sudo()
        rows = self.env["dms.channel.stock"].sudo()._lock_rows(dealer, product)
        on_hand = {row[1] or False: row[3] for row in rows}
        negative = allow_negative or dealer.dms_allow_negative_stock
        rounding = product.uom_id.rounding
        wanted = {}
        for lot, _expiry, qty in takes:
            wanted[lot or False] = wanted.get(lot or False, 0.0) + qty
        for lot, qty in wanted.items():
            available = on_hand.get(lot, 0.0)
            if not negative and float_compare(qty, available, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(dealer)s has %(available)s %(uom)s of %(product)s (lot %(lot)s) in channel stock: "
                        "%(wanted)s cannot leave it.",
                        dealer=dealer.display_name,
                        available=max(available, 0.0),
                        uom=product.uom_id.name,
                        product=product.display_name,
                        lot=lot or "-",
                        wanted=qty,
                    )
                )
        return self._post(self._out_move_vals(dealer, product, takes, kind, vals))

    @api.model
    def _post_count_new(self, dealer, product, counted_qty, reason, lot_name=False, expiration_date=False):
        """Stock count (盘点) of a line the dealer does not hold yet: a lot not in its channel stock, or
        a product it holds none of. Only goods the dealer is authorised to buy (``dms.assortment``);
        a lot-tracked product needs its lot. Returns the adjustment move (none for a zero count)."""
        dealer, product = dealer.sudo().commercial_partner_id, product.sudo()
        lot_name = (lot_name or "").strip() or False
        if not product.exists() or not self.env["dms.assortment"]._filter_authorised(dealer, product):
            raise UserError(
                self.env._(
                    "%(dealer)s is not authorised for this product: it cannot be counted in.",
                    dealer=dealer.display_name,
                )
            )
        if getattr(product, "tracking", "none") == "lot" and not lot_name:
            raise UserError(
                self.env._("%(product)s is tracked by lots: give the lot counted.", product=product.display_name)
            )
        rows = self.env["dms.channel.stock"].sudo()._lock_rows(dealer, product)
        if any((row[1] or False) == lot_name for row in rows):
            raise UserError(
                self.env._(
                    "%(product)s (lot %(lot)s) is already in the channel stock: count it on its line.",
                    product=product.display_name,
                    lot=lot_name or "-",
                )
            )
        if expiration_date and not lot_name:
            raise UserError(self.env._("An expiry date belongs to a lot: give the lot too."))
        return self._post_adjustment(
            dealer, product, counted_qty, reason, lot_name=lot_name, expiration_date=expiration_date
        )

    @api.model
    def _post_adjustment(self, dealer, product, counted_qty, reason, lot_name=False, expiration_date=False):
        """Stock count (盘点): post the variance between ``counted_qty`` and the on-hand of one lot."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the stock count variance."))
        if counted_qty < 0:
            raise UserError(self.env._("A counted quantity cannot be negative."))
        dealer, product = dealer.sudo().commercial_partner_id, product.sudo()
        rows = self.env["dms.channel.stock"].sudo()._lock_rows(dealer, product)
        on_hand = sum(row[3] for row in rows if (row[1] or False) == (lot_name or False))
        variance = counted_qty - on_hand
        return self._post(
            [
                {
                    "dealer_id": dealer.id,
                    "product_id": product.id,
                    "lot_name": lot_name or False,
                    "expiration_date": expiration_date or False,
                    "kind": "adjustment",
                    "qty": variance,
                    "reason": reason.strip(),
                    "reference": self.env._("Stock count"),
                }
            ]
        )
