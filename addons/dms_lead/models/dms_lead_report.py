# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .crm_lead import DMS_STATES


class DmsLeadReport(models.Model):
    """Lead to cash (线索到回款): one row per lead sent to dealers, with what came of it.

    Leads → accepted by a dealer → won → order amount (the dealer's channel orders made from the
    lead and the brand's confirmed sale orders of the lead) → invoiced and paid (the brand's posted
    customer invoices of those sale orders; channel orders are paid between dealers, outside the
    brand's books, so they add to the order amount only).
    """

    _name = "dms.lead.report"
    _description = "Lead to Cash"
    _auto = False
    _order = "date desc"

    lead_id = fields.Many2one("crm.lead", readonly=True)
    date = fields.Datetime(string="Created On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    territory_id = fields.Many2one("dms.territory", readonly=True)
    region_id = fields.Many2one("dms.territory", readonly=True)
    dealer_id = fields.Many2one("res.partner", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    dms_state = fields.Selection(DMS_STATES, string="Dealer Assignment", readonly=True)
    lead_count = fields.Integer(string="Leads", readonly=True, aggregator="sum")
    accepted_count = fields.Integer(string="Accepted", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="Won", readonly=True, aggregator="sum")
    offer_count = fields.Integer(string="Offers", readonly=True, aggregator="sum")
    order_amount = fields.Monetary(readonly=True, currency_field="currency_id", aggregator="sum")
    invoiced_amount = fields.Monetary(string="Invoiced", readonly=True, currency_field="currency_id", aggregator="sum")
    paid_amount = fields.Monetary(string="Paid", readonly=True, currency_field="currency_id", aggregator="sum")

    def _query(self):
        return SQL(
            """
            WITH offers AS (
                SELECT lead_id, COUNT(*) AS offer_count,
                       MAX(CASE WHEN date_accepted IS NOT NULL THEN 1 ELSE 0 END) AS accepted
                  FROM dms_lead_assignment GROUP BY lead_id
            ), channel AS (
                SELECT a.lead_id, SUM(o.amount_total) AS amount
                  FROM dms_channel_order o JOIN dms_lead_assignment a ON a.id = o.dms_lead_assignment_id
                 WHERE o.state NOT IN ('draft', 'rejected', 'cancel')
                 GROUP BY a.lead_id
            ), brand AS (
                SELECT opportunity_id AS lead_id, SUM(amount_total) AS amount
                  FROM sale_order WHERE opportunity_id IS NOT NULL AND state = 'sale'
                 GROUP BY opportunity_id
            ), moves AS (
                SELECT DISTINCT so.opportunity_id AS lead_id, am.id, am.amount_total_signed, am.amount_residual_signed
                  FROM sale_order so
                  JOIN sale_order_line sol ON sol.order_id = so.id
                  JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE so.opportunity_id IS NOT NULL AND am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
            ), money AS (
                SELECT lead_id, SUM(amount_total_signed) AS invoiced,
                       SUM(amount_total_signed - amount_residual_signed) AS paid
                  FROM moves GROUP BY lead_id
            )
            SELECT l.id AS id, l.id AS lead_id, l.create_date AS date, l.company_id, l.source_id,
                   l.dms_territory_id AS territory_id, l.dms_dealer_id AS dealer_id, l.dms_state,
                   (SELECT r.id FROM dms_territory r JOIN dms_territory t ON t.id = l.dms_territory_id
                     WHERE r.territory_type = 'region' AND left(t.parent_path, length(r.parent_path)) = r.parent_path
                     ORDER BY length(r.parent_path) DESC LIMIT 1) AS region_id,
                   1 AS lead_count,
                   COALESCE(offers.accepted, 0) AS accepted_count,
                   CASE WHEN l.dms_state = 'won' THEN 1 ELSE 0 END AS won_count,
                   COALESCE(offers.offer_count, 0) AS offer_count,
                   COALESCE(channel.amount, 0) + COALESCE(brand.amount, 0) AS order_amount,
                   COALESCE(money.invoiced, 0) AS invoiced_amount,
                   COALESCE(money.paid, 0) AS paid_amount
              FROM crm_lead l
              LEFT JOIN offers ON offers.lead_id = l.id
              LEFT JOIN channel ON channel.lead_id = l.id
              LEFT JOIN brand ON brand.lead_id = l.id
              LEFT JOIN money ON money.lead_id = l.id
             WHERE l.dms_state != 'new'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
