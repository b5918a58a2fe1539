# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, create_index
from odoo.tools.translate import LazyTranslate

from ..tools import hierarchy, lifecycle, workflow

_lt = LazyTranslate(__name__)

DEALER_STATES = [
    (lifecycle.APPLICANT, "Applicant"),
    (lifecycle.ACTIVE, "Active"),
    (lifecycle.SUSPENDED, "Suspended"),
    (lifecycle.TERMINATED, "Terminated"),
]

DEALER_TYPES = [
    ("distributor", "Distributor"),
    ("sub_dealer", "Sub-dealer"),
    ("retailer", "Retailer"),
]


# dealer_root_id and dealer_depth are derived from the path in the same UPDATE
_TREE_COLUMNS_SQL = """
    dealer_root_id = NULLIF(split_part({path}, '/', 1), '')::int,
    dealer_depth = length({path}) - length(replace({path}, '/', ''))
"""
_TREE_FIELDS = ["dealer_path", "dealer_root_id", "dealer_depth"]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "dms.workflow.mixin"]

    _workflow_field = "dealer_state"
    _workflow_protected_fields = ("dealer_state_reason", "dealer_state_date")
    _workflow_editable_states = (lifecycle.APPLICANT, lifecycle.ACTIVE, lifecycle.SUSPENDED, lifecycle.TERMINATED)

    is_dealer = fields.Boolean(string="Is a Dealer", index=True, tracking=True)
    dealer_type = fields.Selection(DEALER_TYPES, tracking=True, help="Position of the dealer in the channel.")
    dealer_level_id = fields.Many2one("dms.dealer.level", index=True, tracking=True, ondelete="restrict")
    dealer_parent_id = fields.Many2one(
        "res.partner",
        string="Upstream Dealer",
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_dealer", "=", True)],
        help="The dealer that serves this one. Empty: served directly by HQ.",
    )
    dealer_child_ids = fields.One2many("res.partner", "dealer_parent_id", string="Downstream Dealers")
    dealer_path = fields.Char(
        copy=False,
        readonly=True,
        help="Technical materialised path of dealer ids from the top distributor down to this dealer.",
    )
    dealer_root_id = fields.Many2one(
        "res.partner",
        string="Top Distributor",
        readonly=True,
        copy=False,
        index=True,
        help="The dealer at the top of this dealer's chain (itself for a distributor served by HQ).",
    )
    dealer_depth = fields.Integer(readonly=True, copy=False, help="1 for a dealer served by HQ, 2 below it...")
    dealer_downstream_count = fields.Integer(compute="_compute_dealer_downstream_count")
    territory_id = fields.Many2one("dms.territory", index=True, tracking=True)
    authorized_territory_ids = fields.Many2many(
        "dms.territory",
        "dms_territory_partner_authorized_rel",
        "partner_id",
        "territory_id",
        string="Authorised Territories",
        help="Territories the dealer may sell into. Its main territory is always included.",
    )
    dealer_state = fields.Selection(
        DEALER_STATES, string="Dealer Status", default=lifecycle.APPLICANT, index=True, tracking=True, copy=False
    )
    dealer_state_reason = fields.Char(string="Status Reason", tracking=True, copy=False)
    dealer_state_date = fields.Date(string="Status Since", copy=False)
    dealer_since = fields.Date(copy=False)
    dealer_related_group_id = fields.Many2one(
        "dms.dealer.related.group",
        string="Related Group",
        index=True,
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Dealers under common control or sharing identity data; credit may be checked on the group.",
    )

    _sql_constraints = [
        (
            "dealer_parent_not_self",
            "CHECK(dealer_parent_id IS NULL OR dealer_parent_id != id)",
            "A dealer cannot be its own upstream dealer.",
        ),
    ]

    def init(self):
        res = super().init()
        # LIKE 'prefix%' needs text_pattern_ops to use the index whatever the collation.
        create_index(
            self.env.cr,
            "res_partner_dealer_path_index",
            self._table,
            ["dealer_path text_pattern_ops"],
            where="dealer_path IS NOT NULL",
        )
        return res

    # ------------------------------------------------------------------
    # Hierarchy
    # ------------------------------------------------------------------
    def _compute_dealer_downstream_count(self):
        for partner in self:
            partner.dealer_downstream_count = (
                self.search_count(partner._get_dealer_downstream_domain()) if partner.dealer_path else 0
            )

    def _get_dealer_downstream_domain(self, include_self=False):
        """Domain of every dealer below ``self`` (one indexed LIKE per record)."""
        domains = []
        for partner in self.filtered("dealer_path"):
            dom = [("dealer_path", "=like", f"{partner.dealer_path}%")]
            if not include_self:
                dom = ["&", ("id", "!=", partner.id)] + dom
            domains.append(dom)
        if not domains:
            return [("id", "=", 0)]
        result = domains[0]
        for dom in domains[1:]:
            result = ["|"] + result + dom
        return result

    def _get_dealer_downstream(self, include_self=False):
        """All dealers downstream of ``self`` in one query."""
        return self.with_context(active_test=False).search(self._get_dealer_downstream_domain(include_self))

    def _get_dealer_upstream(self):
        """The chain above the dealer, nearest first (one query)."""
        self.ensure_one()
        ids = hierarchy.upstream_ids(self.dealer_path)
        ids.reverse()
        return self.browse(ids).exists()

    def _dealer_sync_paths(self):
        """Set the path of new dealers, and move the subtree of moved dealers.

        A moved dealer's subtree is rewritten in one UPDATE per distinct new
        parent, whatever its size, as Odoo does for ``parent_path``.
        """
        self.flush_recordset(["dealer_parent_id", "is_dealer"])
        new = self.filtered(lambda p: p.is_dealer and not p.dealer_path)
        moved = self.filtered(lambda p: p.is_dealer and p.dealer_path) - new
        # clear the path of partners that stopped being dealers and have no children
        gone = self.filtered(lambda p: not p.is_dealer and p.dealer_path)
        if gone:
            if gone.dealer_child_ids:
                raise ValidationError(
                    self.env._("A dealer with downstream dealers must stay a dealer: move its downstream first.")
                )
            rows = self.env.execute_query(
                SQL(
                    "UPDATE res_partner SET dealer_path = NULL, dealer_root_id = NULL, dealer_depth = 0 WHERE id IN %s "
                    "RETURNING id, dealer_path, dealer_root_id, dealer_depth",
                    tuple(gone.ids),
                )
            )
            self._dealer_cache_tree_rows(rows)
        if new:
            parents = new.dealer_parent_id - new
            known = {p.id: p.dealer_path for p in parents}
            nodes = {p.id: p.dealer_parent_id.id or None for p in new}
            try:
                paths = hierarchy.compute_paths(nodes, known)
            except ValueError as exc:
                raise ValidationError(self.env._("The dealer hierarchy cannot contain a cycle.")) from exc
            for partner_id in paths:
                parent_id = nodes[partner_id]
                if parent_id and parent_id not in nodes and not known.get(parent_id):
                    raise ValidationError(self.env._("The upstream dealer must be a dealer itself."))
            rows = self.env.execute_query(
                SQL(
                    "UPDATE res_partner SET dealer_path = v.path, %s FROM (VALUES %s) AS v(id, path) "
                    "WHERE res_partner.id = v.id RETURNING res_partner.id, dealer_path, dealer_root_id, dealer_depth",
                    SQL(_TREE_COLUMNS_SQL.format(path="v.path")),
                    SQL(", ").join(SQL("(%s, %s)", pid, path) for pid, path in paths.items()),
                )
            )
            self._dealer_cache_tree_rows(rows)
        for parent, records in moved.grouped("dealer_parent_id").items():
            prefix = parent.dealer_path or ""
            if parent and not parent.is_dealer:
                raise ValidationError(self.env._("The upstream dealer must be a dealer itself."))
            for record in records:
                if hierarchy.is_cycle(record.dealer_path, prefix):
                    raise ValidationError(
                        self.env._(
                            "%(dealer)s cannot be moved under %(parent)s: %(parent)s is downstream of it.",
                            dealer=record.display_name,
                            parent=parent.display_name,
                        )
                    )
            rows = self.env.execute_query(
                SQL(
                    """WITH moved AS (
                            SELECT child.id, concat(%(prefix)s, substr(child.dealer_path,
                                   length(node.dealer_path) - length(node.id || '/') + 1)) AS path
                              FROM res_partner child
                              JOIN res_partner node
                                ON child.dealer_path LIKE concat(node.dealer_path, %(wildcard)s)
                             WHERE node.id IN %(ids)s
                       )
                       UPDATE res_partner SET dealer_path = moved.path, %(tree_columns)s
                         FROM moved
                        WHERE res_partner.id = moved.id
                    RETURNING res_partner.id, dealer_path, dealer_root_id, dealer_depth""",
                    prefix=prefix,
                    ids=tuple(records.ids),
                    wildcard="%",
                    tree_columns=SQL(_TREE_COLUMNS_SQL.format(path="moved.path")),
                )
            )
            self._dealer_cache_tree_rows(rows)

    def _dealer_cache_tree_rows(self, rows):
        """Put rows (id, path, root, depth) written by SQL into the cache and notify dependents."""
        if not rows:
            return
        records = self.browse([row[0] for row in rows])
        cache = self.env.cache
        cache.update(records, self._fields["dealer_path"], [row[1] for row in rows])
        cache.update(records, self._fields["dealer_root_id"], [row[2] for row in rows])
        cache.update(records, self._fields["dealer_depth"], [row[3] for row in rows])
        records.modified(_TREE_FIELDS)

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------
    #: which group makes each lifecycle move (lifecycle.TRANSITIONS names the role)
    _DEALER_ROLE_GROUPS = {
        "region": ("dms_dealer.group_dms_region_manager",),
        "hq": ("dms_dealer.group_dms_hq_manager",),
    }

    def _workflow_transitions(self):
        labels = {
            lifecycle.ACTIVE: _lt("Activate"),
            lifecycle.SUSPENDED: _lt("Suspend"),
            lifecycle.TERMINATED: _lt("Terminate"),
        }
        return [
            workflow.Transition(new, (old,), new, self._DEALER_ROLE_GROUPS[role], reason=True, label=labels.get(new))
            for (old, new), role in lifecycle.TRANSITIONS.items()
        ]

    def _workflow_initial_states(self):
        # HQ may bring an existing network in (import) as active dealers; everyone else starts applicants
        if self.env.user.has_group("dms_dealer.group_dms_hq_manager"):
            return (lifecycle.APPLICANT, lifecycle.ACTIVE)
        return (lifecycle.APPLICANT,)

    def _workflow_check(self, transition, reason):
        if not self.is_dealer:
            raise UserError(self.env._("%(partner)s is not a dealer.", partner=self.display_name))
        return super()._workflow_check(transition, reason)

    def _dealer_set_state(self, new_state, reason):
        """Move dealers to ``new_state`` with a reason, through the workflow engine."""
        if not (reason or "").strip():
            raise UserError(self.env._("A reason is required to change a dealer's status."))
        for partner in self:
            if partner.dealer_state == new_state:
                continue
            vals = partner._prepare_dealer_state_vals(new_state, reason)
            vals.pop("dealer_state")
            partner._workflow_apply(new_state, reason, vals)
        return True

    def _prepare_dealer_state_vals(self, new_state, reason):
        vals = {
            "dealer_state": new_state,
            "dealer_state_reason": reason,
            "dealer_state_date": fields.Date.context_today(self),
        }
        if new_state == lifecycle.ACTIVE:
            vals["active"] = True
        return vals

    def _open_dealer_state_wizard(self, new_state):
        return {
            "type": "ir.actions.act_window",
            "res_model": "dms.dealer.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids, "default_new_state": new_state},
        }

    def action_dealer_activate(self):
        return self._open_dealer_state_wizard(lifecycle.ACTIVE)

    def action_dealer_suspend(self):
        return self._open_dealer_state_wizard(lifecycle.SUSPENDED)

    def action_dealer_terminate(self):
        return self._open_dealer_state_wizard(lifecycle.TERMINATED)

    def action_view_dealer_downstream(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_dealer.action_dms_dealer")
        action["domain"] = self._get_dealer_downstream_domain()
        action["context"] = {"default_dealer_parent_id": self.id, "default_is_dealer": True}
        action["name"] = self.env._("Downstream of %(dealer)s", dealer=self.display_name)
        return action

    def _dealer_can_order(self):
        """Whether the commercial entity may have orders confirmed."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        return not dealer.is_dealer or dealer.dealer_state == lifecycle.ACTIVE

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def _apply_dealer_level_defaults(self, vals):
        if not vals.get("dealer_level_id"):
            return vals
        level = self.env["dms.dealer.level"].browse(vals["dealer_level_id"])
        defaults = level._prepare_dealer_defaults()
        return {**{k: v for k, v in defaults.items() if k not in vals}, **vals}

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._apply_dealer_level_defaults(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("is_dealer") and vals.get("dealer_state") == lifecycle.ACTIVE:
                vals.setdefault("dealer_since", fields.Date.context_today(self))
        partners = super().create(vals_list)
        dealers = partners.filtered("is_dealer")
        if dealers:
            dealers._dealer_sync_paths()
        return partners

    def write(self, vals):
        if vals.get("dealer_level_id"):
            vals = self._apply_dealer_level_defaults(vals)
        if vals.get("dealer_state") == lifecycle.ACTIVE:
            for partner in self.filtered(lambda p: not p.dealer_since):
                partner.dealer_since = fields.Date.context_today(self)
        if vals.get("dealer_parent_id") and vals["dealer_parent_id"] in self.ids:
            raise ValidationError(self.env._("A dealer cannot be its own upstream dealer."))
        res = super().write(vals)
        if "dealer_parent_id" in vals or "is_dealer" in vals:
            self._dealer_sync_paths()
        return res

    def _get_authorized_territories(self):
        """Main plus authorised territories of the commercial dealer."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        return dealer.territory_id | dealer.authorized_territory_ids
