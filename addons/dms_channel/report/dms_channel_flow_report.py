# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class DmsChannelFlowReport(models.Model):
    """Channel flow per dealer, product and month: what the brand invoiced the dealer (sell-in),
    what the dealer shipped to its downstream (sell-through) and what it reported sold to
    consumers (sell-out). Quantities and values are untaxed, in company currency.

    * sell-in: posted customer invoices minus credit notes of the dealer (as rebates count it:
      settlement credit notes and the rebate product left out), quantity as invoiced;
    * sell-through: channel shipments of the dealer as seller, by shipment date;
    * sell-out: the dealer's posted sell-out report lines by sale date, at its own price.

    Read-only; visible as dms_channel's back office: HQ everything, a regional manager the
    dealers of its territory subtree (record rules on ``territory_id``).
    """

    _name = "dms.channel.flow.report"
    _description = "Channel Flow Report"
    _auto = False
    _order = "date desc, dealer_id, product_id"
    _rec_name = "dealer_id"

    date = fields.Date(string="Month", readonly=True)
    dealer_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    territory_id = fields.Many2one("dms.territory", string="Territory", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    sell_in_qty = fields.Float(string="Sell-in Qty", digits="Product Unit of Measure", readonly=True)
    sell_in_value = fields.Monetary(string="Sell-in Value", currency_field="currency_id", readonly=True)
    sell_through_qty = fields.Float(string="Sell-through Qty", digits="Product Unit of Measure", readonly=True)
    sell_through_value = fields.Monetary(string="Sell-through Value", currency_field="currency_id", readonly=True)
    sell_out_qty = fields.Float(string="Sell-out Qty", digits="Product Unit of Measure", readonly=True)
    sell_out_value = fields.Monetary(string="Sell-out Value", currency_field="currency_id", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH flows AS (
                SELECT aml.partner_id AS dealer_id, aml.product_id, aml.company_id,
                       date_trunc('month', aml.date)::date AS month,
                       CASE WHEN am.move_type = 'out_refund' THEN -aml.quantity ELSE aml.quantity END AS in_qty,
                       -aml.balance AS in_value,
                       0.0 AS through_qty, 0.0 AS through_value, 0.0 AS out_qty, 0.0 AS out_value
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN res_partner dealer ON dealer.id = aml.partner_id
                 WHERE aml.parent_state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.dms_rebate_settlement_id IS NULL
                   AND aml.display_type = 'product'
                   AND aml.product_id IS NOT NULL
                   AND dealer.is_dealer
                   AND NOT EXISTS (
                        SELECT 1 FROM ir_model_data imd
                         WHERE imd.module = 'dms_rebate' AND imd.name = 'product_dms_rebate'
                           AND imd.model = 'product.product' AND imd.res_id = aml.product_id)
             UNION ALL
                SELECT sl.seller_id, sl.product_id, sl.company_id, date_trunc('month', sl.date)::date,
                       0.0, 0.0, sl.product_qty, sl.price_subtotal, 0.0, 0.0
                  FROM dms_channel_shipment_line sl
             UNION ALL
                SELECT rl.seller_id, rl.product_id, rl.company_id, date_trunc('month', rl.date)::date,
                       0.0, 0.0, -rl.product_qty, -rl.price_subtotal, 0.0, 0.0
                  FROM dms_channel_return_line rl
                 WHERE rl.state = 'accepted'
             UNION ALL
                SELECT ol.dealer_id, ol.product_id, ol.company_id, date_trunc('month', ol.sale_date)::date,
                       0.0, 0.0, 0.0, 0.0, ol.product_qty, ol.price_subtotal
                  FROM dms_channel_sellout_report_line ol
                 WHERE ol.report_state = 'posted'
            )
            SELECT ROW_NUMBER() OVER (ORDER BY f.month, f.dealer_id, f.product_id, f.company_id) AS id,
                   f.month AS date, f.dealer_id, dealer.territory_id, f.product_id, tmpl.categ_id,
                   f.company_id, company.currency_id,
                   SUM(f.in_qty) AS sell_in_qty, SUM(f.in_value) AS sell_in_value,
                   SUM(f.through_qty) AS sell_through_qty, SUM(f.through_value) AS sell_through_value,
                   SUM(f.out_qty) AS sell_out_qty, SUM(f.out_value) AS sell_out_value
              FROM flows f
              JOIN res_partner dealer ON dealer.id = f.dealer_id
              JOIN product_product product ON product.id = f.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              JOIN res_company company ON company.id = f.company_id
          GROUP BY f.month, f.dealer_id, dealer.territory_id, f.product_id, tmpl.categ_id, f.company_id,
                   company.currency_id
            """
        )

    @api.model
    def _flush_sources(self):
        for model in (
            "account.move.line",
            "dms.channel.shipment.line",
            "dms.channel.return.line",
            "dms.channel.sellout.report.line",
        ):
            self.env[model].flush_model()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        self._flush_sources()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
