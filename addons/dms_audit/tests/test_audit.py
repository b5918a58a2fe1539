# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import assert_doctests

from ..tools import audit
from .common import DmsAuditMixin


@tagged("post_install", "-at_install")
class TestAudit(DmsAuditMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_audit()

    def test_doctests(self):
        assert_doctests(self, audit)

    # ------------------------------------------------------------------ credit
    def test_credit_limit(self):
        self.dist_a.with_user(self.user_finance).credit_limit = 50000.0
        row = self.assertAudited(self.dist_a, "credit_limit", "0", "50000", self.user_finance, origin="server")
        self.assertEqual(row.record_display, self.dist_a.display_name)
        self.dist_a.with_user(self.user_finance).credit_limit = 50000.0  # same value: nothing to record
        self.assertEqual(len(self._logs(self.dist_a, "credit_limit")), 1)

    def test_credit_increase(self):
        Increase = self.env["dms.credit.increase"].with_user(self.user_finance)
        increase = Increase.create(
            {"partner_id": self.dist_a.id, "amount": 1000.0, "date_end": "2099-01-31", "reason": "Peak season"}
        )
        self.assertAudited(increase, "amount", "", "1000", self.user_finance, operation="create")
        self.assertAudited(increase, "partner_id", "", self.dist_a.display_name, self.user_finance, operation="create")
        increase.amount = 2500.0
        self.assertAudited(increase, "amount", "1000", "2500", self.user_finance)
        increase.unlink()
        row = self._logs(increase, operation="unlink")
        self.assertEqual(len(row), 1)
        self.assertIn(self.dist_a.display_name, row.record_display)

    def test_group_credit_limit(self):
        group = self.env["dms.dealer.related.group"].create({"name": "Audit Group"})
        group.with_user(self.user_finance).credit_limit = 3000.0
        self.assertAudited(group, "credit_limit", "0", "3000", self.user_finance)

    # ------------------------------------------------------------------ pricing
    def test_price_policy_line(self):
        line = self.price_line.with_user(self.user_hq)
        line.fixed_price = 85.5
        self.assertAudited(line, "fixed_price", "90", "85.5", self.user_hq)
        line.compute_price = "discount"
        self.assertAudited(line, "compute_price", "Fixed Price", "Discount", self.user_hq)
        new_line = line.create({"policy_id": self.price_policy.id, "product_id": self.water.id, "fixed_price": 8.0})
        created = self._logs(new_line, operation="create")
        self.assertEqual(len(created), 1, "lines are created by the thousand: one row per line")
        self.assertTrue(created.record_display)
        name = new_line.display_name
        new_line.unlink()
        self.assertEqual(self._logs(new_line, operation="unlink").record_display, name)

    # ------------------------------------------------------------------ rebates
    def test_rebate_policy_and_tier(self):
        policy = self.rebate_policy.with_user(self.user_hq)
        policy.write({"cap_amount": 500.0, "territory_ids": [Command.set((self.terr_east | self.terr_west).ids)]})
        self.assertAudited(policy, "cap_amount", "0", "500", self.user_hq)
        self.assertAudited(
            policy,
            "territory_ids",
            "",
            ", ".join(sorted([self.terr_east.display_name, self.terr_west.display_name])),
            self.user_hq,
        )
        policy.write({"tier_ids": [Command.update(self.rebate_tier.id, {"rate": 3.0})]})
        self.assertAudited(self.rebate_tier, "rate", "2", "3", self.user_hq)
        policy.action_submit()
        self.assertAudited(policy, "state", "Draft", "To Approve", self.user_hq)

    def test_rebate_settlement(self):
        self.settlement.with_user(self.user_finance).action_cancel()
        row = self.assertAudited(self.settlement, "state", "To Approve", "Cancelled", self.user_finance)
        self.assertTrue(row.by_workflow)
        self.settlement.sudo()._workflow_write({"amount": 0.0})
        self.assertAudited(self.settlement, "amount", "80", "0", self.env.user)

    # ------------------------------------------------------------------ dealers
    def test_dealer_hierarchy_and_level(self):
        self.retail_a.with_user(self.user_hq).write(
            {"dealer_parent_id": self.dist_a.id, "dealer_level_id": self.level_core.id}
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

    def test_dealer_state_once_in_trail(self):
        wizard = (
            self.env["dms.dealer.state.wizard"]
            .with_user(self.user_hq)
            .create({"partner_ids": [Command.set(self.sub_a.ids)], "new_state": "suspended", "reason": "窜货"})
        )
        wizard.action_apply()
        row = self.assertAudited(self.sub_a, "dealer_state", "Active", "Suspended", self.user_hq)
        self.assertTrue(row.by_workflow)
        entries = self.env["dms.audit.entry"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.sub_a.id),
                ("field_name", "=", "dealer_state"),
                ("operation", "!=", "create"),
            ]
        )
        # shown once, as the transition with its reason
        self.assertRecordValues(
            entries,
            [
                {
                    "entry_type": "transition",
                    "old_value": "Active",
                    "new_value": "Suspended",
                    "reason": "窜货",
                    "user_id": self.user_hq.id,
                }
            ],
        )
        self.assertEqual(entries.field_id.name, "dealer_state")

    def test_territories(self):
        self.dist_a.with_user(self.user_hq).write(
            {"territory_id": self.terr_shanghai.id, "authorized_territory_ids": [Command.link(self.terr_west.id)]}
        )
        self.assertAudited(
            self.dist_a, "territory_id", self.terr_east.display_name, self.terr_shanghai.display_name, self.user_hq
        )
        self.assertAudited(self.dist_a, "authorized_territory_ids", "", self.terr_west.display_name, self.user_hq)

    def test_new_dealer_logged_contact_not(self):
        dealer = self._dms_create_dealer("Audit Dealer", parent=self.dist_a, dealer_level_id=self.level_regular.id)
        self.assertAudited(dealer, "dealer_parent_id", "", self.dist_a.display_name, self.env.user, operation="create")
        contact = self.env["res.partner"].create({"name": "Just a contact", "parent_id": self.dist_a.id})
        self.assertFalse(self._logs(contact, operation="create"))

    # ------------------------------------------------------------------ users
    def test_user_groups_active_territories(self):
        finance = self.env.ref("dms_dealer.group_dms_finance")
        rep = self.user_rep_a.with_user(self.user_access_admin)
        rep.write({"groups_id": [Command.link(finance.id)]})
        row = self._logs(self.user_rep_a, "groups_id")
        self.assertEqual(len(row), 1)
        self.assertNotIn(finance.display_name, row.old_value)
        self.assertIn(finance.display_name, row.new_value)
        rep.write({"dms_territory_ids": [Command.set(self.terr_east.ids)]})
        self.assertAudited(
            self.user_rep_a, "dms_territory_ids", "", self.terr_east.display_name, self.user_access_admin
        )
        rep.active = False
        self.assertAudited(self.user_rep_a, "active", "Yes", "No", self.user_access_admin)

    def test_user_groups_from_form_fields(self):
        """The user form writes reified group fields (sel_groups_*, in_group_*): recorded as groups_id."""
        finance = self.env.ref("dms_dealer.group_dms_finance")
        self.user_rep_b.with_user(self.user_access_admin).write({f"in_group_{finance.id}": True})
        self.assertIn(finance.display_name, self._logs(self.user_rep_b, "groups_id").new_value)

    def test_group_users(self):
        finance = self.env.ref("dms_dealer.group_dms_finance")
        finance.with_user(self.user_access_admin).write({"users": [Command.link(self.user_rep_b.id)]})
        self.assertIn(self.user_rep_b.display_name, self._logs(finance, "users").new_value)

    def test_new_user(self):
        user = (
            self.env["res.users"]
            .with_user(self.user_access_admin)
            .create(
                {
                    "name": "New Rep",
                    "login": "audit_new_rep",
                    "groups_id": [Command.set(self.env.ref("dms_dealer.group_dms_user").ids)],
                }
            )
        )
        rows = self._logs(user, operation="create")
        self.assertEqual(set(rows.mapped("field_name")), {"groups_id", "active"})
        self.assertIn(
            self.env.ref("dms_dealer.group_dms_user").display_name,
            rows.filtered(lambda r: r.field_name == "groups_id").new_value,
        )
        self.assertEqual(rows.user_id, self.user_access_admin)

    # ------------------------------------------------------------------ readable
    def test_values_in_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dms_dealer", "dms_audit"], ["zh_CN"], overwrite=True)
        self.sub_a.sudo()._workflow_write({"dealer_state": "suspended"})
        self.user_rep_b.sudo().active = False
        state_row = self._logs(self.sub_a, "dealer_state")
        active_row = self._logs(self.user_rep_b, "active")
        self.assertEqual((state_row.old_value_raw, state_row.new_value_raw), ("active", "suspended"))
        self.assertEqual((state_row.old_value, state_row.new_value), ("Active", "Suspended"))
        zh = state_row.with_context(lang="zh_CN")
        label = dict(
            self.env["res.partner"].with_context(lang="zh_CN")._fields["dealer_state"]._description_selection(zh.env)
        )
        self.assertEqual(zh.new_value, label["suspended"])
        self.assertNotEqual(zh.new_value, "Suspended", "dms_dealer's zh_CN.po translates the status")
        self.assertEqual(active_row.with_context(lang="zh_CN").new_value, "否")
        self.assertEqual(zh.field_id.with_context(lang="zh_CN").field_description, "经销商状态")

    # ------------------------------------------------------------------ append-only
    def test_append_only_orm(self):
        self.dist_a.credit_limit = 100.0
        row = self._logs(self.dist_a, "credit_limit")
        Log = self.env["dms.audit.log"]
        for user in (self.user_hq, self.user_finance, self.user_access_admin):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"new_value_raw": "1"})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
            with self.assertRaises(AccessError):
                Log.with_user(user).create({"res_model": "res.partner", "operation": "write", "user_id": user.id})
        # not even the superuser edits or deletes a row: only the recording code creates them
        with self.assertRaises(AccessError):
            row.sudo().write({"new_value_raw": "1"})
        with self.assertRaises(AccessError):
            row.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["dms.audit.entry"].sudo().search([], limit=1).write({"reason": "x"})
        self.assertEqual(row.new_value, "100")

    def test_readers(self):
        self.dist_a.credit_limit = 100.0
        for user in (self.user_hq, self.user_finance):
            self.assertTrue(self.env["dms.audit.log"].with_user(user).search_count([]))
            self.assertTrue(self.env["dms.audit.entry"].with_user(user).search_count([]))
        for user in (self.user_region_east, self.user_rep_a, self.portal_a_admin):
            with self.assertRaises(AccessError):
                self.env["dms.audit.log"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["dms.audit.entry"].with_user(user).search([])

    def test_filter_and_group(self):
        self.dist_a.with_user(self.user_finance).credit_limit = 100.0
        self.dist_b.with_user(self.user_hq).dealer_level_id = self.level_regular
        Entry = self.env["dms.audit.entry"].with_user(self.user_finance)
        groups = Entry._read_group(
            [("entry_type", "=", "change"), ("operation", "=", "write")], ["field_id"], ["__count"]
        )
        self.assertIn("credit_limit", {field.name for field, _count in groups})
        mine = Entry.search([("user_id", "=", self.user_finance.id), ("model_id.model", "=", "res.partner")])
        self.assertEqual(mine.mapped("res_id"), [self.dist_a.id], "the contacts' synced copies are not recorded")
        self.assertEqual(mine.mapped("field_name"), ["credit_limit"])
        self.user_finance.sudo().groups_id |= self.env.ref("base.group_allow_export")
        exported = mine.export_data(
            ["date", "user_id", "model_id", "record_display", "field_id", "old_value", "new_value"]
        )
        self.assertEqual(exported["datas"][0][5:], ["0", "100"])

    # ------------------------------------------------------------------ performance
    def _count_write(self, records, vals, load=("name",)):
        self.env.invalidate_all()
        records.mapped(load[0])  # the record is loaded, as in a form (optionally with the audited field)
        count = self.env.cr.sql_log_count
        records.write(vals)
        records.env.flush_all()
        return self.env.cr.sql_log_count - count

    def test_query_budget(self):
        """An audited write costs at most two queries more than the same write unaudited (one
        read of the old values, one batched insert), as many for one record as for ten."""
        # dealers without contacts: a contact's copy of its company's credit limit is a write of its own
        dealers = (
            self.env["res.partner"]
            .create([{"name": f"Perf {i}", "is_dealer": True, "dealer_type": "retailer"} for i in range(10)])
            .with_user(self.user_finance)
        )
        Partner = type(self.env["res.partner"])
        extra = {}
        for records in (dealers[:1], dealers):
            self._count_write(records, {"credit_limit": 10.0})  # warm up
            with patch.object(Partner, "_dms_audit_fields", ()):
                baseline = self._count_write(records, {"credit_limit": 20.0}, load=("credit_limit",))
            audited = self._count_write(records, {"credit_limit": 30.0}, load=("credit_limit",))
            extra[len(records)] = audited - baseline
            self.env.invalidate_all()
            records.mapped("credit_limit")
            with self.assertQueryCount(baseline + 2):
                records.write({"credit_limit": 50.0})
            self.assertEqual(len(self._logs(records[-1:], "credit_limit")), 3)
        self.assertLessEqual(extra[1], 2)
        # the bound, not an equality: what the unaudited baseline prefetches varies with the addons installed
        self.assertLessEqual(extra[10], 2, "one read and one insert for all records, not one per record")
        # a many2one: names of old and new values are read together
        with patch.object(Partner, "_dms_audit_fields", ()):
            baseline = self._count_write(dealers, {"dealer_level_id": self.level_core.id}, load=("dealer_level_id",))
        audited = self._count_write(dealers, {"dealer_level_id": self.level_regular.id}, load=("dealer_level_id",))
        self.assertLessEqual(audited, baseline + 3)
