# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class DmsRebateAccrualQueue(models.Model):
    """Dealers' invoices and refunds whose rebate accrual is still to be brought up to date.

    Posting, resetting or cancelling a customer invoice adds one row per invoice in one
    INSERT: no accrual is computed in the poster's request. The triggered job
    ``dms.rebate.accrual._cron_process_queue`` books the rows in batches and deletes the
    rows it booked in the same transaction, so each row is booked once; the accrual row
    (``amount_booked``) keeps a rerun from booking anything twice.

    The dealer, company and accounting date are kept on the row, not only the invoice: a
    draft invoice deleted after its reset must still take its accrual back.
    """

    _name = "dms.rebate.accrual.queue"
    _description = "Rebate Accrual Queue"
    _order = "id"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True, ondelete="set null", index=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    date = fields.Date(required=True, readonly=True, help="Accounting date of the invoice: its accrual period.")

    @api.model
    def _moves_to_accrue(self, moves):
        """The customer invoices and refunds of dealers among ``moves`` (settlement credit notes aside)."""
        return moves.filtered(
            lambda m: (
                m.move_type in CUSTOMER_MOVE_TYPES
                and not m.dms_rebate_settlement_id
                and m.commercial_partner_id.is_dealer
            )
        )

    @api.model
    def _enqueue(self, moves):
        """Record that ``moves`` need their accrual recomputed and trigger the job (two INSERTs)."""
        moves = self._moves_to_accrue(moves)
        if not moves:
            return
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO dms_rebate_accrual_queue
                    (move_id, partner_id, company_id, date, create_uid, create_date, write_uid, write_date)
                SELECT move_id, partner_id, company_id, day, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(moves)s::int[], %(partners)s::int[], %(companies)s::int[], %(days)s::date[])
                       AS q(move_id, partner_id, company_id, day)
                """,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                moves=moves.ids,
                partners=[m.commercial_partner_id.id for m in moves],
                companies=[m.company_id.id for m in moves],
                days=[m.date or m.invoice_date or today for m in moves],
            )
        )
        # the xmlid lookup is cached: no query to find the cron
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "dms_rebate.ir_cron_dms_rebate_accrual_queue", raise_if_not_found=False
        )
        if cron_id:
            self.env["ir.cron"].sudo().browse(cron_id)._trigger()
