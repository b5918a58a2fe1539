# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Audit fixture: the pricing network of dms_pricing, a draft price policy, a draft
rebate policy, a draft settlement and an access administrator."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.dms_pricing.tests.common import DmsPricingMixin


class DmsAuditMixin(DmsPricingMixin):
    @classmethod
    def _setup_dms_audit(cls):
        cls._setup_dms_pricing()
        env = cls.env(su=True)
        cls.user_access_admin = new_test_user(
            env,
            login="dms_access_admin",
            name="Access Admin",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager",
        )
        cls.price_policy = cls._dms_policy(
            [{"product_id": cls.tea.id, "compute_price": "fixed", "fixed_price": 90.0}], approve=False
        )
        cls.price_line = cls.price_policy.line_ids
        today = fields.Date.context_today(env["res.partner"])
        cls.rebate_policy = env["dms.rebate.policy"].create(
            {
                "name": "Audit Rebate",
                "code": "AUD",
                "date_start": today - relativedelta(years=1),
                "basis": "amount",
                "tier_mode": "retroactive",
                "period_type": "month",
                "settlement_method": "credit_note",
                "tier_ids": [Command.create({"sequence": 1, "threshold": 1000.0, "rate": 2.0})],
            }
        )
        cls.rebate_tier = cls.rebate_policy.tier_ids
        last_month_start = (today - relativedelta(months=1)).replace(day=1)
        cls.settlement = env["dms.rebate.settlement"].create(
            {
                "policy_id": cls.rebate_policy.id,
                "partner_id": cls.dist_a.id,
                "company_id": env.company.id,
                "period_start": last_month_start,
                "period_end": today.replace(day=1) - relativedelta(days=1),
                "method": "credit_note",
                "amount": 80.0,
            }
        )

    def _logs(self, record, field=None, operation="write"):
        """Audit rows of ``record`` (newest first), as the superuser reads them."""
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id), ("operation", "=", operation)]
        if field:
            domain.append(("field_name", "=", field))
        return self.env["dms.audit.log"].sudo().search(domain)

    def assertAudited(self, record, field, old, new, user, operation="write", origin=None):
        """Exactly one row for this change, readable, by ``user``."""
        rows = self._logs(record, field, operation)
        self.assertEqual(len(rows), 1, f"{record._name}.{field}: {rows.mapped('new_value')}")
        self.assertRecordValues(rows, [{"old_value": old, "new_value": new, "user_id": user.id}])
        self.assertEqual(rows.field_id.name, field)
        self.assertEqual(rows.model_id.model, record._name)
        if origin:
            self.assertEqual(rows.origin, origin)
        return rows
