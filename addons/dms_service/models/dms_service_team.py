# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import service

OPEN_STATES = ("new", "in_progress", "waiting")


class DmsServiceTeam(models.Model):
    """A service team (like a sales team): a leader and members who take tickets."""

    _name = "dms.service.team"
    _description = "Service Team"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        tracking=True,
        domain=[("share", "=", False)],
        help="Gets an activity when a ticket of the team breaches its SLA.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "dms_service_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain=[("share", "=", False)],
        help="New tickets go to the member with the fewest open tickets of this team.",
    )
    ticket_ids = fields.One2many("dms.service.ticket", "team_id", string="Tickets")
    open_ticket_count = fields.Integer(compute="_compute_open_ticket_count")

    def _compute_open_ticket_count(self):
        rows = self.env["dms.service.ticket"]._read_group(
            [("team_id", "in", self.ids), ("state", "in", OPEN_STATES)], ["team_id"], ["__count"]
        )
        counts = {team.id: count for team, count in rows}
        for team in self:
            team.open_ticket_count = counts.get(team.id, 0)

    @api.model
    def _dms_member_loads(self, teams):
        """``{(team id, user id): open tickets}`` of the members of ``teams``, one grouped query."""
        rows = (
            self.env["dms.service.ticket"]
            .sudo()
            ._read_group(
                [("team_id", "in", teams.ids), ("state", "in", OPEN_STATES), ("user_id", "!=", False)],
                ["team_id", "user_id"],
                ["__count"],
            )
        )
        return {(team.id, user.id): count for team, user, count in rows}

    def _dms_pick_member(self):
        """Least loaded: the active member with the fewest open tickets of this team (ties: by name)."""
        self.ensure_one()
        members = self.sudo().member_ids.filtered("active").sorted(lambda u: (u.name or "", u.id))
        loads = self._dms_member_loads(self)
        picked = service.pick_least_loaded(members.ids, {uid: loads.get((self.id, uid), 0) for uid in members.ids})
        return self.env["res.users"].browse(picked) if picked else self.env["res.users"]
