# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dms_dealer.models.dms_workflow_mixin import ENGINE, WORKFLOW_KEY

from ..tools import assign
from .dms_lead_assignment import OPEN_STATES

DMS_STATES = [
    ("new", "Not Sent"),
    ("offered", "Offered to a Dealer"),
    ("accepted", "With a Dealer"),
    ("won", "Won by a Dealer"),
    ("lost", "Lost by a Dealer"),
    ("hq", "HQ Queue"),
]
#: fields of the lead only the assignment step writes
DMS_GUARDED = ("dms_state", "dms_dealer_id", "dms_assignment_id", "dms_territory_id", "dms_round")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    dms_state = fields.Selection(
        DMS_STATES, string="Dealer Assignment", default="new", required=True, readonly=True, copy=False, index=True
    )
    dms_dealer_id = fields.Many2one(
        "res.partner", string="Assigned Dealer", readonly=True, copy=False, index="btree_not_null"
    )
    dms_assignment_id = fields.Many2one("dms.lead.assignment", string="Current Assignment", readonly=True, copy=False)
    dms_territory_id = fields.Many2one(
        "dms.territory", string="Dealer Territory", readonly=True, copy=False, index="btree_not_null"
    )
    dms_round = fields.Integer(
        string="Assignment Round", readonly=True, copy=False, help="Bumped each time HQ sends the lead to dealers."
    )
    dms_assignment_ids = fields.One2many("dms.lead.assignment", "lead_id", string="Assignment History", readonly=True)
    dms_assignment_count = fields.Integer(compute="_compute_dms_assignment_count", string="Dealers Offered")

    @api.depends("dms_assignment_ids")
    def _compute_dms_assignment_count(self):
        counts = dict(
            self.env["dms.lead.assignment"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.dms_assignment_count = counts.get(lead, 0)

    # ------------------------------------------------------------------
    # Guards: the assignment fields change only through the assignment step
    # ------------------------------------------------------------------
    def _dms_lead_engine(self):
        return self.env["dms.lead.assignment"]._workflow_is_engine()

    @api.model_create_multi
    def create(self, vals_list):
        if not self._dms_lead_engine():
            for vals in vals_list:
                given = [
                    name for name in DMS_GUARDED if vals.get(name) and not (name == "dms_state" and vals[name] == "new")
                ]
                if given:
                    raise AccessError(
                        self.env._("%(fields)s change only through the dealer assignment.", fields=", ".join(given))
                    )
            self = self.with_context(  # pylint: disable=context-overridden
                {k: v for k, v in self.env.context.items() if k not in {f"default_{n}" for n in DMS_GUARDED}}
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._dms_lead_engine():
            given = [
                name
                for name in DMS_GUARDED
                if name in vals
                and any(lead._fields[name].convert_to_write(lead[name], lead) != (vals[name] or False) for lead in self)
            ]
            if given:
                raise AccessError(
                    self.env._("%(fields)s change only through the dealer assignment.", fields=", ".join(given))
                )
        return super().write(vals)

    def _dms_lead_write(self, vals):
        """Write the guarded fields from the assignment step (the engine's mark, as ``_workflow_write``)."""
        return self.with_context(**{WORKFLOW_KEY: ENGINE}).write(vals)

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------
    def action_dms_assign(self):
        """HQ sends new leads (or leads back in the HQ queue) to the dealers."""
        if not (self.env.user.has_group("dms_dealer.group_dms_hq_manager") or self.env.su):
            raise AccessError(self.env._("Only HQ sends leads to dealers."))
        self.check_access("write")
        leads = self.sudo()
        if any(lead.dms_state not in ("new", "hq") for lead in leads):
            raise UserError(self.env._("Only leads not sent yet or back in the HQ queue can be sent to dealers."))
        # a lead sent back to HQ gets a fresh round of offers
        leads._dms_lead_dispatch(fresh=True)
        return True

    def _dms_lead_territory(self):
        self.ensure_one()
        country = (
            self.country_id or self.state_id.country_id or self.company_id.country_id or self.env.company.country_id
        )
        return self.env["dms.territory"].sudo()._match_address(country, self.state_id or None, self.zip)

    def _dms_lead_candidates(self, territory):
        """Active dealers whose territory covers ``territory`` (the territory or one above it, as in
        ``dms.territory._covers``), with their open leads and capacity."""
        dealers = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                territory._dms_covering_dealers_domain(),
                ["territory_id", "dealer_level_id", "dms_lead_capacity"],
            )
        )
        open_counts = dict(
            self.env["dms.lead.assignment"]
            .sudo()
            ._read_group([("dealer_id", "in", dealers.ids), ("state", "in", OPEN_STATES)], ["dealer_id"], ["__count"])
        )
        capacities = dealers._dms_lead_capacities()
        return [
            {
                "id": dealer.id,
                "open": open_counts.get(dealer, 0),
                "capacity": capacities[dealer.id],
                "depth": dealer.territory_id.parent_path.count("/"),
            }
            for dealer in dealers
        ]

    def _dms_lead_dispatch(self, fresh=False):
        """Offer each lead to the next eligible dealer, or put it in the HQ queue (as the system).

        :param fresh: HQ sends the lead again: earlier offers no longer count against the attempts
            (the dealers already tried are still never offered it twice).
        """
        Assignment = self.env["dms.lead.assignment"].sudo()
        now = fields.Datetime.now()
        for lead in self.sudo():
            company = lead.company_id or self.env.company
            if fresh:
                lead._dms_lead_write({"dms_round": lead.dms_round + 1})
            history = lead.dms_assignment_ids
            attempts = len(history.filtered(lambda a, r=lead.dms_round: a.round == r))
            territory = lead.dms_territory_id or lead._dms_lead_territory()
            ranked = (
                assign.rank(lead._dms_lead_candidates(territory), exclude=history.dealer_id.ids) if territory else []
            )
            step, what = assign.next_step(attempts, company.dms_lead_max_attempts, ranked)
            if step == "offer":
                row = Assignment._workflow_create(
                    [
                        {
                            "lead_id": lead.id,
                            "dealer_id": what,
                            "territory_id": territory.id,
                            "company_id": company.id,
                            "attempt": len(history) + 1,
                            "round": lead.dms_round,
                            "date_offered": now,
                            "deadline": assign.deadline_after(now, company.dms_lead_accept_hours),
                        }
                    ]
                )
                lead._dms_lead_write(
                    {
                        "dms_state": "offered",
                        "dms_dealer_id": what,
                        "dms_assignment_id": row.id,
                        "dms_territory_id": territory.id,
                    }
                )
                row.message_post(
                    body=self.env._(
                        "Offered to %(dealer)s until %(deadline)s (UTC).",
                        dealer=row.dealer_id.display_name,
                        deadline=row.deadline,
                    ),
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )
            else:
                lead._dms_lead_write(
                    {
                        "dms_state": "hq",
                        "dms_dealer_id": False,
                        "dms_assignment_id": False,
                        "dms_territory_id": territory.id,
                    }
                )
                lead._dms_lead_hq_activity(what)
        return True

    def _dms_lead_hq_activity(self, why):
        self.ensure_one()
        user = self.dms_territory_id._dms_get_manager() or self.user_id or self.env.ref("base.user_admin")
        note = (
            self.env._("No dealer accepted this lead after %(count)s offers.", count=len(self.dms_assignment_ids))
            if why == "attempts"
            else self.env._("No dealer of the territory can take this lead (none covers the address or all are full).")
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Lead back in the HQ queue"),
            note=note,
            user_id=user.id,
        )

    def _dms_lead_set_won(self):
        """Mark the lead won in the CRM pipeline too (core's own step), when the pipeline has a won stage."""
        leads = self.filtered(lambda lead: not lead.stage_id.is_won)
        if leads and leads._stage_find(domain=[("is_won", "=", True)]):
            leads.action_set_won()
        return True
