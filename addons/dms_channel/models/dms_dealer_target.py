# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

#: sales bases fed by channel sales, for targets and scorecards
CHANNEL_TARGET_BASES = [
    ("sell_through", "Channel sales shipped (sell-through)"),
    ("sell_out", "Reported sell-out"),
]
CHANNEL_TARGET_ONDELETE = {"sell_through": "set invoiced", "sell_out": "set invoiced"}


class DmsDealerTarget(models.Model):
    """Channel sales count toward the SELLER's targets, as a basis of their own.

    * ``sell_through``: untaxed value of the channel orders the dealer shipped to its downstream
      in the period (by shipment date), quantities in the product's unit;
    * ``sell_out``: the dealer's posted sell-out report lines by sale date, valued at its own
      price (see ``dms.channel.sellout.report.line``).

    A basis choice rather than an addition to the invoiced basis: a distributor's sell-in (what
    the brand invoices it) and its sell-through (what it resells) are the same goods, adding them
    would count them twice.
    """

    _inherit = "dms.dealer.target"

    basis = fields.Selection(selection_add=CHANNEL_TARGET_BASES, ondelete=CHANNEL_TARGET_ONDELETE)

    @api.model
    def _dms_get_channel_actual_domain(self, partners, date_from, date_to, company, basis):
        if basis == "sell_through":
            return [
                ("company_id", "=", company.id),
                ("seller_id", "in", partners.ids),
                ("date", ">=", fields.Datetime.to_datetime(date_from)),
                ("date", "<", fields.Datetime.to_datetime(date_to + timedelta(days=1))),
            ]
        return [
            ("company_id", "=", company.id),
            ("report_state", "=", "posted"),
            ("dealer_id", "in", partners.ids),
            ("sale_date", ">=", date_from),
            ("sale_date", "<=", date_to),
        ]

    @api.model
    def _dms_get_actuals(self, partners, date_from, date_to, company, basis):
        if basis not in dict(CHANNEL_TARGET_BASES):
            return super()._dms_get_actuals(partners, date_from, date_to, company, basis)
        result = defaultdict(lambda: {"amount": 0.0, "categ": defaultdict(lambda: [0.0, 0.0])})
        if not partners:
            return result
        model, partner_field = (
            ("dms.channel.shipment.line", "seller_id")
            if basis == "sell_through"
            else ("dms.channel.sellout.report.line", "dealer_id")
        )
        rows = (
            self.env[model]
            .sudo()
            ._read_group(
                self._dms_get_channel_actual_domain(partners, date_from, date_to, company, basis),
                [partner_field, "product_id"],
                ["price_subtotal:sum", "product_qty:sum"],
            )
        )
        if basis == "sell_through":
            # accepted returns between dealers net the seller's sell-through, by acceptance date
            returns = (
                self.env["dms.channel.return.line"]
                .sudo()
                ._read_group(
                    self._dms_get_channel_actual_domain(partners, date_from, date_to, company, basis)
                    + [("state", "=", "accepted")],
                    [partner_field, "product_id"],
                    ["price_subtotal:sum", "product_qty:sum"],
                )
            )
            rows = list(rows) + [(partner, product, -amount, -qty) for partner, product, amount, qty in returns]
        for partner, product, amount, qty in rows:
            entry = result[partner.commercial_partner_id]
            entry["amount"] += amount
            categ = entry["categ"][product.categ_id]
            categ[0] += qty
            categ[1] += amount
        return result

    def action_view_documents(self):
        self.ensure_one()
        if self.basis not in dict(CHANNEL_TARGET_BASES):
            return super().action_view_documents()
        if self.basis == "sell_through":
            action = self.env["ir.actions.act_window"]._for_xml_id("dms_channel.action_dms_channel_order")
            action["domain"] = [
                ("seller_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("shipment_ids.date", ">=", fields.Datetime.to_string(fields.Datetime.to_datetime(self.date_from))),
                (
                    "shipment_ids.date",
                    "<",
                    fields.Datetime.to_string(fields.Datetime.to_datetime(self.date_to + timedelta(days=1))),
                ),
            ]
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id("dms_channel.action_dms_channel_sellout_report")
            action["domain"] = [
                ("dealer_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "posted"),
                ("line_ids.sale_date", ">=", fields.Date.to_string(self.date_from)),
                ("line_ids.sale_date", "<=", fields.Date.to_string(self.date_to)),
            ]
        action["context"] = {"create": False}
        action["name"] = self.env._("Sales of %(target)s", target=self.name)
        return action
