# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DmsDealerStatementGenerate(models.TransientModel):
    _name = "dms.dealer.statement.generate"
    _description = "Generate Dealer Statements"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Dealers",
        domain=[("is_dealer", "=", True), ("is_company", "=", True)],
    )
    period_type = fields.Selection(
        [("month", "Month"), ("range", "Date Range")], string="Period", default="month", required=True
    )
    month = fields.Date(default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_from = fields.Date()
    date_to = fields.Date()
    send = fields.Boolean(string="Send to Portal", default=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
        return values

    def action_generate(self):
        """Generate (or regenerate) the statements of the chosen dealers and period."""
        self.ensure_one()
        Statement = self.env["dms.dealer.statement"]
        # finance and HQ only: the others may not create statements
        Statement.check_access("create")
        if not self.partner_ids:
            raise UserError(self.env._("Choose at least one dealer."))
        if self.period_type == "month":
            month = self.month and f"{self.month.year:04d}-{self.month.month:02d}"
            date_from, date_to = Statement._dms_parse_period(month=month)
        else:
            date_from, date_to = Statement._dms_parse_period(date_from=self.date_from, date_to=self.date_to)
        statements = Statement
        for partner in self.partner_ids:
            statements |= Statement._dms_generate_on_demand(partner, date_from, date_to, send=self.send)
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_portal.action_dms_dealer_statement")
        if len(statements) == 1:
            action.update(res_id=statements.id, view_mode="form", views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", statements.ids)]
        return action
