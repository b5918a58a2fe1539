# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dms_dealer.tools import workflow

from ..tools import engagement

_lt = LazyTranslate(__name__)

ANNOUNCEMENT_TYPES = [
    ("announcement", "Announcement"),
    ("policy", "Policy"),
    ("product", "New Product"),
    ("training", "Training"),
]
#: types that also make up the knowledge base
KNOWLEDGE_TYPES = ("policy", "product", "training")
PUBLISHERS = ("dms_dealer.group_dms_hq_manager",)


class DmsAnnouncement(models.Model):
    """What the brand tells its dealers: announcements, policies, new products, training (公告).

    Targeted by dealer level, territory and dealer (``dms.targeting.mixin``); published through
    the workflow engine; each dealer's first opening is a read receipt, and items that require it
    are acknowledged ("I have read and acknowledge") by the dealer.
    """

    _name = "dms.announcement"
    _description = "Dealer Announcement"
    _inherit = ["mail.thread", "dms.workflow.mixin", "dms.targeting.mixin"]
    _order = "pinned desc, publish_date desc, id desc"

    _workflow_protected_fields = ("published_uid",)

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    announcement_type = fields.Selection(
        ANNOUNCEMENT_TYPES, string="Type", required=True, default="announcement", index=True, tracking=True
    )
    is_knowledge = fields.Boolean(
        compute="_compute_is_knowledge",
        store=True,
        index=True,
        help="Policies, new products and training also appear in the dealers' knowledge base.",
    )
    category_id = fields.Many2one("dms.knowledge.category", string="Knowledge Category", index=True)
    summary = fields.Char(translate=True, help="One line shown in the dealers' list.")
    body = fields.Html(translate=True, sanitize=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "dms_announcement_attachment_rel",
        "announcement_id",
        "attachment_id",
        string="Attachments",
        copy=False,
    )
    publish_date = fields.Datetime(
        string="Published From", index=True, help="Shown to dealers from then on (empty: as soon as published)."
    )
    expiry_date = fields.Datetime(string="Expires On", index=True, help="No longer shown from then on.")
    pinned = fields.Boolean(help="Listed first in the portal.")
    ack_required = fields.Boolean(
        string="Acknowledgement Required", help="Dealers must confirm they have read and acknowledge it."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("withdrawn", "Withdrawn")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    published_uid = fields.Many2one("res.users", string="Published By", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    level_ids = fields.Many2many(
        "dms.dealer.level", "dms_announcement_level_rel", "announcement_id", "level_id", string="Dealer Levels"
    )
    territory_ids = fields.Many2many(
        "dms.territory", "dms_announcement_territory_rel", "announcement_id", "territory_id", string="Territories"
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "dms_announcement_partner_rel",
        "announcement_id",
        "partner_id",
        string="Dealers",
        domain="[('is_dealer', '=', True), ('is_company', '=', True)]",
    )
    receipt_ids = fields.One2many("dms.announcement.receipt", "announcement_id", string="Read Receipts")
    target_count = fields.Integer(string="Targeted", compute="_compute_reach")
    read_count = fields.Integer(string="Read", compute="_compute_reach")
    ack_count = fields.Integer(string="Acknowledged", compute="_compute_reach")
    unread_count = fields.Integer(string="Not Read", compute="_compute_reach")
    read_rate = fields.Float(string="Read (%)", compute="_compute_reach", digits=(5, 1))
    ack_rate = fields.Float(string="Acknowledged (%)", compute="_compute_reach", digits=(5, 1))
    dealer_visible = fields.Boolean(
        string="Shown to My Dealer",
        compute="_compute_dealer_visible",
        search="_search_dealer_visible",
        help="Published, live now and targeted at the dealer of the current user.",
    )

    @api.depends("announcement_type")
    def _compute_is_knowledge(self):
        for record in self:
            record.is_knowledge = record.announcement_type in KNOWLEDGE_TYPES

    @api.constrains("publish_date", "expiry_date")
    def _check_dates(self):
        for record in self:
            if record.publish_date and record.expiry_date and record.expiry_date <= record.publish_date:
                raise ValidationError(
                    self.env._("%(title)s expires before it is published.", title=record.display_name)
                )

    # ------------------------------------------------------------------
    # Targeting and visibility
    # ------------------------------------------------------------------
    def _dms_dealers_domain(self):
        """``res.partner`` domain: the active dealers this announcement is for."""
        self.ensure_one()
        return expression.AND([engagement.dealer_domain(), self._targeting_partner_domain()])

    @api.model
    def _dms_live_domain(self, now=None):
        now = now or fields.Datetime.now()
        return [
            ("state", "=", "published"),
            "|",
            ("publish_date", "=", False),
            ("publish_date", "<=", now),
            "|",
            ("expiry_date", "=", False),
            ("expiry_date", ">", now),
        ]

    def _compute_dealer_visible(self):
        dealer = self.env.user.dms_dealer_id
        visible = self.search(self._search_dealer_visible("=", True) + [("id", "in", self.ids)]) if dealer else self
        for record in self:
            record.dealer_visible = bool(dealer) and record in visible

    def _search_dealer_visible(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on %(field)s.", field="dealer_visible"))
        if (operator == "=") != value:
            raise UserError(self.env._("Only items shown to your dealer can be searched."))
        # the user's own dealer: level and territory read to build the domain (no other record is read)
        dealer = self.env.user.sudo().dms_dealer_id
        if not dealer:
            return expression.FALSE_DOMAIN
        return expression.AND([self._dms_live_domain(), self._targeting_domain(dealer)])

    # ------------------------------------------------------------------
    # Reach
    # ------------------------------------------------------------------
    def _compute_reach(self):
        """Targeted dealers (those the reader may see), and the receipts of those dealers."""
        Receipt = self.env["dms.announcement.receipt"]
        read_counts, ack_counts = {}, {}
        if self.ids:
            base = [("announcement_id", "in", self.ids)]
            read_counts = {a.id: n for a, n in Receipt._read_group(base, ["announcement_id"], ["__count"])}
            ack_counts = {
                a.id: n
                for a, n in Receipt._read_group(base + [("ack_date", "!=", False)], ["announcement_id"], ["__count"])
            }
        Partner = self.env["res.partner"]
        for record in self:
            targeted = Partner.search_count(record._dms_dealers_domain()) if record.id else 0
            read, ack = read_counts.get(record.id, 0), ack_counts.get(record.id, 0)
            figures = engagement.reach(targeted, read, ack)
            record.target_count = targeted
            record.read_count = read
            record.ack_count = ack
            record.unread_count = figures["unread"]
            record.read_rate = figures["read_rate"]
            record.ack_rate = figures["ack_rate"]

    def action_view_unread(self):
        """The targeted dealers that have not opened this announcement yet."""
        self.ensure_one()
        # a plain list of ids: the domain travels to the web client
        read = self.env["dms.announcement.receipt"].search_fetch([("announcement_id", "=", self.id)], ["partner_id"])
        domain = expression.AND([self._dms_dealers_domain(), [("id", "not in", read.partner_id.ids)]])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Not read: %(title)s", title=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }

    def action_view_receipts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_engagement.action_dms_announcement_receipt")
        action["domain"] = [("announcement_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        return [
            workflow.Transition("publish", ("draft",), "published", groups=PUBLISHERS, label=_lt("Publish")),
            workflow.Transition("withdraw", ("published",), "withdrawn", groups=PUBLISHERS, label=_lt("Withdraw")),
            workflow.Transition(
                "reset", ("withdrawn",), "draft", groups=PUBLISHERS, kind=workflow.RESET, label=_lt("Back to Draft")
            ),
        ]

    def action_publish(self):
        for record in self:
            vals = {"published_uid": self.env.uid}
            if not record.publish_date:
                vals["publish_date"] = fields.Datetime.now()
            record._workflow_apply("publish", vals=vals)
        return True

    def action_withdraw(self):
        return self._workflow_apply("withdraw")

    def action_reset(self):
        return self._workflow_apply("reset")

    # ------------------------------------------------------------------
    # Attachments belong to their announcement (portal download checks the announcement)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dms_bind_attachments()
        return records

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._dms_bind_attachments()
        return res

    def _dms_bind_attachments(self):
        for record in self:
            # sudo: binds the uploads of this very record to it, nothing else
            loose = record.sudo().attachment_ids.filtered(lambda a: not a.res_id or a.res_model != self._name)
            if loose:
                loose.write({"res_model": record._name, "res_id": record.id})
            # portal users download attachments with their token (core's portal pattern); the
            # token is rendered only on the page of a dealer that may read the announcement
            record.sudo().attachment_ids.filtered(lambda a: not a.access_token).generate_access_token()

    # ------------------------------------------------------------------
    # Portal: receipts and acknowledgement
    # ------------------------------------------------------------------
    def _dms_portal_dealer(self):
        """The portal user's dealer, after checking this announcement is shown to it."""
        self.ensure_one()
        user = self.env.user
        dealer = user.dms_dealer_id
        if not user.share or not dealer:
            return None
        # searched as the user: record rules and the visibility domain both apply
        if not self.search_count([("id", "=", self.id), ("dealer_visible", "=", True)]):
            raise AccessError(self.env._("This announcement is not addressed to your company."))
        return dealer

    def _dms_portal_open(self):
        """Record the dealer's read receipt at its first opening (no-op afterwards, or for staff).

        One row per announcement and dealer, inserted with ``ON CONFLICT DO NOTHING`` on the
        unique constraint: two openings at once leave one receipt and no error.
        """
        dealer = self._dms_portal_dealer()
        if not dealer:
            return False
        now = fields.Datetime.now()
        uid = self.env.uid
        rows = self.env.execute_query(
            SQL(
                """INSERT INTO dms_announcement_receipt
                       (announcement_id, partner_id, user_id, read_date, create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
                   ON CONFLICT (announcement_id, partner_id) DO NOTHING
                   RETURNING id""",
                self.id,
                dealer.id,
                uid,
                now,
                uid,
                now,
                uid,
                now,
            )
        )
        if rows:
            self.env["dms.announcement.receipt"].invalidate_model()
            self.invalidate_recordset(["receipt_ids"])
        return bool(rows)

    def _dms_portal_acknowledge(self):
        """The dealer acknowledges this announcement (once; repeated clicks change nothing)."""
        dealer = self._dms_portal_dealer()
        if not dealer:
            raise AccessError(self.env._("Only a dealer's portal user acknowledges an announcement."))
        if not self.ack_required:
            raise UserError(self.env._("%(title)s does not ask for an acknowledgement.", title=self.name))
        if not dealer._dms_portal_can_act():
            raise AccessError(self.env._("You may not act for %(dealer)s.", dealer=dealer.display_name))
        self._dms_portal_open()
        now = fields.Datetime.now()
        rows = self.env.execute_query(
            SQL(
                """UPDATE dms_announcement_receipt
                      SET ack_user_id = %s, ack_date = %s, write_uid = %s, write_date = %s
                    WHERE announcement_id = %s AND partner_id = %s AND ack_date IS NULL
                RETURNING id""",
                self.env.uid,
                now,
                self.env.uid,
                now,
                self.id,
                dealer.id,
            )
        )
        self.env["dms.announcement.receipt"].invalidate_model()
        return bool(rows)

    @api.model
    def _dms_portal_unread_count(self):
        """Announcements shown to the user's dealer that it has not opened yet (two queries)."""
        dealer = self.env.user.dms_dealer_id
        if not dealer or not self.has_access("read"):
            return 0
        read = self.env["dms.announcement.receipt"]._search([("partner_id", "=", dealer.id)])
        return self.search_count([("dealer_visible", "=", True), ("id", "not in", read.subselect("announcement_id"))])
