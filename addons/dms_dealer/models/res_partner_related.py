# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import lifecycle, related

#: res.partner fields whose change may make or break a related group.
RELATED_KEY_FIELDS = (
    "vat",
    "phone",
    "mobile",
    "email",
    "street",
    "street2",
    "city",
    "zip",
    "dealer_controller_ids",
    "is_dealer",
    "dealer_state",
)

#: context key that defers detection; honoured only for code already running as superuser
SKIP_DETECTION_KEY = "dms_skip_related_detection"

#: (stored key field on res.partner, key kind in tools.related)
RELATED_PARTNER_KEYS = (
    ("dealer_vat_key", "vat"),
    ("dealer_phone_key", "phone"),
    ("dealer_mobile_key", "phone"),
    ("dealer_email_domain", "email_domain"),
    ("dealer_address_key", "address"),
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_controller_ids = fields.Many2many(
        "res.partner",
        "dms_dealer_controller_rel",
        "partner_id",
        "controller_id",
        string="Controlling Persons",
        help="Owners, shareholders or managers who control this dealer. Dealers with a common "
        "controlling person form a related group.",
    )
    dealer_vat_key = fields.Char(compute="_compute_dealer_related_keys", store=True, index=True)
    dealer_phone_key = fields.Char(compute="_compute_dealer_related_keys", store=True, index=True)
    dealer_mobile_key = fields.Char(compute="_compute_dealer_related_keys", store=True, index=True)
    dealer_email_domain = fields.Char(compute="_compute_dealer_related_keys", store=True, index=True)
    dealer_address_key = fields.Char(compute="_compute_dealer_related_keys", store=True, index=True)
    # exposure of the channel's related-party analysis: back office only, never the portal
    dealer_related_partner_ids = fields.Many2many(
        "res.partner",
        string="Related Dealers",
        compute="_compute_dealer_related_partner_ids",
        groups="base.group_user",
        help="Other dealers of the same related group.",
    )
    dealer_related_count = fields.Integer(compute="_compute_dealer_related_partner_ids", groups="base.group_user")

    @api.model
    def _dms_related_member_domain(self):
        """Partners related-party detection works on: admitted dealers.

        An applicant (e.g. from the public ``/dealer/apply`` form) is not reviewed
        yet: it never joins or moves a related group; its application lists the
        dealers it may be related to instead (a proposal for the reviewers).
        """
        return [("is_dealer", "=", True), ("dealer_state", "!=", lifecycle.APPLICANT)]

    def _dms_is_related_member(self):
        self.ensure_one()
        return self.is_dealer and self.dealer_state != lifecycle.APPLICANT

    def _dms_skip_related_detection(self):
        # a client may send any context key: only trusted code running as superuser defers detection
        return self.env.su and bool(self.env.context.get(SKIP_DETECTION_KEY))

    @api.depends("is_dealer", "dealer_state", "vat", "phone", "mobile", "email", "street", "street2", "city", "zip")
    def _compute_dealer_related_keys(self):
        for partner in self:
            dealer = partner._dms_is_related_member()
            partner.dealer_vat_key = dealer and related.normalize_vat(partner.vat)
            partner.dealer_phone_key = dealer and related.normalize_phone(partner.phone)
            partner.dealer_mobile_key = dealer and related.normalize_phone(partner.mobile)
            partner.dealer_email_domain = dealer and related.email_domain(partner.email)
            partner.dealer_address_key = dealer and related.address_key(
                partner.street, partner.city, partner.zip, partner.street2
            )

    @api.depends("dealer_related_group_id")
    def _compute_dealer_related_partner_ids(self):
        groups = self.dealer_related_group_id
        members = (
            self.sudo()
            .search_fetch([("dealer_related_group_id", "in", groups.ids)], ["dealer_related_group_id"])
            .grouped("dealer_related_group_id")
        )
        for partner in self:
            others = members.get(partner.dealer_related_group_id, self.browse())
            others = self.browse((others - partner._origin).ids)
            partner.dealer_related_partner_ids = others
            partner.dealer_related_count = len(others)

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    @api.model
    def _dms_related_keys_from_values(self, values):
        """Identity keys of a dealer described by a dict of res.partner values.

        Accepts the res.partner field names plus ``acc_numbers`` (list of bank
        account numbers); ``dealer_controller_ids`` may be ids or x2many commands.
        """
        controllers = values.get("dealer_controller_ids") or []
        controller_ids = set()
        for item in controllers:
            if isinstance(item, int):
                controller_ids.add(item)
            elif isinstance(item, (list, tuple)) and item:
                if item[0] == fields.Command.SET:
                    controller_ids.update(item[2])
                elif item[0] == fields.Command.LINK:
                    controller_ids.add(item[1])
        if isinstance(controllers, models.BaseModel):
            controller_ids = set(controllers.ids)
        acc_numbers = list(values.get("acc_numbers") or [])
        for command in values.get("bank_ids") or []:
            if isinstance(command, (list, tuple)) and command and command[0] == fields.Command.CREATE:
                acc_numbers.append(command[2].get("acc_number"))
        return related.partner_keys(
            {
                **{k: values.get(k) for k in ("vat", "phone", "mobile", "email", "street", "street2", "city", "zip")},
                "acc_numbers": acc_numbers,
                "controller_ids": controller_ids,
            }
        )

    @api.model
    def _dms_get_related_domain(self, keys):
        """Domain of the dealers having one of ``keys`` (stored keys, indexed)."""
        by_kind = {}
        for kind, value in keys:
            by_kind.setdefault(kind, set()).add(value)
        domains = []
        for fname, kind in RELATED_PARTNER_KEYS:
            if by_kind.get(kind):
                domains.append([(fname, "in", list(by_kind[kind]))])
        if by_kind.get("controller"):
            domains.append([("dealer_controller_ids", "in", list(by_kind["controller"]))])
        if by_kind.get("bank"):
            domains.append([("bank_ids.sanitized_acc_number", "in", list(by_kind["bank"]))])
        if not domains:
            return [("id", "=", 0)]
        domain = ["|"] * (len(domains) - 1)
        for dom in domains:
            domain += dom
        return self._dms_related_member_domain() + domain

    @api.model
    def _dms_find_related_parties(self, values):
        """Existing dealers sharing a tax id, bank account, phone, company mail
        domain, address or controlling person with ``values`` (a dict of partner
        values, e.g. an admission application). Records in ``self`` are excluded.

        Searches all dealers whatever the user's record rules (one query on
        indexed keys, explicit ``is_dealer`` domain) and returns them as sudo-free
        records: the caller shows names only.
        """
        keys = self._dms_related_keys_from_values(values)
        if not keys:
            return self.browse()
        domain = self._dms_get_related_domain(keys)
        if self.ids:
            domain = [("id", "not in", self.ids)] + domain
        found = self.sudo().with_context(active_test=False).search(domain)
        return self.browse(found.ids)

    def _dms_read_related_keys(self):
        """``{partner id: keys}`` for the (sudo) dealers of ``self``: one fetch + one bank fetch."""
        fnames = [fname for fname, _kind in RELATED_PARTNER_KEYS] + ["dealer_controller_ids"]
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([("id", "in", self.ids)] + self._dms_related_member_domain(), fnames)
        )
        # archived accounts (core archives instead of deleting used ones) no longer relate
        banks = (
            self.env["res.partner.bank"]
            .sudo()
            .with_context(active_test=True)
            .search_fetch([("partner_id", "in", partners.ids)], ["partner_id", "sanitized_acc_number"])
        )
        result = {}
        for partner in partners:
            keys = {(kind, partner[fname]) for fname, kind in RELATED_PARTNER_KEYS if partner[fname]}
            keys.update(("controller", cid) for cid in partner.dealer_controller_ids.ids)
            result[partner.id] = keys
        for bank in banks:
            if bank.sanitized_acc_number:
                result[bank.partner_id.id].add(("bank", bank.sanitized_acc_number))
        return result

    def _dms_detect_related_parties(self):
        """Recompute the related groups of ``self`` (or of every dealer when empty).

        With records: walk the matching keys outwards (one indexed search per
        step of the chain, not per dealer) until the closure is complete, so a
        chain A-B-C is grouped even when only A changed. Without records: one
        ``search_fetch`` of every dealer. Then union-find in memory
        (:func:`tools.related.related_components`) and one write per group.
        """
        Partner = self.sudo().with_context(active_test=False)
        if not self:
            closure = Partner.search(Partner._dms_related_member_domain())
            keys_by_partner = closure._dms_read_related_keys()
        else:
            start = Partner.browse(self.ids)
            auto_groups = start.dealer_related_group_id.filtered("auto_detected")
            frontier = start | auto_groups.partner_ids
            closure = Partner.browse()
            keys_by_partner = {}
            seen_keys = set()
            while frontier:
                closure |= frontier
                new_keys = frontier._dms_read_related_keys()
                keys_by_partner.update(new_keys)
                todo = set().union(*new_keys.values()) - seen_keys if new_keys else set()
                seen_keys |= todo
                if not todo:
                    break
                frontier = Partner.search([("id", "not in", closure.ids)] + Partner._dms_get_related_domain(todo))
            # applicants left in an automatic group by an earlier detection leave it here
            closure = closure.filtered("is_dealer")
        components, evidence = related.related_components(keys_by_partner)
        self.env["dms.dealer.related.group"]._dms_apply_components(closure, components, evidence)
        return True

    def _dms_get_related_group_partners(self):
        """Every dealer of the related group(s) of ``self`` (``self`` when it has none),
        to check credit on the whole group. Ignores record rules on purpose."""
        groups = self.sudo().dealer_related_group_id
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search(["|", ("dealer_related_group_id", "in", groups.ids), ("id", "in", self.ids)])
        )
        return self.browse(partners.ids)

    # ------------------------------------------------------------------
    # ORM hooks and actions
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # applicants are not reviewed yet: they never touch a related group
        dealers = partners.filtered(lambda p: p._dms_is_related_member())
        if dealers and not self._dms_skip_related_detection():
            dealers._dms_detect_related_parties()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if not self._dms_skip_related_detection() and any(f in vals for f in RELATED_KEY_FIELDS):
            targets = self.filtered(lambda p: p._dms_is_related_member() or p.dealer_related_group_id)
            if targets:
                targets._dms_detect_related_parties()
        return res

    def action_dms_detect_related(self):
        self._dms_detect_related_parties()
        return True

    def action_view_dealer_related_group(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dms.dealer.related.group",
            "res_id": self.dealer_related_group_id.id,
            "view_mode": "form",
            "name": self.env._("Related Group"),
        }
