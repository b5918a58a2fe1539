# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class DmsRebateSimulation(models.TransientModel):
    """What a policy costs over a period (per dealer and in total), or where a dealer stands."""

    _name = "dms.rebate.simulation"
    _description = "Rebate Simulation"

    policy_id = fields.Many2one("dms.rebate.policy")
    partner_id = fields.Many2one("res.partner", string="Dealer", domain=[("is_dealer", "=", True)])
    date_from = fields.Date()
    date_to = fields.Date()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("dms.rebate.simulation.line", "simulation_id", string="Results")
    total_basis = fields.Float(compute="_compute_totals", digits="Product Price")
    total_earned = fields.Monetary(compute="_compute_totals", currency_field="currency_id", string="Total Rebate")

    @api.depends("line_ids.earned", "line_ids.basis")
    def _compute_totals(self):
        for wizard in self:
            wizard.total_basis = sum(wizard.line_ids.mapped("basis"))
            wizard.total_earned = sum(wizard.line_ids.mapped("earned"))

    def _prepare_line_vals(self, policy, partner, result, date_from, date_to):
        return {
            "policy_id": policy.id,
            "partner_id": partner.id,
            "date_from": date_from,
            "date_to": date_to,
            "basis": result["basis"],
            "tier_rate": result["tier_rate"],
            "earned": result["earned"],
            "next_threshold": result["next_threshold"] or 0.0,
            "missing_to_next": result["missing_to_next"] or 0.0,
            "capped": result.get("capped", False),
        }

    def action_compute(self):
        self.ensure_one()
        if not self.policy_id and not self.partner_id:
            raise UserError(self.env._("Choose a policy or a dealer to simulate."))
        commands = [Command.clear()]
        if self.policy_id:
            policy = self.policy_id
            policy._check_eligibility()
            if not (self.date_from and self.date_to) or self.date_from > self.date_to:
                raise UserError(self.env._("Choose a period: the start date must precede the end date."))
            partners = policy._get_eligible_partners()
            if self.partner_id:
                partners = partners & self.partner_id.commercial_partner_id
            for partner, result in policy._compute_rebates(self.date_from, self.date_to, partners).items():
                if result["basis"] or result["earned"]:
                    commands.append(
                        Command.create(self._prepare_line_vals(policy, partner, result, self.date_from, self.date_to))
                    )
        else:
            partner = self.partner_id.commercial_partner_id
            for progress in partner._dms_rebate_progress(self.company_id):
                commands.append(
                    Command.create(
                        self._prepare_line_vals(
                            progress["policy"],
                            partner,
                            progress,
                            progress["period_start"],
                            progress["period_end"],
                        )
                    )
                )
        self.line_ids = commands
        return self._action_open()

    def _action_open(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rebate Simulation"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class DmsRebateSimulationLine(models.TransientModel):
    _name = "dms.rebate.simulation.line"
    _description = "Rebate Simulation Line"
    _order = "earned desc, id"

    simulation_id = fields.Many2one("dms.rebate.simulation", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="simulation_id.currency_id")
    policy_id = fields.Many2one("dms.rebate.policy")
    partner_id = fields.Many2one("res.partner", string="Dealer")
    date_from = fields.Date()
    date_to = fields.Date()
    basis = fields.Float(digits="Product Price")
    tier_rate = fields.Float(string="Tier Rate (%)", digits=(16, 4))
    earned = fields.Monetary(string="Rebate", currency_field="currency_id")
    capped = fields.Boolean()
    next_threshold = fields.Float(string="Next Tier From", digits="Product Price")
    missing_to_next = fields.Float(string="Missing to Next Tier", digits="Product Price")
