# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

#: transitions the brand's finance makes on its statements, and the seller on a channel statement
SELLER_TRANSITIONS = ("send", "resolve_accept", "resolve_reject", "disputes_resolved", "reset", "regenerate")
PORTAL = ("dms_dealer.group_dms_portal_user",)


class DmsDealerStatement(models.Model):
    """The brand's dealer statement (对账单), also issued by a seller to its buyer (channel statement).

    One mechanism: the same snapshot, lines, signature, disputes, kept PDF and portal pages. A
    channel statement names its channel account (seller × buyer); its lines come from the channel
    books (shipments, accepted returns, confirmed payments), never the brand's. The buyer's own
    portal users confirm (signature) or dispute it, logged in (an access token alone never signs);
    the seller's portal users issue it and resolve the disputes (reject with a reason, or correct
    the channel books and reopen it). Finance and the brand act on neither side.
    """

    _inherit = "dms.dealer.statement"

    dms_channel_account_id = fields.Many2one(
        "dms.channel.account",
        string="Channel Account",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="Set on a statement a seller issues to its buyer (channel sales); empty: the brand's statement.",
    )
    dms_issuer_id = fields.Many2one(
        "res.partner",
        string="Issued By",
        related="dms_channel_account_id.seller_id",
        store=True,
        index="btree_not_null",
        help="The seller who issues this channel statement; empty: the brand.",
    )

    _sql_constraints = [
        (
            "partner_period_uniq",
            "UNIQUE NULLS NOT DISTINCT(partner_id, company_id, date_from, date_to, dms_channel_account_id)",
            "There is already a statement for this dealer and period.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # the channel account is the system's (a client never points a statement at a channel account)
        if not self.env.su and any(vals.get("dms_channel_account_id") for vals in vals_list):
            raise AccessError(self.env._("Channel statements are issued by their seller."))
        return super().create(vals_list)

    def write(self, vals):
        if "dms_channel_account_id" in vals and not self.env.su:
            raise AccessError(self.env._("Channel statements are issued by their seller."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # The brand's flows never see channel statements
    # ------------------------------------------------------------------
    @api.model
    def _get_statement_period_domain(self, partners, date_from, date_to, company):
        return super()._get_statement_period_domain(partners, date_from, date_to, company) + [
            ("dms_channel_account_id", "=", False)
        ]

    @api.model
    def _prepare_statements_vals(self, partners, date_from, date_to, company):
        # called on one channel statement when it is regenerated: its lines come from the channel books
        account = self.dms_channel_account_id if len(self) == 1 else self.env["dms.channel.account"]
        if not account:
            return super()._prepare_statements_vals(partners, date_from, date_to, company)
        return {account.buyer_id.id: account._channel_statement_vals(date_from, date_to)}

    def _dms_regenerate_lines(self):
        channel = self.filtered("dms_channel_account_id")
        for statement in channel:
            super(DmsDealerStatement, statement)._dms_regenerate_lines()
        return super(DmsDealerStatement, self - channel)._dms_regenerate_lines()

    # ------------------------------------------------------------------
    # Who acts on a channel statement
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        transitions = super()._workflow_transitions()
        if len(self) != 1 or not self.dms_channel_account_id:
            return transitions
        # the seller's portal users do what the brand's finance does on its own statements
        return [
            transition._replace(groups=PORTAL) if transition.name in SELLER_TRANSITIONS else transition
            for transition in transitions
        ]

    def _dms_channel_check_seller(self):
        """The acting user is a portal user of the seller (or the system)."""
        self.ensure_one()
        user = self.env["res.partner"]._dms_portal_acting_user()
        if user._is_superuser():
            return user
        if not user.share or user._is_public() or user.partner_id.commercial_partner_id != self.sudo().dms_issuer_id:
            raise AccessError(self.env._("Only the seller who issued this statement can do this."))
        return user

    def _dms_channel_check_buyer(self):
        """The acting user is a logged-in portal user of the buyer (an access token alone is not enough)."""
        self.ensure_one()
        user = self.env["res.partner"]._dms_portal_acting_user()
        if not user.share or user._is_public() or user.partner_id.commercial_partner_id != self.sudo().partner_id:
            raise AccessError(self.env._("Only the buyer's own users, logged in, confirm or dispute this statement."))
        return user

    def _workflow_check(self, transition, reason):
        if not self.dms_channel_account_id:
            return super()._workflow_check(transition, reason)
        if transition.name in ("confirm", "dispute"):
            self._dms_channel_check_buyer()
            if transition.name == "confirm" and self.line_ids.filtered("disputed"):
                raise UserError(self.env._("Resolve the disputed lines before confirming."))
            return True
        if transition.name == "resolve_accept":
            raise UserError(
                self.env._(
                    "A channel statement's dispute is not settled by an entry: record the missing payment or "
                    "return in the channel account, then reopen the statement; or reject the dispute with a reason."
                )
            )
        if transition.name in SELLER_TRANSITIONS:
            self._dms_channel_check_seller()
        return True

    def _dms_channel_seller_users(self):
        """The active portal users of the seller (its own contacts)."""
        self.ensure_one()
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "=", self.sudo().dms_issuer_id.id),
                    ("share", "=", True),
                    ("groups_id", "in", self.env.ref("dms_dealer.group_dms_portal_user").ids),
                ],
                order="id",
            )
        )

    def _dms_get_finance_user(self):
        # on a channel statement, "finance" is the seller: its first portal user reads the notes
        self.ensure_one()
        if self.dms_channel_account_id:
            return self._dms_channel_seller_users()[:1] or self.env.ref("base.user_admin")
        return super()._dms_get_finance_user()

    def activity_schedule(self, act_type_xmlid="", date_deadline=None, summary="", note="", **act_values):
        # portal users have no to-do: a dispute on a channel statement is a message to the seller's users
        channel = self.filtered("dms_channel_account_id")
        for statement in channel:
            sellers = statement._dms_channel_seller_users().partner_id
            statement.sudo().message_post(
                body=f"{summary}: {note}" if note else summary,
                partner_ids=sellers.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return super(DmsDealerStatement, self - channel).activity_schedule(
            act_type_xmlid, date_deadline=date_deadline, summary=summary, note=note, **act_values
        )

    # ------------------------------------------------------------------
    # The seller resolves (portal)
    # ------------------------------------------------------------------
    def action_dms_channel_reject(self, line_id, reason):
        """The seller rejects a disputed line of its channel statement, with a reason."""
        self.ensure_one()
        if not self.sudo().dms_channel_account_id:
            raise AccessError(self.env._("Only the seller who issued this statement can do this."))
        user = self._dms_channel_check_seller()
        statement = self.with_user(user).sudo()
        line = statement.line_ids.filtered(lambda line: line.id == int(line_id or 0))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        return statement._dms_resolve_line(line, "reject", reason=reason)

    def action_dms_channel_reopen(self, reason):
        """The seller reopens its disputed channel statement after correcting the channel books
        (a payment recorded, a return accepted): the disputes close, the lines follow the books."""
        self.ensure_one()
        if not self.sudo().dms_channel_account_id:
            raise AccessError(self.env._("Only the seller who issued this statement can do this."))
        user = self._dms_channel_check_seller()
        return self.with_user(user).sudo()._workflow_apply("reset", reason=reason)
