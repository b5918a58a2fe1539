# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DmsChannelSelloutReport(models.Model):
    """Cross-territory (窜货) check of sell-out: a line reported from a store (ZIP, province,
    country) outside the dealer's authorised territories raises an alert when the report is posted."""

    _inherit = "dms.channel.sellout.report"

    dms_alert_ids = fields.One2many("dms.order.alert", "sellout_report_id", string="Alerts", readonly=True)

    def _post_sellout_moves(self):
        moves = super()._post_sellout_moves()
        self._dms_check_cross_territory()
        return moves

    def _dms_check_cross_territory(self):
        Alert = self.env["dms.order.alert"].sudo()
        vals_list = []
        for report in self.sudo():
            dealer = report.dealer_id.commercial_partner_id
            # a dealer without authorised territories is never outside them: no line is matched
            if not dealer._get_authorized_territories():
                continue
            # one territory match per store address, not per line
            by_address = {}
            for line in report.line_ids:
                if not (line.store_zip or line.store_state_id or line.store_country_id):
                    continue
                country = line.store_country_id or line.store_state_id.country_id
                address_key = (country.id, line.store_state_id.id, line.store_zip or "")
                if address_key not in by_address:
                    by_address[address_key] = Alert._dms_address_outside(
                        dealer, country, line.store_state_id, line.store_zip
                    )
                outside = by_address[address_key]
                if not outside:
                    continue
                address = ", ".join(
                    part
                    for part in (
                        line.store_address,
                        line.store_zip,
                        line.store_state_id.name,
                        line.store_country_id.name,
                    )
                    if part
                )
                vals_list.append(
                    Alert._prepare_channel_cross_territory_vals(
                        dealer,
                        self.env._(
                            "Sell-out %(report)s (%(product)s)",
                            report=report.report_key,
                            product=line.product_id.display_name,
                        ),
                        address,
                        *outside,
                        company_id=report.company_id.id,
                        sellout_line_id=line.id,
                        product_id=line.product_id.id,
                    )
                )
        alerts = Alert.create(vals_list)
        alerts._notify_responsible()
        return alerts
