# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import precedence

_lt = LazyTranslate(__name__)

POLICY_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("superseded", "Superseded"),
]


class DmsPricePolicy(models.Model):
    _name = "dms.price.policy"
    _description = "Price Policy"
    _inherit = ["mail.thread", "mail.activity.mixin", "dms.workflow.mixin"]
    _order = "date_start desc, id desc"

    # states change only through _workflow_transitions(); approvals are written by the engine
    _workflow_protected_fields = (
        "superseded_by_id",
        "approved_by_id",
        "approved_date",
        "hq_approved_by_id",
        "approval_queued_by_id",
        "version",
        "previous_version_id",
        "line_copy_source_id",
        "line_copy_last_id",
    )
    # an approved version is never edited in place (Revise makes a new one)
    _workflow_frozen_fields = (
        "name",
        "date_start",
        "date_end",
        "is_promotion",
        "company_id",
        "currency_id",
        "seller_id",
        "territory_id",
        "line_ids",
        "note",
    )
    _workflow_editable_states = ("draft",)

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
        readonly=True,
        copy=False,
        help="Big policies are checked and activated in the background with this approver's rights.",
    )

    line_copy_source_id = fields.Many2one(
        "dms.price.policy",
        string="Copying Lines From",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A revision of a big policy: its lines are still being copied from this version in the background. "
        "Until the copy is done the lines cannot be edited and the revision cannot be submitted.",
    )
    line_copy_last_id = fields.Integer(
        readonly=True, copy=False, help="Technical: the last line of the revised version copied so far."
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
    def _dms_engine_writes(self):
        """Whether this call comes from the workflow engine itself (or module installation).

        Stricter than ``_workflow_is_engine``: server code running as the superuser does
        not edit an approved version in place either.
        """
        return self._workflow_engine_marked()

    @api.model_create_multi
    def create(self, vals_list):
        engine = self._workflow_is_engine()
        if not engine and "default_code" in self.env.context:
            # dropping a key needs a whole new context, not kwargs merged into it
            self = self.with_context({k: v for k, v in self.env.context.items() if k != "default_code"})  # pylint: disable=context-overridden
        for vals in vals_list:
            if vals.get("code", "/") not in ("/", False) and not engine:
                raise AccessError(self.env._("The reference of a price policy is given by its sequence."))
            if vals.get("code", "/") in ("/", False):
                vals["code"] = self.env["ir.sequence"].next_by_code("dms.price.policy") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals and not self._workflow_is_engine() and any(p.code != vals["code"] for p in self):
            raise AccessError(self.env._("The reference of a price policy is given by its sequence."))
        frozen = set(self._workflow_frozen_fields) & vals.keys()
        if frozen and not self._dms_engine_writes():
            locked = self.filtered(lambda p: p.state not in self._workflow_editable_states)
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
    # Workflow (dms.workflow.mixin)
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        approvers = ("dms_pricing.group_dms_pricing_manager", "dms_dealer.group_dms_hq_manager")
        return [
            workflow.Transition(
                "submit", ("draft",), "to_approve", kind=workflow.SUBMIT, label=_lt("Submit for Approval")
            ),
            workflow.Transition("reset", ("to_approve",), "draft", kind=workflow.RESET, label=_lt("Back to Draft")),
            workflow.Transition(
                "approve", ("to_approve",), "active", approvers, kind=workflow.APPROVE, label=_lt("Approve")
            ),
            # a big policy: the approver's decision is recorded, the cron checks and activates it
            workflow.Transition(
                "queue_approval", ("to_approve",), None, approvers, label=_lt("Approve (checked in the background)")
            ),
            workflow.Transition("expire", ("active",), "expired", approvers, label=_lt("Expire")),
            workflow.Transition("supersede", ("active",), "superseded", approvers, label=_lt("Supersede")),
            workflow.Transition("revise", ("active",), None, label=_lt("Revise")),
        ]

    def _workflow_check(self, transition, reason):
        if transition.name == "submit":
            self._check_lines_copied()
        if transition.name == "submit" and not self.line_ids:
            raise UserError(self.env._("Policy %(name)s has no lines.", name=self.display_name))
        if transition.name == "queue_approval" and self.approval_queued_by_id:
            raise UserError(
                self.env._(
                    "The approval of %(name)s by %(user)s is already being checked in the background.",
                    name=self.display_name,
                    user=self.approval_queued_by_id.name,
                )
            )
        if transition.name == "queue_approval" and self.env.uid != SUPERUSER_ID:
            # the human step of a background approval: the submitter never approves
            approve = next(t for t in self._workflow_transitions() if t.name == "approve")
            self._workflow_check_separation(approve)
        if transition.name == "approve":
            self._check_can_approve(self._dms_acting_approver())
        return super()._workflow_check(transition, reason)

    def _dms_acting_approver(self):
        """Whose approval this is: the caller, or the queued approver when the system activates it."""
        self.ensure_one()
        if self.env.uid == SUPERUSER_ID:
            return self.approval_queued_by_id.with_env(self.env)
        return self.env.user

    def _check_can_approve(self, approver):
        """Rights of ``approver`` on this policy; nothing to check for the system acting alone
        (fixtures, demo data) when no approver queued the approval."""
        self.ensure_one()
        if not approver:
            return
        is_hq = approver.has_group("dms_dealer.group_dms_hq_manager")
        if not (is_hq or approver.has_group("dms_pricing.group_dms_pricing_manager")):
            raise AccessError(self.env._("Only pricing managers and HQ managers can approve price policies."))
        if approver != self.env.user:
            # the queued approver must still be allowed to change this very policy
            self.with_user(approver).check_access("write")
        if self.needs_hq_approval and not is_hq:
            raise AccessError(
                self.env._(
                    "Policy %(name)s goes under a price floor or discounts beyond %(threshold)s%%: "
                    "it needs an HQ manager's approval.",
                    name=self.display_name,
                    threshold=self.company_id.dms_hq_discount_threshold,
                )
            )

    def _workflow_after(self, transition, old_state, reason):
        if transition.name == "approve":
            self._dms_after_approve()
        return super()._workflow_after(transition, old_state, reason)

    def action_submit(self):
        return self._workflow_apply("submit")

    def action_reset_draft(self):
        return self._workflow_apply("reset", vals={"approval_queued_by_id": False})

    def _get_async_approval_min_lines(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("dms_pricing.async_approval_min_lines", 20000))

    def action_approve(self):
        """Approve; policies with many lines are checked and activated by the cron, in batches,
        with the approver's rights (not inside the approver's request)."""
        counts = dict(
            self.env["dms.price.policy.line"]._read_group([("policy_id", "in", self.ids)], ["policy_id"], ["__count"])
        )
        big = self.filtered(lambda p: counts.get(p, 0) >= self._get_async_approval_min_lines())
        if big and self.env.uid != SUPERUSER_ID:
            big._workflow_apply("queue_approval", vals={"approval_queued_by_id": self.env.uid})
            for policy in big:
                policy.message_post(
                    body=self.env._(
                        "Approval by %(user)s queued: %(count)s lines are checked in the background.",
                        user=self.env.user.name,
                        count=counts.get(policy, 0),
                    )
                )
            self._trigger_state_cron()
        else:
            big = self.browse()
        for policy in self - big:
            policy._workflow_apply("approve", vals=policy._dms_approval_vals(policy._dms_acting_approver()))
        if self - big:
            self._trigger_state_cron()
        return True

    def _dms_approval_vals(self, approver):
        self.ensure_one()
        approver_id = approver.id or self.env.uid
        vals = {"approved_by_id": approver_id, "approved_date": fields.Datetime.now(), "approval_queued_by_id": False}
        if self.needs_hq_approval:
            vals["hq_approved_by_id"] = approver_id
        return vals

    def _dms_after_approve(self):
        """The previous version stops selling when this one starts."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        previous = self.previous_version_id
        if previous and previous.state == "active":
            if not self.date_start or self.date_start <= today:
                previous._workflow_as_system()._workflow_apply("supersede", vals={"superseded_by_id": self.id})
            else:
                # The old version keeps selling until the new one starts.
                previous._workflow_write({"superseded_by_id": self.id, "date_end": self.date_start - timedelta(days=1)})
        approver = self.approved_by_id or self.env.user
        self.message_post(body=self.env._("Approved by %(user)s.", user=approver.name))

    def _cron_process_queued_approvals(self, limit=5):
        """Run queued approvals as the system, each checked against its approver's rights,
        each in its own savepoint."""
        queued = self.search([("approval_queued_by_id", "!=", False), ("state", "=", "to_approve")], limit=limit)
        for policy in queued._workflow_as_system():
            approver = policy.approval_queued_by_id
            try:
                with self.env.cr.savepoint():
                    policy._workflow_apply("approve", vals=policy._dms_approval_vals(approver))
            except (AccessError, UserError) as error:
                policy._workflow_write({"approval_queued_by_id": False})
                policy.message_post(
                    body=self.env._("Queued approval by %(user)s refused: %(error)s", user=approver.name, error=error)
                )
        if len(queued) == limit:
            self._trigger_state_cron()

    def action_expire(self):
        return self._workflow_apply("expire")

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

    def _get_async_revision_min_lines(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("dms_pricing.async_revision_min_lines", 20000))

    def action_revise(self):
        """Make a new draft version of an active one; the original keeps selling until the new one is approved.

        The new version's lines are copied with SQL (no record loaded): in this request in one
        statement for a small policy, else by the revision cron in batches, resumable, so
        revising a policy of 100,000 lines answers at once.
        """
        self.ensure_one()
        open_revision = self._get_all_versions().filtered(lambda p: p.state in ("draft", "to_approve"))
        if self.state == "active" and open_revision:
            raise UserError(
                self.env._(
                    "Version %(version)s of this policy is already being revised.", version=open_revision[0].version
                )
            )
        # checks state and rights, and serialises two revisions of one version at once
        self._workflow_apply("revise")
        # the lines are not read here: they are copied below with SQL
        vals_list = self.copy_data(dict(self._prepare_revision_vals(), line_ids=[]))
        new = self._workflow_create(vals_list).with_env(self.env)
        count = self._count_lines()
        if count < self._get_async_revision_min_lines():
            new._copy_lines_from(self)
            new.message_post(body=self.env._("Revision of %(name)s.", name=self.display_name))
        else:
            new._workflow_write({"line_copy_source_id": self.id, "line_copy_last_id": 0})
            new.message_post(
                body=self.env._(
                    "Revision of %(name)s: its %(count)s lines are being copied in the background.",
                    name=self.display_name,
                    count=count,
                )
            )
            self._trigger_revision_cron()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def _count_lines(self):
        self.ensure_one()
        self.env["dms.price.policy.line"].flush_model(["policy_id"])
        rows = self.env.execute_query(SQL("SELECT COUNT(*) FROM dms_price_policy_line WHERE policy_id = %s", self.id))
        return rows[0][0]

    @api.model
    def _copied_line_columns(self):
        """Columns a revision copies: every stored column of a line but its id, policy and log fields
        (related stored fields included: they follow the policy, whose company and currency are kept)."""
        Line = self.env["dms.price.policy.line"]
        skip = {"id", "policy_id", "create_uid", "create_date", "write_uid", "write_date"}
        return [
            name
            for name, field in Line._fields.items()
            if field.store and field.column_type and name not in skip and (field.copy or field.related)
        ]

    def _copy_lines_from(self, source, after_id=0, limit=None):
        """Copy the lines of ``source`` with an id above ``after_id`` (at most ``limit``, in id order)
        into this policy in one SQL statement. Returns (lines copied, last source line id)."""
        self.ensure_one()
        Line = self.env["dms.price.policy.line"]
        Line.flush_model()
        columns = SQL(", ").join(SQL.identifier(name) for name in self._copied_line_columns())
        rows = self.env.execute_query(
            SQL(
                """
                WITH batch AS (
                    SELECT * FROM dms_price_policy_line
                     WHERE policy_id = %(source)s AND id > %(after)s
                  ORDER BY id
                     %(limit)s
                ), copied AS (
                    INSERT INTO dms_price_policy_line
                           (policy_id, %(columns)s, create_uid, create_date, write_uid, write_date)
                    SELECT %(target)s, %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM batch
                  ORDER BY id
                 RETURNING 1
                )
                SELECT (SELECT COUNT(*) FROM copied), (SELECT MAX(id) FROM batch)
                """,
                source=source.id,
                after=after_id,
                limit=SQL("LIMIT %s", limit) if limit else SQL(),
                columns=columns,
                target=self.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        count, last_id = rows[0]
        self.invalidate_recordset(["line_ids", "line_count", "needs_hq_approval"])
        return count, last_id or after_id

    def _check_lines_copied(self):
        """Refuse to change a revision whose lines are still being copied."""
        pending = self.filtered("line_copy_source_id")
        if pending:
            raise UserError(
                self.env._(
                    "The lines of %(name)s are still being copied from version %(version)s; try again in a moment.",
                    name=pending[0].display_name,
                    version=pending[0].line_copy_source_id.version,
                )
            )

    def _trigger_revision_cron(self):
        cron = self.env.ref("dms_pricing.ir_cron_dms_price_policy_revision", raise_if_not_found=False)
        if cron:
            cron._trigger()

    @api.model
    def _cron_copy_revision_lines(self, batch_size=20000):
        """Copy the lines of pending revisions, one batch (one SQL statement) per call.

        The progress is written with the batch, in the same transaction: a crash loses
        nothing and a rerun goes on where the last committed batch stopped. Two runs at
        once serialise on the revision row (the second one waits, then retries).
        """
        self.flush_model(["line_copy_source_id"])
        # a revision being edited by someone (row locked) is copied by the next run
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM dms_price_policy WHERE line_copy_source_id IS NOT NULL
                   ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED"""
            )
        )
        if not rows:
            return True
        policy = self.browse(rows[0][0])
        source = policy.line_copy_source_id
        count, last_id = policy._copy_lines_from(source, policy.line_copy_last_id, batch_size)
        done = count < batch_size
        policy._workflow_write({"line_copy_last_id": last_id, "line_copy_source_id": False if done else source.id})
        if done:
            policy.message_post(
                body=self.env._(
                    "All %(count)s lines of %(name)s copied: the revision can be edited.",
                    count=policy.line_count,
                    name=source.display_name,
                )
            )
        remaining = self.search_count([("line_copy_source_id", "!=", False)])
        self.env["ir.cron"]._notify_progress(done=count, remaining=remaining)
        return True

    def copy(self, default=None):
        self._check_lines_copied()
        return super().copy(default)

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
        ended._workflow_as_system()._workflow_apply("expire")
        replaced = self.search(
            [
                ("state", "=", "active"),
                ("superseded_by_id.state", "=", "active"),
                ("superseded_by_id.date_start", "<=", today),
            ],
            limit=batch_size,
        )
        replaced._workflow_as_system()._workflow_apply("supersede")
        if len(ended) == batch_size or len(replaced) == batch_size:
            self._trigger_state_cron()
        return True
