# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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
            self.env["res.partner"]._read_group([("dealer_related_group_id", "in", self.ids)], ["dealer_related_group_id"], ["__count"])
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
    def _dms_evidence_text(self, component, evidence, names):
        labels = self._dms_kind_labels()
        lines = []
        for (kind, value), items in sorted(evidence.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            if not set(items) <= component:
                continue
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
        group first, else the oldest one) or a new automatic group. Dealers of
        ``closure`` in no component leave their automatic group; automatic
        groups left empty are archived. Runs as superuser with explicit ids.
        """
        Group = self.sudo().with_context(active_test=False)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        controller_ids = {value for (kind, value) in evidence if kind == "controller"}
        all_ids = set().union(*components) if components else set()
        names = {p.id: p.display_name for p in Partner.browse(all_ids | controller_ids)}
        in_component = set()
        targets = []
        new_vals = []
        for component in components:
            members = Partner.browse(sorted(component))
            in_component |= component
            groups = members.dealer_related_group_id
            manual = groups.filtered(lambda g: not g.auto_detected)
            target = (manual or groups).sorted("id")[:1]
            if not target:
                new_vals.append(Group._prepare_related_group_vals(members))
            targets.append([members, target])
        created = iter(Group.create(new_vals)) if new_vals else iter(())
        touched = Group.browse()
        for pair in targets:
            if not pair[1]:
                pair[1] = next(created)
            members, target = pair
            touched |= members.dealer_related_group_id | target
            to_move = members.filtered(lambda p, t=target: p.dealer_related_group_id != t)
            if to_move:
                to_move.with_context(dms_skip_related_detection=True).write({"dealer_related_group_id": target.id})
            vals = {"evidence": self._dms_evidence_text(set(members.ids), evidence, names)}
            if not target.active:
                vals["active"] = True
            target.write(vals)
        leaving = closure.filtered(
            lambda p: p.id not in in_component and p.dealer_related_group_id.auto_detected
        )
        if leaving:
            touched |= leaving.dealer_related_group_id
            leaving.with_context(dms_skip_related_detection=True).write({"dealer_related_group_id": False})
        empty = touched.filtered(lambda g: g.auto_detected and g.active)
        if empty:
            counts = dict(Partner._read_group([("dealer_related_group_id", "in", empty.ids)], ["dealer_related_group_id"], ["__count"]))
            empty.filtered(lambda g: not counts.get(g)).write({"active": False, "evidence": False})
        return True
