# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Channel inventory fixture on dms_channel's: thresholds and sales history helpers."""

from datetime import datetime, timedelta

from odoo import fields

from odoo.addons.dms_channel.tests.common import DmsChannelCommon


class DmsInventoryCommon(DmsChannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)
        cls.company = env.company
        cls.company.dms_inventory_trailing_weeks = 8
        env["dms.inventory.threshold"].search([("company_id", "=", cls.company.id)]).unlink()
        cls.threshold = env["dms.inventory.threshold"].create(
            {
                "company_id": cls.company.id,
                "safety_weeks": 2,
                "target_weeks": 4,
                "overstock_weeks": 12,
                "slow_days": 90,
                "expiry_days": 30,
            }
        )
        cls.today = fields.Date.context_today(env["res.partner"])

    @classmethod
    def _sell(cls, dealer, product, qty, days_ago=7, kind="sell_out"):
        """``qty`` out of ``dealer``'s stock to consumers ``days_ago`` days ago."""
        return cls.env(su=True)["dms.channel.stock.move"]._post(
            [
                {
                    "dealer_id": dealer.id,
                    "product_id": product.id,
                    "qty": -qty,
                    "kind": kind,
                    "date": datetime.now() - timedelta(days=days_ago),
                    "reference": "test sell-out",
                }
            ]
        )

    def _scan(self, dealers=None):
        Alert = self.env["dms.inventory.alert"].sudo()
        return Alert._scan(self.company, dealer_ids=(dealers or self.dist_a | self.sub_a | self.retail_a).ids)

    def _alerts(self, dealer, kind=None):
        domain = [("dealer_id", "=", dealer.id)]
        if kind:
            domain.append(("kind", "=", kind))
        return self.env["dms.inventory.alert"].sudo().search(domain)
