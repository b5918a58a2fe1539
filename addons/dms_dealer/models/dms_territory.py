# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.territory import match_territory


class DmsTerritory(models.Model):
    _name = "dms.territory"
    _description = "Sales Territory"
    _inherit = ["mail.thread"]
    _parent_store = True
    _parent_name = "parent_id"
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(index=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    territory_type = fields.Selection(
        [("hq", "Headquarters"), ("region", "Region"), ("area", "Area")],
        string="Type",
        required=True,
        default="area",
    )
    parent_id = fields.Many2one("dms.territory", string="Parent Territory", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dms.territory", "parent_id", string="Sub-territories")
    manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=[("share", "=", False)],
        help="Regional manager responsible for this territory and the ones below it.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "dms_territory_res_users_rel",
        "territory_id",
        "user_id",
        string="Staff",
        domain=[("share", "=", False)],
        help="Back-office users who cover this territory and everything below it.",
    )
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="States / Provinces")
    zip_prefixes = fields.Char(help="Comma-separated zip prefixes, e.g. '2000, 2001'. Empty: any zip.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    dealer_ids = fields.One2many("res.partner", "territory_id", string="Dealers")
    dealer_count = fields.Integer(compute="_compute_dealer_count")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A territory code must be unique per company."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for territory in self:
            if territory.parent_id:
                territory.complete_name = f"{territory.parent_id.complete_name} / {territory.name}"
            else:
                territory.complete_name = territory.name

    def _compute_dealer_count(self):
        subtree = self.search([("id", "child_of", self.ids)])
        counts = dict(
            self.env["res.partner"]._read_group(
                [("territory_id", "in", subtree.ids), ("is_dealer", "=", True)], ["territory_id"], ["__count"]
            )
        )
        for territory in self:
            territory.dealer_count = sum(
                count for terr, count in counts.items() if terr.parent_path.startswith(territory.parent_path)
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A territory cannot be placed under itself or one of its sub-territories.")
            )

    @api.model
    def _match_address(self, country, state=None, zip_code=None):
        """Most specific active territory whose criteria match the address."""
        if not country and not state and not zip_code:
            return self.browse()
        candidates = self.search_fetch([], ["parent_path", "country_ids", "state_ids", "zip_prefixes"])
        best = match_territory(
            (
                {
                    "id": t.id,
                    "depth": t.parent_path.count("/"),
                    "country_ids": t.country_ids.ids,
                    "state_ids": t.state_ids.ids,
                    "zip_prefixes": t.zip_prefixes,
                }
                for t in candidates
            ),
            country.id if country else None,
            state.id if state else None,
            zip_code,
        )
        return self.browse(best)

    def _covers(self, other):
        """True when ``other`` lies in the subtree of one of ``self``."""
        return any(other.parent_path.startswith(t.parent_path) for t in self if other)

    def _dms_covering_dealers_domain(self):
        """Domain of the active dealers serving this territory: on it or on a territory above it.

        The one coverage rule of the DMS (as in :meth:`_covers`): routing of end-customer orders
        (dms_inventory) and lead assignment (dms_lead) both pick their candidates with it.
        """
        self.ensure_one()
        chain = [int(i) for i in self.parent_path.split("/") if i]
        return [("is_dealer", "=", True), ("dealer_state", "=", "active"), ("territory_id", "in", chain)]

    def _dms_get_manager(self):
        """Manager of the territory, else of the nearest territory above it (the one lookup of the DMS)."""
        if not self:
            return self.env["res.users"]
        self.ensure_one()
        return self._dms_get_managers()[self.id]

    def _dms_get_managers(self):
        """Mapping territory id -> manager (nearest up the tree), one read for the batch."""
        ids = {int(i) for t in self.sudo() for i in t.parent_path.split("/") if i}
        managers = {t.id: t.manager_id for t in self.sudo().browse(ids)}
        result = {}
        for territory in self.sudo():
            chain = [int(i) for i in territory.parent_path.split("/") if i]
            manager = self.env["res.users"]
            for tid in reversed(chain):
                if managers[tid]:
                    manager = managers[tid]
                    break
            result[territory.id] = manager
        return result

    def action_view_dealers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_dealer.action_dms_dealer")
        action["domain"] = [("territory_id", "child_of", self.id), ("is_dealer", "=", True)]
        action["context"] = {"default_territory_id": self.id, "default_is_dealer": True}
        return action
