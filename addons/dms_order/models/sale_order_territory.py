# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class SaleOrder(models.Model):
    """Cross-territory (窜货) checks of a dealer order at confirmation."""

    _inherit = "sale.order"

    dms_alert_ids = fields.One2many("dms.order.alert", "order_id", string="Alerts", copy=False)
    dms_alert_count = fields.Integer(compute="_compute_dms_alert_count")

    def _compute_dms_alert_count(self):
        counts = dict(
            self.env["dms.order.alert"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.dms_alert_count = counts.get(order, 0)

    # ------------------------------------------------------------------
    # Cross-territory
    # ------------------------------------------------------------------
    def _dms_check_cross_territory(self):
        """Flag ship-to addresses outside the dealer's authorised territories.

        Returns the orders that must not be confirmed (block mode, not authorised).
        """
        Alert = self.env["dms.order.alert"].sudo()
        # the address lies wherever it lies: match against every territory
        Territory = self.env["dms.territory"].sudo()
        blocked = self.browse()
        existing = Alert.search_fetch(
            [("order_id", "in", self.ids), ("alert_type", "=", "cross_territory")], ["order_id", "state"]
        )
        existing_by_order = existing.grouped("order_id")
        new_vals = []
        for order in self:
            if not order._dms_is_dealer_order():
                continue
            dealer = order.dealer_id.sudo()
            authorized = dealer._get_authorized_territories()
            ship = order.partner_shipping_id
            if not authorized or not ship:
                continue
            matched = Territory._match_address(ship.country_id, ship.state_id, ship.zip)
            if not matched or authorized._covers(matched):
                continue
            alerts = existing_by_order.get(order, Alert)
            if any(a.state == "authorized" for a in alerts):
                continue
            if not alerts.filtered(lambda a: a.state == "new"):
                new_vals.append(Alert._prepare_cross_territory_vals(order, matched, authorized))
            if order.company_id.dms_cross_territory_mode == "block":
                blocked |= order
        if new_vals:
            alerts = Alert.create(new_vals)
            alerts._notify_responsible()
            for alert in alerts:
                alert.order_id.message_post(body=alert.evidence, subtype_xmlid="mail.mt_note")
        for order in blocked:
            order.message_post(
                body=self.env._(
                    "Not confirmed: the ship-to address is outside the dealer's authorised territories. "
                    "The alert must be authorised first."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return blocked

    def action_dms_view_alerts(self):
        self.ensure_one()
        self._dms_check_actor("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_order.action_dms_order_alert")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action
