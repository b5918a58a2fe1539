# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class DmsChannelOrder(models.Model):
    """Cross-territory (窜货) check of channel orders: the buyer's delivery address must lie in
    the seller's authorised territories, else an alert for the seller's regional manager.

    In the company's *block* mode (``dms_cross_territory_mode``, as for the brand's sales orders)
    such an order cannot be accepted nor shipped until its alert is authorised.
    """

    _inherit = "dms.channel.order"

    dms_alert_ids = fields.One2many("dms.order.alert", "channel_order_id", string="Alerts", readonly=True)

    def _workflow_after(self, transition, old_state, reason):
        result = super()._workflow_after(transition, old_state, reason)
        if transition.name == "submit":
            self._dms_check_cross_territory()
        return result

    def _workflow_check(self, transition, reason):
        result = super()._workflow_check(transition, reason)
        if transition.name in ("accept", "ship") and self._dms_cross_territory_blocked():
            raise UserError(
                self.env._(
                    "%(order)s goes outside the seller's authorised territories (cross-territory): it cannot be "
                    "accepted or shipped until the brand authorises its alert.",
                    order=self.display_name,
                )
            )
        return result

    def _dms_cross_territory_blocked(self):
        """Whether the company blocks this order: outside the seller's territories, no authorised alert."""
        self.ensure_one()
        order = self.sudo()  # the parties' addresses and the alerts are read as the system
        if order.company_id.dms_cross_territory_mode != "block":
            return False
        alerts = order.dms_alert_ids.filtered(lambda alert: alert.alert_type == "cross_territory")
        if any(alert.state == "authorized" for alert in alerts):
            return False
        buyer = order.buyer_id.commercial_partner_id
        ship = buyer.browse(buyer.address_get(["delivery"])["delivery"])
        return bool(
            self.env["dms.order.alert"]
            .sudo()
            ._dms_address_outside(order.seller_id, ship.country_id, ship.state_id, ship.zip)
        )

    def _dms_check_cross_territory(self):
        """Raise one alert per order whose buyer's delivery address is outside the seller's territories."""
        Alert = self.env["dms.order.alert"].sudo()
        existing = Alert.search([("channel_order_id", "in", self.ids), ("alert_type", "=", "cross_territory")])
        vals_list = []
        for order in self.sudo():
            if order in existing.channel_order_id:
                continue
            seller = order.seller_id
            buyer = order.buyer_id.commercial_partner_id
            ship = buyer.browse(buyer.address_get(["delivery"])["delivery"])
            outside = Alert._dms_address_outside(seller, ship.country_id, ship.state_id, ship.zip)
            if not outside:
                continue
            address = ship._display_address(without_company=False).strip().replace("\n", ", ")
            vals_list.append(
                Alert._prepare_channel_cross_territory_vals(
                    seller,
                    order.name,
                    address,
                    *outside,
                    company_id=order.company_id.id,
                    channel_order_id=order.id,
                    partner_shipping_id=ship.id,
                )
            )
        alerts = Alert.create(vals_list)
        alerts._notify_responsible()
        for alert in alerts:
            alert.channel_order_id.message_post(body=alert.evidence, subtype_xmlid="mail.mt_note")
        return alerts
