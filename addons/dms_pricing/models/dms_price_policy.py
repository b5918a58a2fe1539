# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import precedence

POLICY_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("superseded", "Superseded"),
]
# Fields the workflow itself may write on a locked (approved) version.
WORKFLOW_FIELDS = {
    "state",
    "superseded_by_id",
    "date_end",
    "approved_by_id",
    "approved_date",
    "hq_approved_by_id",
    "approval_queued_by_id",
    "message_main_attachment_id",
}


class DmsPricePolicy(models.Model):
    _name = "dms.price.policy"
    _description = "Price Policy"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
        help="Shared by every version of the policy.",
    )
    version = fields.Integer(default=1, readonly=True, copy=False, tracking=True)
    previous_version_id = fields.Many2one("dms.price.policy", readonly=True, copy=False, index=True)
    superseded_by_id = fields.Many2one("dms.price.policy", readonly=True, copy=False)
    state = fields.Selection(
        POLICY_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    date_start = fields.Date(string="Valid From", tracking=True, index=True)
    date_end = fields.Date(string="Valid Until", tracking=True, index=True)
    is_promotion = fields.Boolean(
        string="Promotion", tracking=True, help="A short campaign: ranks after targeted prices."
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id, tracking=True
    )
    seller_id = fields.Many2one(
        "res.partner",
        string="Seller",
        index=True,
        tracking=True,
        domain=[("is_dealer", "=", True)],
        help="The dealer who sells at these prices to its downstream customers. Empty: the brand (HQ).",
    )
    territory_id = fields.Many2one(
        "dms.territory",
        string="Owning Territory",
        index=True,
        tracking=True,
        help="The region the policy belongs to (who may see and edit it). Empty: national policy of HQ.",
    )
    line_ids = fields.One2many("dms.price.policy.line", "policy_id", string="Lines", copy=True)
    line_count = fields.Integer(compute="_compute_line_count")
    note = fields.Html()
    version_ids = fields.One2many(
        "dms.price.policy", compute="_compute_version_ids", string="Versions", help="Every version of this policy."
    )
    needs_hq_approval = fields.Boolean(
        compute="_compute_needs_hq_approval", help="A line goes under a floor or discounts beyond the threshold."
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    hq_approved_by_id = fields.Many2one("res.users", string="HQ Approved By", readonly=True, copy=False)
    approval_queued_by_id = fields.Many2one(
        "res.users",
        string="Approval Queued By",
        readonly=True,
        copy=False,
        help="Big policies are checked and activated in the background with this approver's rights.",
    )

    _sql_constraints = [
        ("code_version_uniq", "unique(code, version, company_id)", "A policy version must be unique."),
    ]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for policy in self:
            if policy.date_start and policy.date_end and policy.date_end < policy.date_start:
                raise ValidationError(self.env._("Policy %(name)s ends before it starts.", name=policy.display_name))

    @api.depends("code", "version", "name")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = f"{policy.code} v{policy.version} {policy.name or ''}".strip()

    def _compute_line_count(self):
        counts = dict(
            self.env["dms.price.policy.line"]._read_group([("policy_id", "in", self.ids)], ["policy_id"], ["__count"])
        )
        for policy in self:
            policy.line_count = counts.get(policy, 0)

    @api.depends("code")
    def _compute_version_ids(self):
        groups = dict(
            self._read_group(
                [("code", "in", self.mapped("code")), ("company_id", "in", self.company_id.ids)],
                ["code"],
                ["id:recordset"],
            )
        )
        for policy in self:
            policy.version_ids = groups.get(policy.code, self.browse()).sorted("version", reverse=True)

    @api.depends("line_ids", "line_ids.fixed_price", "line_ids.discount", "line_ids.compute_price")
    def _compute_needs_hq_approval(self):
        for policy in self:
            if isinstance(policy.id, int):
                policy.needs_hq_approval = bool(policy._get_hq_breach_line_ids(stop_at_first=True))
            else:  # unsaved form: check the lines in memory
                policy.needs_hq_approval = any(policy.line_ids.mapped("needs_hq_approval"))

    def _get_hq_breach_line_ids(self, stop_at_first=False, batch_size=50000):
        """Ids of the lines under their floor or discounting beyond the company threshold.

        Reads the lines in batches with plain SQL (no records loaded), so a policy of
        100,000+ lines is checked in the approver's request in bounded memory.
        """
        self.ensure_one()
        self.env["dms.price.policy.line"].flush_model()
        self.env["product.product"].flush_model(["standard_price", "product_tmpl_id"])
        self.env["product.template"].flush_model(
            ["list_price", "categ_id", "company_id", "dms_floor_price", "dms_suggested_retail_price"]
        )
        self.env["product.category"].flush_model(["parent_path", "dms_has_min_margin", "dms_min_margin"])
        company = self.company_id
        threshold = company.dms_hq_discount_threshold
        categ_rows = self.env.execute_query(
            SQL("SELECT id, parent_path, dms_has_min_margin, dms_min_margin FROM product_category")
        )
        own_margin = {cid: margin or 0.0 for cid, _path, has, margin in categ_rows if has}
        margins = {}
        for cid, path, _has, _margin in categ_rows:
            chain = reversed([int(x) for x in (path or "").split("/") if x])
            margins[cid] = next((own_margin[c] for c in chain if c in own_margin), None)
        date = self.date_start or fields.Date.context_today(self)
        rates = {}

        def convert(amount, currency_id):
            if currency_id == self.currency_id.id or not amount:
                return amount
            if currency_id not in rates:
                rates[currency_id] = self.env["res.currency"]._get_conversion_rate(
                    self.env["res.currency"].browse(currency_id), self.currency_id, company, date
                )
            return amount * rates[currency_id]

        breaches = []
        last_id = 0
        end_customer = bool(self.seller_id)
        while True:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT l.id, l.compute_price, COALESCE(l.fixed_price, 0), COALESCE(l.discount, 0),
                           pt.id IS NOT NULL,
                           COALESCE(pt.list_price, 0) + COALESCE((
                               SELECT SUM(ptav.price_extra) FROM product_variant_combination pvc
                                 JOIN product_template_attribute_value ptav
                                   ON ptav.id = pvc.product_template_attribute_value_id
                                WHERE pvc.product_product_id = pp.id), 0),
                           CASE WHEN pp.id IS NOT NULL THEN COALESCE((pp.standard_price ->> %(cid)s)::float, 0)
                                ELSE COALESCE((SELECT MAX((v.standard_price ->> %(cid)s)::float)
                                                 FROM product_product v WHERE v.product_tmpl_id = pt.id), 0)
                           END,
                           COALESCE(pt.dms_floor_price, 0), COALESCE(pt.dms_suggested_retail_price, 0),
                           pt.categ_id, COALESCE(rc.currency_id, %(currency)s)
                      FROM dms_price_policy_line l
                 LEFT JOIN product_product pp ON pp.id = l.product_id
                 LEFT JOIN product_template pt ON pt.id = COALESCE(l.product_tmpl_id, pp.product_tmpl_id)
                 LEFT JOIN res_company rc ON rc.id = pt.company_id
                     WHERE l.policy_id = %(policy)s AND l.id > %(last)s
                  ORDER BY l.id
                     LIMIT %(limit)s
                    """,
                    cid=str(company.id),
                    currency=company.currency_id.id,
                    policy=self.id,
                    last=last_id,
                    limit=batch_size,
                )
            )
            for lid, compute, fixed, discount, has_product, list_price, cost, min_price, srp, categ_id, cur in rows:
                floor = False
                if has_product:
                    floor = precedence.floor_price(
                        min_price=float(min_price),
                        cost=cost,
                        margin=margins.get(categ_id),
                        suggested_retail=float(srp),
                        end_customer=end_customer,
                    )
                    floor = convert(floor, cur) if floor else False
                base = convert(list_price, cur) if has_product else 0.0
                if compute == "fixed":
                    breach = precedence.needs_hq_approval(float(fixed), base, floor, threshold)
                else:
                    price = precedence.apply_rule("discount", base, discount=discount)
                    breach = discount > threshold + 1e-9 or bool(has_product and floor and price < floor - 0.005)
                if breach:
                    breaches.append(lid)
                    if stop_at_first:
                        return breaches
            if len(rows) < batch_size:
                return breaches
            last_id = rows[-1][0]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code", "/") == "/":
                vals["code"] = self.env["ir.sequence"].next_by_code("dms.price.policy") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - WORKFLOW_FIELDS and not self.env.context.get("dms_policy_workflow"):
            locked = self.filtered(lambda p: p.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "Policy %(name)s is %(state)s and cannot be edited. Use Revise to make a new version.",
                        name=locked[0].display_name,
                        state=dict(POLICY_STATES)[locked[0].state],
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(p.state != "draft" for p in self):
            raise UserError(self.env._("Only draft policies can be deleted; approved versions stay as history."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_write(self, vals):
        return self.with_context(dms_policy_workflow=True).write(vals)

    def action_submit(self):
        for policy in self:
            if policy.state != "draft":
                raise UserError(self.env._("Only draft policies can be submitted."))
            if not policy.line_ids:
                raise UserError(self.env._("Policy %(name)s has no lines.", name=policy.display_name))
        self._workflow_write({"state": "to_approve"})
        return True

    def action_reset_draft(self):
        if any(p.state != "to_approve" for p in self):
            raise UserError(self.env._("Only policies waiting for approval can go back to draft."))
        self._workflow_write({"state": "draft"})
        return True

    def _check_can_approve(self):
        user = self.env.user
        is_hq = user.has_group("dms_dealer.group_dms_hq_manager")
        if not (is_hq or user.has_group("dms_pricing.group_dms_pricing_manager")):
            raise AccessError(self.env._("Only pricing managers and HQ managers can approve price policies."))
        for policy in self:
            if policy.state != "to_approve":
                raise UserError(self.env._("Policy %(name)s is not waiting for approval.", name=policy.display_name))
            if policy.needs_hq_approval and not is_hq:
                raise AccessError(
                    self.env._(
                        "Policy %(name)s goes under a price floor or discounts beyond %(threshold)s%%: "
                        "it needs an HQ manager's approval.",
                        name=policy.display_name,
                        threshold=policy.company_id.dms_hq_discount_threshold,
                    )
                )

    def _get_async_approval_min_lines(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("dms_pricing.async_approval_min_lines", 20000))

    def action_approve(self):
        """Approve; policies with many lines are checked and activated by the cron, in batches,
        with the approver's rights (not inside the approver's request)."""
        user = self.env.user
        if not (
            user.has_group("dms_pricing.group_dms_pricing_manager") or user.has_group("dms_dealer.group_dms_hq_manager")
        ):
            raise AccessError(self.env._("Only pricing managers and HQ managers can approve price policies."))
        if any(p.state != "to_approve" for p in self):
            raise UserError(self.env._("Only policies waiting for approval can be approved."))
        counts = dict(
            self.env["dms.price.policy.line"]._read_group([("policy_id", "in", self.ids)], ["policy_id"], ["__count"])
        )
        big = self.filtered(lambda p: counts.get(p, 0) >= self._get_async_approval_min_lines())
        if big:
            big._workflow_write({"approval_queued_by_id": self.env.uid})
            for policy in big:
                policy.message_post(
                    body=self.env._(
                        "Approval by %(user)s queued: %(count)s lines are checked in the background.",
                        user=user.name,
                        count=counts.get(policy, 0),
                    )
                )
            self._trigger_state_cron()
        (self - big)._do_approve()
        return True

    def _do_approve(self):
        self._check_can_approve()
        today = fields.Date.context_today(self)
        for policy in self:
            vals = {
                "state": "active",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
                "approval_queued_by_id": False,
            }
            if policy.needs_hq_approval:
                vals["hq_approved_by_id"] = self.env.uid
            policy._workflow_write(vals)
            previous = policy.previous_version_id
            if previous and previous.state == "active":
                prev_vals = {"superseded_by_id": policy.id}
                if not policy.date_start or policy.date_start <= today:
                    prev_vals["state"] = "superseded"
                else:
                    # The old version keeps selling until the new one starts.
                    prev_vals["date_end"] = policy.date_start - timedelta(days=1)
                previous._workflow_write(prev_vals)
            policy.message_post(body=self.env._("Approved by %(user)s.", user=self.env.user.name))
        self._trigger_state_cron()
        return True

    def _cron_process_queued_approvals(self, limit=5):
        """Run queued approvals, each as its approver and in its own transaction step."""
        queued = self.search([("approval_queued_by_id", "!=", False), ("state", "=", "to_approve")], limit=limit)
        for policy in queued:
            approver = policy.approval_queued_by_id
            try:
                with self.env.cr.savepoint():
                    policy.with_user(approver)._do_approve()
            except (AccessError, UserError) as error:
                policy._workflow_write({"approval_queued_by_id": False})
                policy.message_post(
                    body=self.env._("Queued approval by %(user)s refused: %(error)s", user=approver.name, error=error)
                )
        if len(queued) == limit:
            self._trigger_state_cron()

    def action_expire(self):
        if not (
            self.env.user.has_group("dms_pricing.group_dms_pricing_manager")
            or self.env.user.has_group("dms_dealer.group_dms_hq_manager")
        ):
            raise AccessError(self.env._("Only pricing managers and HQ managers can expire price policies."))
        if any(p.state != "active" for p in self):
            raise UserError(self.env._("Only active policies can be expired."))
        self._workflow_write({"state": "expired"})
        return True

    def _get_all_versions(self):
        self.ensure_one()
        return self.with_context(active_test=False).search(
            [("code", "=", self.code), ("company_id", "=", self.company_id.id)]
        )

    def _prepare_revision_vals(self):
        self.ensure_one()
        return {
            "code": self.code,
            "version": max(self._get_all_versions().mapped("version") or [self.version]) + 1,
            "previous_version_id": self.id,
            "state": "draft",
        }

    def action_revise(self):
        """Copy an active version into a new draft version; the original stays untouched until approval."""
        self.ensure_one()
        if self.state != "active":
            raise UserError(self.env._("Only an active policy can be revised."))
        open_revision = self._get_all_versions().filtered(lambda p: p.state in ("draft", "to_approve"))
        if open_revision:
            raise UserError(
                self.env._(
                    "Version %(version)s of this policy is already being revised.", version=open_revision[0].version
                )
            )
        new = self.copy(self._prepare_revision_vals())
        new.message_post(body=self.env._("Revision of %(name)s.", name=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_pricing.action_dms_price_policy_line")
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {"default_policy_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Dates: run by a cron, in batches
    # ------------------------------------------------------------------
    def _trigger_state_cron(self):
        cron = self.env.ref("dms_pricing.ir_cron_dms_price_policy_state", raise_if_not_found=False)
        if cron:
            cron._trigger()

    @api.model
    def _cron_update_states(self, batch_size=1000):
        """Expire ended policies and retire versions superseded by a started revision.

        Policy lines carry no copy of the policy state (the price query joins the
        policy), so a state change is one UPDATE whatever the number of lines.
        """
        self._cron_process_queued_approvals()
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "active"), ("date_end", "<", today)], limit=batch_size)
        ended._workflow_write({"state": "expired"})
        replaced = self.search(
            [
                ("state", "=", "active"),
                ("superseded_by_id.state", "=", "active"),
                ("superseded_by_id.date_start", "<=", today),
            ],
            limit=batch_size,
        )
        replaced._workflow_write({"state": "superseded"})
        if len(ended) == batch_size or len(replaced) == batch_size:
            self._trigger_state_cron()
        return True
