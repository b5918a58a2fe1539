# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsSimulationLine(models.Model):
    """One dealer's result: baseline (the orders as they were) against the scenario.

    Written by the simulation run alone (users read them); a re-run replaces them."""

    _name = "dms.simulation.line"
    _description = "Strategy Simulation Result"
    _order = "simulation_id, region_id, level_id, delta_revenue, id"
    _check_company_auto = True

    simulation_id = fields.Many2one("dms.simulation", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    region_id = fields.Many2one("dms.territory", readonly=True, index=True)
    level_id = fields.Many2one("dms.dealer.level", string="Dealer Level", readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True, index=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    line_count = fields.Integer(string="Order Lines", readonly=True)
    changed_line_count = fields.Integer(string="Repriced Lines", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    baseline_revenue = fields.Monetary(currency_field="currency_id", readonly=True)
    simulated_revenue = fields.Monetary(currency_field="currency_id", readonly=True)
    delta_revenue = fields.Monetary(string="Revenue Change", currency_field="currency_id", readonly=True)
    delta_revenue_pct = fields.Float(string="Revenue Change (%)", digits=(16, 2), readonly=True, aggregator="avg")
    baseline_cost = fields.Monetary(string="Baseline Cost of Goods", currency_field="currency_id", readonly=True)
    simulated_cost = fields.Monetary(string="Simulated Cost of Goods", currency_field="currency_id", readonly=True)
    baseline_margin = fields.Monetary(currency_field="currency_id", readonly=True)
    simulated_margin = fields.Monetary(currency_field="currency_id", readonly=True)
    delta_margin = fields.Monetary(string="Margin Change", currency_field="currency_id", readonly=True)
    delta_margin_pct = fields.Float(string="Margin Change (%)", digits=(16, 2), readonly=True, aggregator="avg")
    baseline_rebate = fields.Monetary(string="Baseline Rebate Cost", currency_field="currency_id", readonly=True)
    simulated_rebate = fields.Monetary(string="Simulated Rebate Cost", currency_field="currency_id", readonly=True)
    delta_rebate = fields.Monetary(string="Rebate Cost Change", currency_field="currency_id", readonly=True)
    delta_rebate_pct = fields.Float(string="Rebate Cost Change (%)", digits=(16, 2), readonly=True, aggregator="avg")
    baseline_net = fields.Monetary(string="Baseline Margin after Rebate", currency_field="currency_id", readonly=True)
    simulated_net = fields.Monetary(string="Simulated Margin after Rebate", currency_field="currency_id", readonly=True)
    delta_net = fields.Monetary(string="Margin after Rebate Change", currency_field="currency_id", readonly=True)

    def action_view_order_lines(self):
        """The simulated order lines behind this result (drill-down)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_simulation.action_dms_simulation_order_line")
        action["domain"] = [("simulation_id", "=", self.simulation_id.id), ("partner_id", "=", self.partner_id.id)]
        action["context"] = {}
        return action
