# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_below_floor = fields.Boolean(
        string="Below Price Floor",
        compute="_compute_dms_below_floor",
        store=True,
        index=True,
        help="A line is priced under its floor (minimum price, cost + margin or suggested retail price).",
        groups="base.group_user",
    )
    dms_floor_approved = fields.Boolean(
        string="Floor Breach Approved", copy=False, tracking=True, groups="base.group_user"
    )
    dms_floor_approval_reason = fields.Text(string="Floor Approval Reason", copy=False, groups="base.group_user")
    dms_floor_approved_by_id = fields.Many2one(
        "res.users", string="Floor Approved By", copy=False, readonly=True, groups="base.group_user"
    )
    dms_floor_approved_date = fields.Datetime(
        string="Floor Approved On", copy=False, readonly=True, groups="base.group_user"
    )
    dms_price_deviation_count = fields.Integer(compute="_compute_dms_price_deviation_count", groups="base.group_user")

    @api.depends("order_line.dms_below_floor")
    def _compute_dms_below_floor(self):
        for order in self:
            order.dms_below_floor = any(order.order_line.mapped("dms_below_floor"))

    def _compute_dms_price_deviation_count(self):
        counts = dict(
            self.env["dms.price.deviation"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.dms_price_deviation_count = counts.get(order, 0)

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message:
            return message
        if self.dms_below_floor and not self.dms_floor_approved:
            lines = self.order_line.filtered("dms_below_floor")
            return self.env._(
                "Lines priced under their floor need a pricing manager's approval with a reason before "
                "confirmation: %(products)s.",
                products=", ".join(lines.product_id.mapped("display_name")),
            )
        return False

    # Promotion programs (sale_loyalty) targeted at dealer levels, territories, customers
    def _get_program_domain(self):
        domain = super()._get_program_domain()
        return domain + self.env["loyalty.program"]._dms_get_target_domain(self.partner_id)

    def _get_trigger_domain(self):
        domain = super()._get_trigger_domain()
        return domain + self.env["loyalty.program"]._dms_get_target_domain(self.partner_id, prefix="program_id.")

    def action_dms_approve_floor(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve Price Floor Breach"),
            "res_model": "dms.floor.approval.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _dms_approve_floor(self, reason):
        self.write(
            {
                "dms_floor_approved": True,
                "dms_floor_approval_reason": reason,
                "dms_floor_approved_by_id": self.env.uid,
                "dms_floor_approved_date": fields.Datetime.now(),
            }
        )
        for order in self:
            order.message_post(
                body=self.env._(
                    "Price floor breach approved by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                )
            )

    def action_view_dms_price_deviations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_pricing.action_dms_price_deviation")
        action["domain"] = [("order_id", "=", self.id)]
        return action
