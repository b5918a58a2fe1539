# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_served_by = fields.Selection(
        [("brand", "Brand"), ("dealer", "Upstream Dealer")],
        string="Served By",
        compute="_compute_dms_served_by",
        store=True,
        readonly=False,
        help="Who sells to this customer. Upstream Dealer: its orders are channel orders of its "
        "upstream dealer (who accepts, ships from its own stock and is paid), never the brand's sales.",
    )
    dms_track_channel_stock = fields.Boolean(
        string="Channel Stock Tracked",
        compute="_compute_dms_track_channel_stock",
        store=True,
        readonly=False,
        help="Keep this dealer's channel stock ledger (sell-in, channel sales and purchases, sell-out).",
    )
    dms_allow_negative_stock = fields.Boolean(
        string="Allow Negative Channel Stock",
        help="Let this dealer ship more than its channel stock on hand.",
    )
    dms_channel_stock_ids = fields.One2many("dms.channel.stock", "dealer_id", string="Channel Stock")

    @api.depends("dealer_parent_id")
    def _compute_dms_served_by(self):
        for partner in self:
            partner.dms_served_by = "dealer" if partner.dealer_parent_id else "brand"

    @api.depends("is_dealer")
    def _compute_dms_track_channel_stock(self):
        for partner in self:
            partner.dms_track_channel_stock = partner.is_dealer

    def _dms_channel_seller(self):
        """The upstream dealer selling to this customer (empty: the brand sells)."""
        self.ensure_one()
        customer = self.commercial_partner_id
        if customer.dms_served_by == "dealer":
            return customer.dealer_parent_id
        return self.browse()
