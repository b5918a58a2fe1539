# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dms_territory_ids = fields.Many2many(
        "dms.territory",
        "dms_territory_res_users_rel",
        "user_id",
        "territory_id",
        string="Covered Territories",
        help="Territories this user covers; a regional manager sees the dealers, orders and invoices "
        "of these territories and all territories below them.",
    )
    dms_managed_territory_ids = fields.One2many("dms.territory", "manager_id", string="Managed Territories")
    dms_dealer_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        compute="_compute_dms_dealer_id",
        help="The dealer company this (portal) user belongs to.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._dms_set_default_home_action()
        return users

    def _dms_set_default_home_action(self):
        """Back-office DMS users without a home action land on the Dealers app."""
        action = self.env.ref("dms_dealer.action_dms_dealer", raise_if_not_found=False)
        users = self.filtered(lambda u: not u.share and not u.action_id and u.has_group("dms_dealer.group_dms_user"))
        if action and users:
            users.sudo().write({"action_id": action.id})

    @api.depends("partner_id.commercial_partner_id.is_dealer")
    def _compute_dms_dealer_id(self):
        for user in self:
            commercial = user.partner_id.commercial_partner_id
            user.dms_dealer_id = commercial if commercial.is_dealer else False

    def _dms_region_territory_ids(self):
        """Territories (roots) whose subtree this user sees as a regional manager."""
        self.ensure_one()
        return (self.dms_territory_ids | self.sudo().dms_managed_territory_ids).ids
