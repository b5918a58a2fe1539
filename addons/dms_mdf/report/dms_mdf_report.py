# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class DmsMdfReport(models.Model):
    """Budget vs spent: one row per fund (its amount) and one per activity (committed, claimed, paid)."""

    _name = "dms.mdf.report"
    _description = "Marketing Funds: Budget vs Spent"
    _auto = False
    _order = "date desc"
    _rec_name = "budget_id"

    budget_id = fields.Many2one("dms.mdf.budget", string="Fund", readonly=True)
    activity_id = fields.Many2one("dms.mdf.activity", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    territory_id = fields.Many2one("dms.territory", readonly=True)
    date = fields.Date(readonly=True)
    activity_type = fields.Selection(
        lambda self: self.env["dms.mdf.activity"]._fields["activity_type"].selection, string="Type", readonly=True
    )
    amount_budget = fields.Monetary(string="Budget", currency_field="currency_id", readonly=True)
    amount_committed = fields.Monetary(string="Committed", currency_field="currency_id", readonly=True)
    amount_claimed = fields.Monetary(string="Claimed", currency_field="currency_id", readonly=True)
    amount_paid = fields.Monetary(string="Paid", currency_field="currency_id", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    SELECT b.id * 2 AS id, b.id AS budget_id, NULL::integer AS activity_id, b.company_id,
                           c.currency_id, b.partner_id, b.scope_territory_id AS territory_id, b.date_from AS date,
                           NULL::varchar AS activity_type, b.amount AS amount_budget, 0.0 AS amount_committed,
                           0.0 AS amount_claimed, 0.0 AS amount_paid
                      FROM dms_mdf_budget b
                      JOIN res_company c ON c.id = b.company_id
                     WHERE b.active
                    UNION ALL
                    SELECT a.id * 2 + 1, a.budget_id, a.id, a.company_id, c.currency_id, a.partner_id,
                           a.territory_id, a.date_from, a.activity_type, 0.0, COALESCE(a.amount_committed, 0.0),
                           COALESCE(a.amount_claimed, 0.0), COALESCE(a.amount_paid, 0.0)
                      FROM dms_mdf_activity a
                      JOIN res_company c ON c.id = a.company_id
                     WHERE a.budget_id IS NOT NULL
                )""",
                SQL.identifier(self._table),
            )
        )
