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
