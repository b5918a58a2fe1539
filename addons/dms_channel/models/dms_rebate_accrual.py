# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models


class DmsRebateAccrual(models.Model):
    _inherit = "dms.rebate.accrual"

    @api.model
    def _recompute_for_channel(self, dealers, day, basis, company):
        """Bring the accruals of channel-based policies (``basis``) of ``dealers`` up to date
        for the period containing ``day`` (called when a channel order ships or sell-out is posted)."""
        dealers = dealers.sudo().commercial_partner_id.filtered("is_dealer")
        if not dealers:
            return
        Policy = self.env["dms.rebate.policy"].sudo().with_context(active_test=False)
        policies = Policy.search(
            [
                ("company_id", "=", company.id),
                ("basis", "=", basis),
                ("state", "in", ("approved", "active", "closed")),
                ("date_start", "<=", day),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", day),
            ]
        )
        keys = defaultdict(lambda: self.env["res.partner"])
        for policy in policies:
            eligible = policy._get_eligible_partners(dealers)
            if not eligible:
                continue
            date_from, date_to = policy._get_period(day)
            responsible = policy._get_responsible_version(date_from, date_to)
            if responsible:
                keys[(responsible, date_from, date_to)] |= eligible
        for (policy, date_from, date_to), partners in keys.items():
            self._recompute(policy, partners, date_from, date_to)
