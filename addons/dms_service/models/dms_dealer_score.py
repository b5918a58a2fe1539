# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models

from ..tools import service


class DmsDealerScore(models.Model):
    """Service measures on the dealer scorecard: tickets opened in the period, SLA breach rate,
    average satisfaction rating, and the service KPI score, weighted into the total by the
    version's service weight (0 unless HQ sets one)."""

    _inherit = "dms.dealer.score"

    service_ticket_count = fields.Integer(string="Service Tickets", readonly=True)
    service_breach_rate_pct = fields.Float(string="SLA Breach Rate (%)", digits=(16, 1), readonly=True)
    service_rating_avg = fields.Float(string="Average Service Rating", digits=(16, 2), readonly=True)
    service_score = fields.Float(digits=(16, 1), readonly=True)
    service_measured = fields.Boolean(readonly=True)
    service_rated = fields.Boolean(readonly=True)

    @api.model
    def _dms_get_service_stats(self, partners, date_from, date_to, company):
        """``{dealer: service.service_measures(...)}`` of the tickets opened in the period, one query."""
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        tickets = (
            self.env["dms.service.ticket"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("state", "!=", "cancelled"),
                    ("open_date", ">=", start),
                    ("open_date", "<", end),
                ],
                ["partner_id", "sla_breached", "rating_last_value"],
            )
        )
        rows = {}
        for ticket in tickets:
            rows.setdefault(ticket.partner_id, []).append((ticket.sla_breached, ticket.rating_last_value))
        return {partner: service.service_measures(items) for partner, items in rows.items()}

    def _dms_collect_measures(self):
        result = super()._dms_collect_measures()
        groups = self.grouped(lambda s: (s.date_from, s.date_to, s.company_id))
        for (date_from, date_to, company), scores in groups.items():
            stats = self._dms_get_service_stats(scores.partner_id, date_from, date_to, company)
            for score in scores:
                result[score]["service"] = stats.get(score.partner_id) or service.service_measures([])
        return result

    def _dms_extra_kpis(self, measures):
        kpis = super()._dms_extra_kpis(measures)
        stats = measures.get("service") or service.service_measures([])
        kpis["service"] = (stats["breach_rate"], service.service_score(stats["breach_rate"], stats["rating_avg"]))
        return kpis

    def _prepare_score_vals(self, measures, result):
        vals = super()._prepare_score_vals(measures, result)
        stats = measures.get("service") or service.service_measures([])
        vals.update(
            {
                "service_ticket_count": stats["count"],
                "service_breach_rate_pct": stats["breach_rate"] or 0.0,
                "service_rating_avg": stats["rating_avg"] or 0.0,
                "service_score": result["scores"].get("service") or 0.0,
                "service_measured": stats["breach_rate"] is not None,
                "service_rated": stats["rating_avg"] is not None,
            }
        )
        return vals

    def action_view_service_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_service.action_dms_service_ticket")
        action["domain"] = [
            ("partner_id", "=", self.partner_id.id),
            ("open_date", ">=", fields.Datetime.to_string(datetime.combine(self.date_from, time.min))),
            ("open_date", "<", fields.Datetime.to_string(datetime.combine(self.date_to + timedelta(days=1), time.min))),
        ]
        action["context"] = {"create": False}
        return action
