# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Changes made over JSON-RPC (``write``, ``web_save``, ``create``, ``unlink``, buttons) are
recorded exactly like changes made by server code, and no client can alter the trail."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dms_dealer.tests.common import DmsRpcMixin

from .common import DmsAuditMixin


@tagged("post_install", "-at_install")
class TestAuditRpc(DmsAuditMixin, DmsRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_audit()

    def test_credit_limit_web_save(self):
        self.rpc(
            self.user_finance, "res.partner", "web_save", [self.dist_a.id], {"credit_limit": 75000.0}, specification={}
        )
        row = self.assertAudited(self.dist_a, "credit_limit", "0", "75000", self.user_finance, origin="rpc")
        self.assertEqual(row.request_path, "/web/dataset/call_kw/res.partner/web_save")

    def test_credit_increase_create_write(self):
        increase_id = self.rpc(
            self.user_finance,
            "dms.credit.increase",
            "create",
            {"partner_id": self.dist_a.id, "amount": 5000.0, "date_end": "2099-12-31", "reason": "Chinese New Year"},
        )
        increase = self.env["dms.credit.increase"].browse(increase_id)
        self.assertAudited(increase, "amount", "", "5000", self.user_finance, operation="create", origin="rpc")
        self.rpc(self.user_finance, "dms.credit.increase", "write", [increase_id], {"date_end": "2099-06-30"})
        self.assertAudited(increase, "date_end", "2099-12-31", "2099-06-30", self.user_finance, origin="rpc")

    def test_price_policy_line_web_save_create_unlink(self):
        line = self.price_line
        self.rpc(
            self.user_hq,
            "dms.price.policy",
            "web_save",
            [self.price_policy.id],
            {"line_ids": [Command.update(line.id, {"fixed_price": 88.0})]},
            specification={},
        )
        self.assertAudited(line, "fixed_price", "90", "88", self.user_hq, origin="rpc")
        line_id = self.rpc(
            self.user_hq,
            "dms.price.policy.line",
            "create",
            {"policy_id": self.price_policy.id, "product_id": self.water.id, "fixed_price": 7.0},
        )
        new_line = self.env["dms.price.policy.line"].browse(line_id)
        self.assertEqual(self._logs(new_line, operation="create").user_id, self.user_hq)
        self.rpc(self.user_hq, "dms.price.policy.line", "unlink", [line_id])
        self.assertEqual(self._logs(new_line, operation="unlink").user_id, self.user_hq)

    def test_rebate_policy_tier_and_settlement(self):
        self.rpc(
            self.user_hq,
            "dms.rebate.policy",
            "web_save",
            [self.rebate_policy.id],
            {"cap_amount": 900.0, "tier_ids": [Command.update(self.rebate_tier.id, {"threshold": 1500.0})]},
            specification={},
        )
        self.assertAudited(self.rebate_policy, "cap_amount", "0", "900", self.user_hq, origin="rpc")
        self.assertAudited(self.rebate_tier, "threshold", "1000", "1500", self.user_hq, origin="rpc")
        self.rpc(self.user_finance, "dms.rebate.settlement", "action_cancel", [self.settlement.id])
        self.assertAudited(self.settlement, "state", "To Approve", "Cancelled", self.user_finance, origin="rpc")

    def test_dealer_hierarchy_level_territories(self):
        self.rpc(
            self.user_hq,
            "res.partner",
            "web_save",
            [self.retail_a.id],
            {
                "dealer_parent_id": self.dist_a.id,
                "dealer_level_id": self.level_core.id,
                "territory_id": self.terr_east.id,
                "authorized_territory_ids": [Command.link(self.terr_west.id)],
            },
            specification={},
        )
        self.assertAudited(
            self.retail_a, "dealer_parent_id", self.sub_a.display_name, self.dist_a.display_name, self.user_hq
        )
        self.assertAudited(
            self.retail_a,
            "dealer_level_id",
            self.level_regular.display_name,
            self.level_core.display_name,
            self.user_hq,
        )
        self.assertAudited(
            self.retail_a, "territory_id", self.terr_shanghai.display_name, self.terr_east.display_name, self.user_hq
        )
        self.assertAudited(self.retail_a, "authorized_territory_ids", "", self.terr_west.display_name, self.user_hq)

    def test_dealer_state_button(self):
        wizard_id = self.rpc(
            self.user_hq,
            "dms.dealer.state.wizard",
            "create",
            {"partner_ids": [Command.set(self.sub_b.ids)], "new_state": "suspended", "reason": "Cross-territory sales"},
        )
        self.rpc(self.user_hq, "dms.dealer.state.wizard", "action_apply", [wizard_id])
        self.assertAudited(self.sub_b, "dealer_state", "Active", "Suspended", self.user_hq, origin="rpc")
        entry = self.env["dms.audit.entry"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.sub_b.id), ("operation", "!=", "create")]
        )
        self.assertRecordValues(entry, [{"entry_type": "transition", "reason": "Cross-territory sales"}])

    def test_users_and_groups(self):
        finance = self.env.ref("dms_dealer.group_dms_finance")
        self.rpc(
            self.user_access_admin,
            "res.users",
            "write",
            [self.user_rep_a.id],
            {"groups_id": [Command.link(finance.id)], "dms_territory_ids": [Command.set(self.terr_west.ids)]},
        )
        row = self._logs(self.user_rep_a, "groups_id")
        self.assertEqual((row.user_id, row.origin), (self.user_access_admin, "rpc"))
        self.assertIn(finance.display_name, row.new_value)
        self.assertAudited(
            self.user_rep_a, "dms_territory_ids", "", self.terr_west.display_name, self.user_access_admin, origin="rpc"
        )
        self.rpc(self.user_access_admin, "res.users", "action_archive", [self.user_rep_b.id])
        self.assertAudited(self.user_rep_b, "active", "Yes", "No", self.user_access_admin, origin="rpc")
        user_id = self.rpc(
            self.user_access_admin, "res.users", "create", {"name": "RPC User", "login": "audit_rpc_user"}
        )
        rows = self._logs(self.env["res.users"].browse(user_id), operation="create")
        self.assertIn("groups_id", rows.mapped("field_name"))
        self.assertEqual(rows.user_id, self.user_access_admin)

    def test_append_only_rpc(self):
        self.rpc(self.user_finance, "res.partner", "write", [self.dist_a.id], {"credit_limit": 10.0})
        row = self._logs(self.dist_a, "credit_limit")
        self.assertEqual(len(row), 1)
        for user in (self.user_hq, self.user_finance):
            self.assertRpcRefused(user, "dms.audit.log", "write", [row.id], {"new_value_raw": "999999"})
            self.assertRpcRefused(user, "dms.audit.log", "unlink", [row.id])
            self.assertRpcRefused(
                user,
                "dms.audit.log",
                "create",
                {"res_model": "res.partner", "res_id": self.dist_a.id, "operation": "write", "user_id": user.id},
            )
            self.assertRpcRefused(user, "dms.audit.log", "web_save", [row.id], {"old_value_raw": "x"}, specification={})
            self.assertRpcRefused(user, "dms.audit.log", "copy", [row.id])
            entry_id = row.id * 2
            self.assertRpcRefused(user, "dms.audit.entry", "write", [entry_id], {"reason": "x"})
            self.assertRpcRefused(user, "dms.audit.entry", "unlink", [entry_id])
        # a forged context changes nothing either
        self.assertRpcRefused(
            self.user_hq, "dms.audit.log", "unlink", [row.id], context={"dms_workflow": "dms_workflow_engine"}
        )
        # the readers read it
        read = self.rpc(self.user_hq, "dms.audit.log", "read", [row.id], ["old_value", "new_value", "user_id"])
        self.assertEqual((read[0]["old_value"], read[0]["new_value"]), ("0", "10"))
        self.assertRpcRefused(self.user_rep_a, "dms.audit.log", "search_read", [], ["new_value"])
        self.assertEqual(self._logs(self.dist_a, "credit_limit").new_value_raw, "10")
