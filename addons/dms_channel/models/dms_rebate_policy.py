# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.osv import expression

#: rebate bases fed by channel sales (see ``_read_basis``)
CHANNEL_BASES = ("sell_through", "sell_out")


class DmsRebatePolicy(models.Model):
    """Rebates on channel sales: a dealer earns on what it sells to its downstream.

    * ``sell_through``: untaxed value (company currency) of the channel orders the dealer
      SHIPPED to its downstream customers in the period, by shipment date;
    * ``sell_out``: value of the dealer's posted sell-out report lines by sale date, each valued
      at the dealer's own purchase price from ``dms_pricing`` and stored on the line.

    Only the rebate the brand pays is booked (its accrual entries, as for sell-in); the channel
    sale itself never enters the brand's books.
    """

    _inherit = "dms.rebate.policy"

    basis = fields.Selection(
        selection_add=[
            ("sell_through", "Channel Sales Shipped (sell-through)"),
            ("sell_out", "Reported Sell-out"),
        ],
        ondelete={"sell_through": "set default", "sell_out": "set default"},
    )

    def _get_channel_product_domain(self):
        self.ensure_one()
        branches = []
        if self.product_ids:
            branches.append([("product_id", "in", self.product_ids.ids)])
        if self.categ_ids:
            branches.append([("product_id.categ_id", "child_of", self.categ_ids.ids)])
        return expression.OR(branches) if branches else []

    def _get_channel_basis_domain(self, date_from, date_to, partners=None):
        """Shipment lines (sell-through) or posted sell-out lines (sell-out) that count."""
        self.ensure_one()
        date_from = max(date_from, self.date_start)
        if self.date_end:
            date_to = min(date_to, self.date_end)
        if self.basis == "sell_through":
            domain = [
                ("company_id", "=", self.company_id.id),
                ("date", ">=", fields.Datetime.to_datetime(date_from)),
                ("date", "<", fields.Datetime.to_datetime(date_to + timedelta(days=1))),
            ]
            if partners is not None:
                domain.append(("seller_id", "in", partners.ids))
        else:
            domain = [
                ("company_id", "=", self.company_id.id),
                ("report_state", "=", "posted"),
                ("sale_date", ">=", date_from),
                ("sale_date", "<=", date_to),
            ]
            if partners is not None:
                domain.append(("dealer_id", "in", partners.ids))
        return expression.AND([domain, self._get_channel_product_domain()])

    def _read_basis(self, date_from, date_to, partners=None):
        """Override point of the accrual engine: channel bases read the channel documents."""
        self.ensure_one()
        if self.basis not in CHANNEL_BASES:
            return super()._read_basis(date_from, date_to, partners)
        if date_from > date_to:
            return {}
        if self.basis == "sell_through":
            model, partner_field = "dms.channel.shipment.line", "seller_id"
        else:
            model, partner_field = "dms.channel.sellout.report.line", "dealer_id"
        result = defaultdict(float)
        rows = (
            self.env[model]
            .sudo()
            ._read_group(
                self._get_channel_basis_domain(date_from, date_to, partners),
                [partner_field],
                ["price_subtotal:sum"],
            )
        )
        for partner, amount in rows:
            result[partner.commercial_partner_id] += amount
        if self.basis == "sell_through":
            # accepted returns between dealers net the seller's sell-through, by acceptance date
            returns = (
                self.env["dms.channel.return.line"]
                .sudo()
                ._read_group(
                    self._get_channel_basis_domain(date_from, date_to, partners) + [("state", "=", "accepted")],
                    ["seller_id"],
                    ["price_subtotal:sum"],
                )
            )
            for partner, amount in returns:
                result[partner.commercial_partner_id] -= amount
        return result
