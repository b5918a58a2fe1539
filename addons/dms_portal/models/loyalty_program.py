# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.osv import expression

from ..tools import order_import


class LoyaltyProgram(models.Model):
    """Promotions (满减, 赠品) shown to dealers in the portal catalog."""

    _inherit = "loyalty.program"

    @api.model
    def _dms_portal_program_types(self):
        """Program types the catalog announces: automatic promotions and buy N get M."""
        return ("promotion", "buy_x_get_y")

    @api.model
    def _dms_portal_search_for(self, order):
        """Automatic promotions sale_loyalty would consider for ``order``: its own program domain
        (company, pricelist, dates, and dms_pricing's targeting by level, territory, customer)."""
        domain = expression.AND(
            [
                order._get_program_domain(),
                [("trigger", "=", "auto"), ("program_type", "in", self._dms_portal_program_types())],
            ]
        )
        # sudo: portal users do not read programs; the domain is the engine's for this customer
        return self.sudo().search(domain)

    def _dms_portal_text(self):
        """What the dealer reads on a badge: the rewards and the rule's threshold, in its language."""
        self.ensure_one()
        rewards = "; ".join(self.reward_ids.mapped("description"))
        rule = self.rule_ids[:1]
        conditions = []
        if rule.minimum_amount:
            conditions.append(
                self.env._(
                    "from %(amount)s %(currency)s",
                    amount=order_import.format_quantity(rule.minimum_amount),
                    currency=self.currency_id.symbol or "",
                )
            )
        if rule.minimum_qty and rule.minimum_qty > 1:
            conditions.append(self.env._("from %(qty)s units", qty=rule.minimum_qty))
        if conditions:
            return self.env._("%(rewards)s, %(conditions)s", rewards=rewards, conditions=", ".join(conditions))
        return rewards
