# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter, defaultdict

from odoo import api, fields, models


class DmsDealerRelatedGroup(models.Model):
    """Dealers that belong together (shared tax id, bank account, owner...).

    Detection fills it (see ``res.partner._dms_detect_related_parties``); credit
    control may check a limit on the whole group.
    """

    _name = "dms.dealer.related.group"
    _description = "Related Dealer Group"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    partner_ids = fields.One2many("res.partner", "dealer_related_group_id", string="Dealers")
    partner_count = fields.Integer(compute="_compute_partner_count")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    credit_limit = fields.Monetary(
        string="Group Credit Limit",
        currency_field="currency_id",
        tracking=True,
        help="Limit on the total credit exposure of all dealers of the group (0 = no group limit).",
    )
    note = fields.Text(help="Why these dealers are related (evidence).")
    active = fields.Boolean(default=True)
    auto_detected = fields.Boolean(
        default=False,
        readonly=True,
        help="Made by related-party detection: detection may add or remove its dealers. "
        "A group made by hand only ever receives dealers.",
    )
    evidence = fields.Text(readonly=True, help="What the dealers share, as found by the last detection.")

    _sql_constraints = [
        ("credit_limit_positive", "CHECK(credit_limit >= 0)", "A group credit limit cannot be negative."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("dealer_related_group_id", "in", self.ids)], ["dealer_related_group_id"], ["__count"]
            )
        )
        for group in self:
            group.partner_count = counts.get(group, 0)

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_dealer.action_dms_dealer")
        action["domain"] = [("dealer_related_group_id", "=", self.id)]
        action["context"] = {"active_test": False}
        action["name"] = self.display_name
        return action

    def action_detect(self):
        """Re-run detection for the dealers of these groups (and whatever they now match)."""
        self.partner_ids._dms_detect_related_parties()
        return True

    @api.model
    def _cron_detect_related_parties(self):
        self.env["res.partner"].browse()._dms_detect_related_parties()

    @api.model
    def _dms_kind_labels(self):
        return {
            "vat": self.env._("Tax ID"),
            "phone": self.env._("Phone"),
            "email_domain": self.env._("E-mail domain"),
            "address": self.env._("Address"),
            "bank": self.env._("Bank account"),
            "controller": self.env._("Controlling person"),
        }

    @api.model
    def _dms_evidence_text(self, shared, names):
        """One line per shared key: ``Phone: 13800138000 — Dealer A, Dealer B``.

        :param shared: iterable of ``((kind, value), [partner ids])``
        """
        labels = self._dms_kind_labels()
        lines = []
        for (kind, value), items in sorted(shared, key=lambda kv: (kv[0][0], str(kv[0][1]))):
            label = labels.get(kind, kind)
            shown = names.get(value, value) if kind == "controller" else value
            lines.append(f"{label}: {shown} \u2014 {', '.join(names[i] for i in items)}")
        return "\n".join(lines)

    @api.model
    def _prepare_related_group_vals(self, partners):
        first = partners.sorted("id")[0]
        return {
            "name": self.env._("Related to %(dealer)s", dealer=first.name),
            "auto_detected": True,
            "company_id": first.company_id.id or self.env.company.id,
        }

    @api.model
    def _dms_apply_components(self, closure, components, evidence):
        """Make the groups match ``components`` for the dealers of ``closure``.

        A component joins the existing group of one of its members (a manual
        group first, else the one holding most of its members) or a new
        automatic group. Dealers of ``closure`` in no component leave their
        automatic group; automatic groups left empty are archived. Only what
        changes is written. Runs as superuser on explicit ids.
        """
        Group = self.sudo().with_context(active_test=False)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False, dms_skip_related_detection=True)
        controller_ids = {value for (kind, value) in evidence if kind == "controller"}
        all_ids = set().union(*components) if components else set()
        pool = Partner.browse(all_ids | controller_ids)
        names = {p.id: p.display_name for p in pool}
        # load every current group at once (members are browsed per component below)
        (pool | closure).dealer_related_group_id.fetch(["auto_detected", "evidence", "active"])
        component_of = {pid: n for n, component in enumerate(components) for pid in component}
        shared_by_component = defaultdict(list)
        for key, items in evidence.items():
            shared_by_component[component_of[items[0]]].append((key, items))
        plans = []
        new_vals = []
        used = set()
        # biggest components first: they keep the existing group when a group splits
        for n in sorted(range(len(components)), key=lambda n: (-len(components[n]), min(components[n]))):
            members = Partner.browse(sorted(components[n]))
            held = Counter(p.dealer_related_group_id for p in members if p.dealer_related_group_id)
            candidates = [g for g in held if g.id not in used]
            candidates.sort(key=lambda g: (g.auto_detected, -held[g], g.id))
            target = candidates[0] if candidates else Group
            if target:
                used.add(target.id)
            else:
                new_vals.append(Group._prepare_related_group_vals(members))
            plans.append((members, target, self._dms_evidence_text(shared_by_component[n], names)))
        created = iter(Group.create(new_vals)) if new_vals else iter(())
        touched_ids = set()
        moves = defaultdict(list)
        for members, target, evidence_text in plans:
            target = target or next(created)
            touched_ids.update(members.dealer_related_group_id.ids)
            touched_ids.add(target.id)
            moves[target.id].extend(p.id for p in members if p.dealer_related_group_id != target)
            vals = {}
            if target.evidence != evidence_text:
                vals["evidence"] = evidence_text
            if not target.active:
                vals["active"] = True
            if vals:
                target.write(vals)
        for group_id, partner_ids in moves.items():
            if partner_ids:
                Partner.browse(partner_ids).write({"dealer_related_group_id": group_id})
        in_component = set(component_of)
        leaving = closure.filtered(lambda p: p.id not in in_component and p.dealer_related_group_id.auto_detected)
        if leaving:
            touched_ids.update(leaving.dealer_related_group_id.ids)
            leaving.with_context(dms_skip_related_detection=True).write({"dealer_related_group_id": False})
        empty = Group.browse(touched_ids).filtered(lambda g: g.auto_detected and g.active)
        if empty:
            counts = dict(
                Partner._read_group(
                    [("dealer_related_group_id", "in", empty.ids)], ["dealer_related_group_id"], ["__count"]
                )
            )
            empty.filtered(lambda g: not counts.get(g)).write({"active": False, "evidence": False})
        return True
