# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        self._dms_channel_post_sell_in()
        return res

    def _dms_channel_post_sell_in(self):
        """Sell-in: the brand's done deliveries to a dealer enter its channel stock; returns leave it.

        One ledger move per done move line, never twice (unique source move line).
        """
        Ledger = self.env["dms.channel.stock.move"].sudo()
        done_lines = self.filtered(lambda p: p.state == "done").move_line_ids.filtered(
            lambda ml: ml.state == "done" and ml.quantity > 0
        )
        if not done_lines:
            return Ledger
        posted = set(Ledger.search([("source_move_line_id", "in", done_lines.ids)]).source_move_line_id.ids)
        vals_list = []
        for ml in done_lines:
            picking = ml.picking_id
            dealer = picking.partner_id.commercial_partner_id
            if ml.id in posted or not dealer.is_dealer or not dealer.dms_track_channel_stock:
                continue
            if picking.picking_type_code == "outgoing" and ml.location_dest_id.usage == "customer":
                kind, sign = "sell_in", 1
            elif picking.picking_type_code == "incoming" and ml.location_id.usage == "customer":
                kind, sign = "return", -1
            else:
                continue
            qty = ml.product_uom_id._compute_quantity(ml.quantity, ml.product_id.uom_id)
            lot = ml.lot_id
            vals_list.append(
                {
                    "dealer_id": dealer.id,
                    "product_id": ml.product_id.id,
                    "lot_name": lot.name or ml.lot_name or False,
                    "expiration_date": (
                        lot.expiration_date.date()
                        if "expiration_date" in lot._fields and lot.expiration_date
                        else False
                    ),
                    "kind": kind,
                    "qty": sign * qty,
                    "date": ml.date or picking.date_done,
                    "picking_id": picking.id,
                    "source_move_line_id": ml.id,
                    "reference": picking.name,
                    "company_id": picking.company_id.id,
                }
            )
        return Ledger._post(vals_list)
