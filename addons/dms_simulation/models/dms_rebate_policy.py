# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models

from odoo.addons.dms_rebate.tools import tiers as tier_tools


class DmsRebatePolicy(models.Model):
    _inherit = "dms.rebate.policy"

    def _dms_simulate_rebates(self, rows, last_rows=(), categ_chains=None):
        """{commercial partner id: rebate earned} of this policy on a simulated basis.

        ``rows`` are ``(partner id, product id, amount, quantity)`` of the period's orders
        (company currency, product UoM); ``last_rows`` the same for the same period one year
        earlier (growth basis only); ``categ_chains`` maps a product to its category and the
        category's parents. Eligibility is the policy's own targeting, the product scope its
        products and categories, the maths :func:`tools.tiers.compute_rebate` with its tiers,
        mode and cap: what approving and settling the policy would pay on that basis.
        Reads only; nothing is written.
        """
        self.ensure_one()
        categ_chains = categ_chains or {}
        product_ids = set(self.product_ids.ids)
        categ_ids = set(self.categ_ids.ids)

        def in_scope(product_id):
            if not (product_ids or categ_ids):
                return True
            return product_id in product_ids or bool(categ_ids & set(categ_chains.get(product_id, ())))

        partner_ids = {row[0] for row in rows}
        eligible = set(self._get_eligible_partners(self.env["res.partner"].sudo().browse(partner_ids)).ids)
        basis = defaultdict(float)
        for sign, source in ((1, rows), (-1, last_rows if self.basis == "growth" else ())):
            for partner_id, product_id, amount, quantity in source:
                if partner_id in eligible and in_scope(product_id):
                    basis[partner_id] += sign * (quantity if self.basis == "quantity" else amount)
        tiers = self._get_tier_table()
        result = {}
        for partner_id, value in basis.items():
            earned = tier_tools.compute_rebate(value, tiers, self.tier_mode, self.cap_amount or 0.0)["earned"]
            result[partner_id] = self.currency_id.round(earned)
        return result
