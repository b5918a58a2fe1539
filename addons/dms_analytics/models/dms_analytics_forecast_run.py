# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsAnalyticsForecastRun(models.Model):
    """One day's forecast computation of a company: where it stands (resume point)."""

    _name = "dms.analytics.forecast.run"
    _description = "Forecast Computation Run"
    _order = "date desc, id desc"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True, index=True)
    date = fields.Date(string="Date", required=True, readonly=True)
    last_dealer_id = fields.Integer(string="Last Dealer Done", readonly=True, default=0)
    dealer_count = fields.Integer(string="Dealers Done", readonly=True, default=0)

    _sql_constraints = [
        ("company_date_unique", "UNIQUE(company_id, date)", "One forecast run per company and day."),
    ]

    @api.model
    def _dms_get_run(self, company, day):
        """The run of ``company`` on ``day``, created on first use and locked for this transaction.

        The row lock makes a second computation of the same day (two crons, a click on
        *Compute now* while the cron runs) wait, then resume after what the first one did.
        """
        self.env.cr.execute(
            """
            INSERT INTO dms_analytics_forecast_run (company_id, date, last_dealer_id, dealer_count,
                                                    create_uid, write_uid, create_date, write_date)
                 VALUES (%s, %s, 0, 0, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (company_id, date) DO NOTHING
            """,
            [company.id, day, self.env.uid, self.env.uid],
        )
        self.env.cr.execute(
            "SELECT id FROM dms_analytics_forecast_run WHERE company_id = %s AND date = %s FOR UPDATE",
            [company.id, day],
        )
        run = self.sudo().browse(self.env.cr.fetchone()[0])
        run.invalidate_recordset()
        return run

    def _dms_advance(self, last_dealer_id, count):
        self.ensure_one()
        self.sudo().write({"last_dealer_id": last_dealer_id, "dealer_count": self.dealer_count + count})
