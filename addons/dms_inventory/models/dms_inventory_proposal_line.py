# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class DmsInventoryProposalLine(models.Model):
    _name = "dms.inventory.proposal.line"
    _description = "Replenishment Proposal Line"
    _order = "proposal_id, id"

    proposal_id = fields.Many2one(
        "dms.inventory.proposal", required=True, readonly=True, ondelete="cascade", index=True
    )
    dealer_id = fields.Many2one(related="proposal_id.dealer_id", store=True, index=True)
    dealer_path = fields.Char(related="proposal_id.dealer_path", store=True)
    territory_id = fields.Many2one(related="proposal_id.territory_id", store=True)
    currency_id = fields.Many2one(related="proposal_id.currency_id")
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_proposed = fields.Float(string="Proposed", digits="Product Unit of Measure", readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    pack_qty = fields.Float(string="Pack Size", digits="Product Unit of Measure", readonly=True)
    price_unit = fields.Float(string="Unit Price", digits="Product Price", readonly=True)
    tax_rate = fields.Float(readonly=True)
    subtotal = fields.Monetary(compute="_compute_subtotal", currency_field="currency_id")
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure", readonly=True)
    qty_in_transit = fields.Float(string="In Transit", digits="Product Unit of Measure", readonly=True)
    outflow = fields.Float(string="Trailing Outflow", digits="Product Unit of Measure", readonly=True)

    @api.depends("qty", "price_unit")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.qty * line.price_unit

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env["dms.workflow.mixin"]._workflow_is_engine():
            raise AccessError(self.env._("Proposal lines are made by the system only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Change the quantities with the proposal's Set Quantities action."))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(self.env._("Proposal lines are removed by the system only."))
        return super().unlink()
