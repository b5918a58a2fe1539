# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsSimulationOrderLine(models.Model):
    """One confirmed order line as the simulation used it: its actual amount and the amount
    the scenario gives it (the drill-down of a result). Written by the run alone."""

    _name = "dms.simulation.order.line"
    _description = "Strategy Simulation Order Line"
    _order = "simulation_id, order_id, id"
    _check_company_auto = True

    simulation_id = fields.Many2one("dms.simulation", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", ondelete="set null", readonly=True)
    order_id = fields.Many2one("sale.order", ondelete="set null", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True, index=True)
    region_id = fields.Many2one("dms.territory", readonly=True)
    level_id = fields.Many2one("dms.dealer.level", string="Dealer Level", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure", help="In the product's unit.")
    discount = fields.Float(string="Discount (%)", readonly=True, digits="Discount")
    baseline_amount = fields.Monetary(string="Actual Amount", currency_field="currency_id", readonly=True)
    simulated_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    delta_amount = fields.Monetary(string="Change", currency_field="currency_id", readonly=True)
    simulated_price = fields.Monetary(
        string="Simulated Unit Price",
        currency_field="currency_id",
        readonly=True,
        help="The unit price the scenario gives the line (empty when it keeps its actual price).",
    )
    baseline_cost = fields.Monetary(string="Cost of Goods", currency_field="currency_id", readonly=True)
    simulated_cost = fields.Monetary(
        string="Simulated Cost of Goods",
        currency_field="currency_id",
        readonly=True,
        help="Includes the free goods a promotion would give with this order.",
    )
    changed = fields.Boolean(string="Repriced", readonly=True)
    explanation = fields.Char(readonly=True, help="Why the scenario changes the line.")
