# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class DmsDealerApprovalMixin(models.AbstractModel):
    """Two-step review shared by admissions and agreements.

    The regional manager of the dealer's territory reviews first; HQ reviews
    too when the dealer level is strategic. Models set the territory and the
    level through ``_get_approval_territory`` / ``_get_approval_level``.
    """

    _name = "dms.dealer.approval.mixin"
    _description = "Dealer Approval (region, then HQ)"

    needs_hq_approval = fields.Boolean(
        string="Needs HQ Approval",
        compute="_compute_needs_hq_approval",
        help="Strategic dealers are approved by HQ after the regional manager.",
    )
    region_approver_id = fields.Many2one("res.users", string="Approved by (Region)", readonly=True, copy=False)
    region_approved_on = fields.Datetime(string="Region Approval Date", readonly=True, copy=False)
    hq_approver_id = fields.Many2one("res.users", string="Approved by (HQ)", readonly=True, copy=False)
    hq_approved_on = fields.Datetime(string="HQ Approval Date", readonly=True, copy=False)

    def _get_approval_territory(self):
        self.ensure_one()
        return self.env["dms.territory"]

    def _get_approval_level(self):
        self.ensure_one()
        return self.env["dms.dealer.level"]

    def _get_hq_levels(self):
        """Levels whose dealers need HQ approval (override to add levels)."""
        return (
            self.env.ref("dms_dealer.dealer_level_strategic", raise_if_not_found=False) or self.env["dms.dealer.level"]
        )

    def _compute_needs_hq_approval(self):
        hq_levels = self._get_hq_levels()
        for record in self:
            record.needs_hq_approval = bool(record._get_approval_level() & hq_levels)

    # ------------------------------------------------------------------
    # Who approves
    # ------------------------------------------------------------------
    def _get_region_approver(self):
        """Manager of the territory or of its nearest parent, else a user covering it."""
        self.ensure_one()
        territory = self._get_approval_territory().sudo()
        while territory:
            if territory.manager_id and territory.territory_type != "hq":
                return territory.manager_id
            if territory.user_ids and territory.territory_type != "hq":
                return territory.user_ids.sorted("id")[:1]
            territory = territory.parent_id
        return self._get_hq_approver()

    def _get_hq_approver(self):
        """Manager of the HQ territory, else the first HQ manager."""
        self.ensure_one()
        territory = self._get_approval_territory().sudo()
        while territory:
            if territory.territory_type == "hq" and territory.manager_id:
                return territory.manager_id
            territory = territory.parent_id
        group = self.env.ref("dms_dealer.group_dms_hq_manager")
        users = group.sudo().users.filtered(lambda u: not u.share and u.active and not u._is_superuser())
        return users.sorted("id")[:1]

    def _is_region_approver(self, user=None):
        self.ensure_one()
        user = user or self.env.user
        if user.has_group("dms_dealer.group_dms_hq_manager"):
            return True
        if not user.has_group("dms_dealer.group_dms_region_manager"):
            return False
        territory = self._get_approval_territory().sudo()
        covered = self.env["dms.territory"].sudo().browse(user._dms_region_territory_ids())
        return bool(territory) and covered._covers(territory)

    def _check_region_approver(self):
        for record in self:
            if not record._is_region_approver():
                raise AccessError(
                    self.env._(
                        "Only the regional manager of %(territory)s or HQ may approve %(record)s.",
                        territory=record._get_approval_territory().sudo().display_name or "-",
                        record=record.display_name,
                    )
                )

    def _check_hq_approver(self):
        if not self.env.user.has_group("dms_dealer.group_dms_hq_manager"):
            raise AccessError(self.env._("Only an HQ manager may give the final approval of a strategic dealer."))

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    def _schedule_approval_activity(self, user, summary):
        if not user:
            return
        for record in self:
            record.activity_schedule("dms_dealer.mail_activity_type_dms_approval", summary=summary, user_id=user.id)

    def _close_approval_activities(self, feedback=None):
        self.activity_feedback(["dms_dealer.mail_activity_type_dms_approval"], feedback=feedback)

    def _drop_approval_activities(self):
        self.activity_unlink(["dms_dealer.mail_activity_type_dms_approval"])

    @api.model
    def _approval_now(self):
        return fields.Datetime.now()
