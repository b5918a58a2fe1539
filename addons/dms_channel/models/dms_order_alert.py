# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DmsOrderAlert(models.Model):
    """窜货 alerts also on channel orders and on sell-out reported from a store.

    The rule is dms_order's: the address is matched against every territory
    (``dms.territory._match_address``) and is outside when none of the dealer's authorised
    territories covers the match (``_covers``). Channel orders and sell-out are the dealer's own
    sales: the alert is raised for the regional manager, nothing is blocked.
    """

    _inherit = "dms.order.alert"

    channel_order_id = fields.Many2one(
        "dms.channel.order", string="Channel Order", readonly=True, index="btree_not_null", ondelete="cascade"
    )
    sellout_line_id = fields.Many2one(
        "dms.channel.sellout.report.line",
        string="Sell-out Line",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    sellout_report_id = fields.Many2one(
        related="sellout_line_id.report_id", string="Sell-out Report", store=True, index="btree_not_null"
    )

    @api.model
    def _dms_address_outside(self, dealer, country, state=None, zip_code=None):
        """``(matched, authorised)`` territories when the address lies outside ``dealer``'s
        authorised territories, else ``None`` (no authorised territory, or no match: no alert)."""
        authorized = dealer.sudo()._get_authorized_territories()
        if not authorized:
            return None
        matched = self.env["dms.territory"].sudo()._match_address(country, state, zip_code)
        if not matched or authorized._covers(matched):
            return None
        return matched, authorized

    @api.model
    def _prepare_channel_cross_territory_vals(self, dealer, document, address, matched, authorized, **extra):
        evidence = self.env._(
            "%(document)s of dealer %(dealer)s goes to %(address)s, which lies in %(matched)s; "
            "the dealer is authorised for: %(authorized)s.",
            document=document,
            dealer=dealer.display_name,
            address=address,
            matched=matched.complete_name,
            authorized=", ".join(authorized.mapped("complete_name")) or "-",
        )
        return dict(
            {
                "name": self.env._("Cross-territory: %(document)s", document=document),
                "alert_type": "cross_territory",
                "dealer_id": dealer.id,
                "dealer_territory_id": dealer.territory_id.id,
                "ship_address": address,
                "matched_territory_id": matched.id,
                "authorized_territory_ids": [fields.Command.set(authorized.ids)],
                "evidence": evidence,
            },
            **extra,
        )
