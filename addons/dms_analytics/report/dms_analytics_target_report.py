# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.dms_dealer.models.dms_dealer_target import PERIOD_TYPES, TARGET_BASES


class DmsAnalyticsTargetReport(models.Model):
    """Target attainment of every dealer target, one row per target, sortable and groupable
    (the ranking board by region, area and dealer).

    The actual is measured in SQL exactly as ``dms.dealer.target`` measures it (its
    ``_dms_get_actuals``): invoiced = posted invoices minus credit notes of the dealer (product
    lines, untaxed, company currency); ordered = confirmed order lines of the dealer's orders
    (untaxed; orders in another currency are converted at the order's own rate, where the
    target form converts at the period's last day). ``test_target_report`` keeps both in step.
    """

    _name = "dms.analytics.target.report"
    _description = "Target Attainment"
    _auto = False
    _order = "attainment desc, dealer_id"
    _rec_name = "target_id"

    target_id = fields.Many2one("dms.dealer.target", string="Dealer Target", readonly=True)
    dealer_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    territory_id = fields.Many2one("dms.territory", string="Area", readonly=True)
    region_id = fields.Many2one("dms.territory", string="Region", readonly=True)
    dealer_level_id = fields.Many2one("dms.dealer.level", string="Dealer Level", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    period_type = fields.Selection(PERIOD_TYPES, string="Period Type", readonly=True)
    basis = fields.Selection(TARGET_BASES, string="Basis", readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    amount = fields.Monetary(string="Target", currency_field="currency_id", readonly=True)
    actual_amount = fields.Monetary(string="Actual", currency_field="currency_id", readonly=True)
    gap_amount = fields.Monetary(string="Still to Sell", currency_field="currency_id", readonly=True)
    attainment = fields.Float(string="Attainment (%)", digits=(16, 1), readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            WITH targets AS (
                SELECT t.id, t.partner_id, t.company_id, t.basis, t.date_from, t.date_to
                  FROM dms_dealer_target t
                 WHERE t.active AND t.date_from IS NOT NULL
            ),
            -- set-based (one join per basis, grouped by target), not a subquery per target: a
            -- subquery per target read every journal item of the period once per target
            invoiced AS (
                SELECT t.id AS target_id, -SUM(aml.balance) AS actual
                  FROM targets t
                  JOIN account_move_line aml
                    ON aml.partner_id = t.partner_id AND aml.company_id = t.company_id
                   AND aml.date >= t.date_from AND aml.date <= t.date_to
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE t.basis IS DISTINCT FROM 'ordered'
                   AND aml.parent_state = 'posted' AND aml.display_type = 'product'
                   AND am.move_type IN ('out_invoice', 'out_refund')
              GROUP BY t.id
            ),
            ordered AS (
                SELECT t.id AS target_id,
                       SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS actual
                  FROM targets t
                  JOIN sale_order so
                    ON so.dealer_id = t.partner_id
                   AND so.date_order >= t.date_from AND so.date_order < t.date_to + INTERVAL '1 day'
                  JOIN sale_order_line sol ON sol.order_id = so.id AND sol.company_id = t.company_id
                 WHERE t.basis = 'ordered' AND sol.state = 'sale' AND sol.display_type IS NULL
              GROUP BY t.id
            ),
            actuals AS (
                SELECT t.id AS target_id, COALESCE(i.actual, o.actual, 0) AS actual
                  FROM targets t
             LEFT JOIN invoiced i ON i.target_id = t.id
             LEFT JOIN ordered o ON o.target_id = t.id
            )
            SELECT t.id, t.id AS target_id, t.partner_id AS dealer_id, dealer.territory_id,
                   region.id AS region_id, dealer.dealer_level_id, t.user_id, t.period_type, t.basis,
                   t.date_from, t.date_to, t.company_id, company.currency_id,
                   t.amount, a.actual AS actual_amount, GREATEST(t.amount - a.actual, 0) AS gap_amount,
                   CASE WHEN t.amount > 0 THEN ROUND((a.actual / t.amount * 100.0)::numeric, 1) ELSE 0 END
                       AS attainment
              FROM dms_dealer_target t
              JOIN actuals a ON a.target_id = t.id
              JOIN res_partner dealer ON dealer.id = t.partner_id
              JOIN res_company company ON company.id = t.company_id
              LEFT JOIN dms_territory area ON area.id = dealer.territory_id
              LEFT JOIN LATERAL (
                    SELECT r.id FROM dms_territory r
                     WHERE r.territory_type = 'region' AND starts_with(area.parent_path, r.parent_path)
                     ORDER BY length(r.parent_path) DESC LIMIT 1
              ) region ON TRUE
            """
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        for model in ("dms.dealer.target", "sale.order.line", "sale.order", "account.move.line", "res.partner"):
            self.env[model].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def action_view_documents(self):
        """The orders or invoices behind the actual (the target's own drill-down)."""
        self.ensure_one()
        return self.target_id.action_view_documents()
