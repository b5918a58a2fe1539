# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, create_unique_index, float_compare, float_is_zero

from ..tools import allocation


class DmsChannelStock(models.Model):
    """On-hand channel stock of a dealer per product and lot: the running sum of its ledger.

    Rows change only with a ledger move, in the same transaction, under a row lock.
    """

    _name = "dms.channel.stock"
    _description = "Dealer Channel Stock"
    _order = "dealer_id, product_id, expiration_date, lot_name, id"
    _rec_name = "product_id"

    dealer_id = fields.Many2one("res.partner", string="Dealer", required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", string="Product", required=True, readonly=True, index=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    expiration_date = fields.Date(string="Expiry Date", readonly=True)
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True, index=True)
    territory_id = fields.Many2one(related="dealer_id.territory_id", string="Territory")

    def init(self):
        create_unique_index(
            self.env.cr,
            "dms_channel_stock_dealer_product_lot_uniq",
            self._table,
            ["dealer_id", "product_id", "(COALESCE(lot_name, ''))"],
        )

    @api.model_create_multi
    def create(self, vals_list):
        raise AccessError(self.env._("Channel stock changes only through its ledger moves."))

    def write(self, vals):
        raise AccessError(self.env._("Channel stock changes only through its ledger moves."))

    def unlink(self):
        raise AccessError(self.env._("Channel stock changes only through its ledger moves."))

    # ------------------------------------------------------------------
    # Ledger side (called by dms.channel.stock.move._post only)
    # ------------------------------------------------------------------
    @api.model
    def _lock_rows(self, dealer, product):
        """Lock the dealer's rows of ``product`` (FEFO order) and return ``[(id, lot, expiry, qty)]``.

        Under REPEATABLE READ, a concurrent change of these rows committed after this
        transaction began makes this lock fail to serialise: the caller then retries on fresh data.
        """
        self.flush_model()
        return self.env.execute_query(
            SQL(
                """
                SELECT id, lot_name, expiration_date, qty_on_hand
                  FROM dms_channel_stock
                 WHERE dealer_id = %s AND product_id = %s
              ORDER BY expiration_date NULLS LAST, lot_name NULLS FIRST, id
                   FOR NO KEY UPDATE
                """,
                dealer.id,
                product.id,
            )
        )

    @api.model
    def _lock_rows_many(self, dealer, products):
        """:meth:`_lock_rows` of several products in one query: ``{product id: [(id, lot, expiry, qty)]}``.

        Rows are locked by product id, then in FEFO order: the order every poster locks in
        (one product at a time, products sorted), so two postings of one dealer never deadlock.
        """
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT product_id, id, lot_name, expiration_date, qty_on_hand
                  FROM dms_channel_stock
                 WHERE dealer_id = %s AND product_id IN %s
              ORDER BY product_id, expiration_date NULLS LAST, lot_name NULLS FIRST, id
                   FOR NO KEY UPDATE
                """,
                dealer.id,
                tuple(sorted(set(products.ids))) or (0,),
            )
        )
        result = {product_id: [] for product_id in products.ids}
        for product_id, *row in rows:
            result[product_id].append(tuple(row))
        return result

    @api.model
    def _apply_deltas(self, deltas, company):
        """Add each delta to its row in one statement per 1,000 rows: ``deltas`` is
        ``{(dealer id, product id, lot or ""): (delta, expiry or None, company id or None)}``.
        Rows are upserted in key order (the lock order). Returns ``{key: row id}``."""
        result = {}
        keys = sorted(deltas)
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            values = SQL(", ").join(
                SQL(
                    "(%s, %s, %s, %s::date, %s::float8, %s, "
                    "%s, now() at time zone 'UTC', %s, now() at time zone 'UTC')",
                    key[0],
                    key[1],
                    key[2] or None,
                    deltas[key][1] or None,
                    deltas[key][0],
                    deltas[key][2] or company.id,
                    self.env.uid,
                    self.env.uid,
                )
                for key in chunk
            )
            rows = self.env.execute_query(
                SQL(
                    """
                    INSERT INTO dms_channel_stock AS s
                           (dealer_id, product_id, lot_name, expiration_date, qty_on_hand, company_id,
                            create_uid, create_date, write_uid, write_date)
                    VALUES %s
               ON CONFLICT (dealer_id, product_id, (COALESCE(lot_name, '')))
                 DO UPDATE SET qty_on_hand = s.qty_on_hand + EXCLUDED.qty_on_hand,
                               expiration_date = COALESCE(s.expiration_date, EXCLUDED.expiration_date),
                               write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                 RETURNING id, dealer_id, product_id, COALESCE(lot_name, '')
                    """,
                    values,
                )
            )
            for row_id, dealer_id, product_id, lot in rows:
                result[(dealer_id, product_id, lot)] = row_id
        self.invalidate_model(["qty_on_hand", "expiration_date"])
        return result

    @api.model
    def _apply_delta(self, dealer, product, lot_name, expiration_date, delta, company):
        """Add ``delta`` to the (locked) row of (dealer, product, lot); returns (row, new qty)."""
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO dms_channel_stock AS s
                       (dealer_id, product_id, lot_name, expiration_date, qty_on_hand, company_id,
                        create_uid, create_date, write_uid, write_date)
                VALUES (%(dealer)s, %(product)s, %(lot)s, %(expiry)s, %(delta)s, %(company)s,
                        %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC')
           ON CONFLICT (dealer_id, product_id, (COALESCE(lot_name, '')))
             DO UPDATE SET qty_on_hand = s.qty_on_hand + EXCLUDED.qty_on_hand,
                           expiration_date = COALESCE(s.expiration_date, EXCLUDED.expiration_date),
                           write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
             RETURNING id, qty_on_hand
                """,
                dealer=dealer.id,
                product=product.id,
                lot=lot_name or None,
                expiry=expiration_date or None,
                delta=delta,
                company=company.id,
                uid=self.env.uid,
            )
        )
        row = self.browse(rows[0][0])
        self.invalidate_model(["qty_on_hand", "expiration_date"])
        return row, rows[0][1]


def _check_available(env, dealer, product, wanted, available):
    rounding = product.uom_id.rounding
    if dealer.dms_allow_negative_stock or float_compare(wanted, available, precision_rounding=rounding) <= 0:
        return
    raise UserError(
        env._(
            "%(dealer)s has %(available)s %(uom)s of %(product)s in channel stock: it cannot ship or "
            "report %(wanted)s.",
            dealer=dealer.display_name,
            available=max(available, 0.0),
            uom=product.uom_id.name,
            product=product.display_name,
            wanted=wanted,
        )
    )


def take_many(env, dealer, wanted, allow_negative=False):
    """Locked FEFO allocation of several quantities at once: ``wanted`` is ``[(product, qty)]`` (qty
    positive, a product may come back); returns one ``[(lot, expiry, qty)]`` per item, in order.

    One lock query for all products (:meth:`DmsChannelStock._lock_rows_many`); each product's
    total is checked against its stock on hand (all or nothing), then the items take from the
    lots in turn, the earliest expiry first.
    """
    Stock = env["dms.channel.stock"].sudo()
    products = env["product.product"].sudo().browse([product.id for product, _qty in wanted])
    locked = Stock._lock_rows_many(dealer, products)
    totals = {}
    for product, qty in wanted:
        totals[product] = totals.get(product, 0.0) + qty
    if not allow_negative:
        for product, qty in totals.items():
            _check_available(env, dealer, product, qty, sum(row[3] for row in locked[product.id]))
    negative = allow_negative or dealer.dms_allow_negative_stock
    balances = {product_id: [[row[1] or None, row[3]] for row in rows] for product_id, rows in locked.items()}
    expiries = {(product_id, row[1] or None): row[2] for product_id, rows in locked.items() for row in rows}
    result = []
    for product, qty in wanted:
        if float_is_zero(qty, precision_rounding=product.uom_id.rounding):
            result.append([])
            continue
        lots = balances[product.id]
        takes, _shortage = allocation.allocate([tuple(lot) for lot in lots], qty, allow_negative=negative)
        for key, amount in takes:
            for lot in lots:
                if lot[0] == key:
                    lot[1] -= amount
                    break
            else:
                lots.append([key, -amount])
        result.append([(key, expiries.get((product.id, key)) or False, amount) for key, amount in takes])
    return result


def take(env, dealer, product, qty, allow_negative=False):
    """Locked FEFO allocation of ``qty`` of ``product`` from ``dealer``'s stock: [(lot, expiry, qty)]."""
    Stock = env["dms.channel.stock"].sudo()
    rows = Stock._lock_rows(dealer, product)
    if float_is_zero(qty, precision_rounding=product.uom_id.rounding):
        return []
    available = sum(row[3] for row in rows)
    if not allow_negative:
        _check_available(env, dealer, product, qty, available)
    negative = allow_negative or dealer.dms_allow_negative_stock
    by_key = {row[1] or None: row for row in rows}
    takes, _shortage = allocation.allocate([(row[1] or None, row[3]) for row in rows], qty, allow_negative=negative)
    return [(key, by_key[key][2] if key in by_key else False, amount) for key, amount in takes]
