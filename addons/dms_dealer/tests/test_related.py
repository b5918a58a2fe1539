# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools import related
from .common import DmsDealerCommon


@tagged("post_install", "-at_install")
class TestRelatedTools(BaseCase):
    def test_normalize_phone(self):
        for raw in ("+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "86 13800138000", "(138)00138000"):
            self.assertEqual(related.normalize_phone(raw), "13800138000", raw)
        self.assertEqual(related.normalize_phone("021-6888 1234"), "2168881234")
        self.assertEqual(related.normalize_phone("+86 21 6888 1234"), "2168881234")
        self.assertFalse(related.normalize_phone("12345"))
        self.assertFalse(related.normalize_phone(False))
        self.assertFalse(related.normalize_phone("n/a"))

    def test_email_domain(self):
        self.assertEqual(related.email_domain("Sales@JadeSpring.CN"), "jadespring.cn")
        self.assertEqual(related.email_domain("a@jade.cn, b@other.cn"), "jade.cn")
        for public in (
            "x@qq.com",
            "x@163.com",
            "x@126.com",
            "x@gmail.com",
            "x@vip.163.com",
            "x@foxmail.com",
            "x@hotmail.com",
            "x@outlook.com",
            "x@sina.com",
            "x@sohu.com",
            "x@yahoo.com.cn",
        ):
            self.assertFalse(related.email_domain(public), public)
        self.assertFalse(related.email_domain("not an email"))
        self.assertFalse(related.email_domain("x@localhost"))
        self.assertFalse(related.email_domain(False))

    def test_vat_account_address(self):
        self.assertEqual(related.normalize_vat(" cn-9131 0000 x "), "CN91310000X")
        self.assertFalse(related.normalize_vat(" - "))
        self.assertEqual(related.normalize_account("6222 0200-0000 1234"), "6222020000001234")
        self.assertEqual(
            related.address_key("88 Nanjing Rd.", "Shanghai", "200001"),
            related.address_key(" 88  nanjing rd ", "SHANGHAI", "200001"),
        )
        self.assertEqual(
            related.address_key("南京路８８号", "上海", "200001"), related.address_key("南京路88号", "上海", "200001")
        )
        self.assertFalse(related.address_key("", "Shanghai", "200001"))
        self.assertFalse(related.address_key("88 Nanjing Rd", "", ""))

    def test_partner_keys(self):
        keys = related.partner_keys(
            {
                "vat": "cn1",
                "phone": "13800138000",
                "mobile": "+86 13800138000",
                "email": "a@qq.com",
                "acc_numbers": ["62 22", None],
                "controller_ids": [7],
            }
        )
        self.assertEqual(keys, {("vat", "CN1"), ("phone", "13800138000"), ("bank", "6222"), ("controller", 7)})

    def test_components_transitive(self):
        components, evidence = related.related_components(
            {
                1: {("vat", "A")},
                2: {("vat", "A"), ("phone", "P")},
                3: {("phone", "P"), ("bank", "B")},
                4: {("bank", "B")},
                5: {("vat", "Z")},
                6: set(),
                7: {("controller", 9)},
                8: {("controller", 9)},
            }
        )
        self.assertEqual(components, [{1, 2, 3, 4}, {7, 8}])
        self.assertEqual(evidence[("phone", "P")], [2, 3])
        self.assertNotIn(("vat", "Z"), evidence)

    def test_union_find(self):
        uf = related.UnionFind(range(5))
        uf.union(0, 1)
        uf.union(3, 4)
        uf.union(1, 4)
        self.assertEqual(uf.find(0), uf.find(3))
        self.assertNotEqual(uf.find(2), uf.find(0))
        self.assertEqual(sorted(map(sorted, uf.groups())), [[0, 1, 3, 4], [2]])


@tagged("post_install", "-at_install")
class TestRelatedParties(DmsDealerCommon):
    def test_shared_vat_groups_on_create(self):
        d1 = self._dms_create_dealer("Rel VAT 1", vat="CN 9131 0000 1")
        d2 = self._dms_create_dealer("Rel VAT 2", vat="cn91310000-1")
        self.assertTrue(d1.dealer_related_group_id)
        self.assertEqual(d1.dealer_related_group_id, d2.dealer_related_group_id)
        self.assertTrue(d1.dealer_related_group_id.auto_detected)
        self.assertIn("CN913100001", d1.dealer_related_group_id.evidence)
        self.assertEqual(d1.dealer_related_partner_ids, d2)
        self.assertEqual(d2.dealer_related_count, 1)

    def test_transitive_chain_across_four_dealers(self):
        """A-B phone, B-C company mail domain, C-D bank account, E-A controller: one group."""
        owner = self.env["res.partner"].create({"name": "Mr. Owner"})
        vals = [
            {"name": "Chain A", "phone": "+86 138 0000 0001"},
            {"name": "Chain B", "phone": "13800000001", "email": "boss@chain-bc.cn"},
            {
                "name": "Chain C",
                "email": "sales@chain-bc.cn",
                "bank_ids": [Command.create({"acc_number": "6222 0000 9999"})],
            },
            {"name": "Chain D", "bank_ids": [Command.create({"acc_number": "622200009999"})]},
            {"name": "Chain E", "dealer_controller_ids": [Command.set(owner.ids)]},
        ]
        dealers = (
            self.env["res.partner"]
            .with_context(dms_skip_related_detection=True)
            .create(
                [
                    {"is_company": True, "is_dealer": True, "dealer_type": "distributor", "dealer_state": "active", **v}
                    for v in vals
                ]
            )
        )
        dealers = dealers.with_context(dms_skip_related_detection=False)
        self.assertFalse(dealers.dealer_related_group_id)
        # batch over every dealer: one pass
        self.env["res.partner"]._dms_detect_related_parties()
        group = dealers[0].dealer_related_group_id
        self.assertTrue(group)
        self.assertEqual(dealers[:4].dealer_related_group_id, group)
        self.assertFalse(dealers[4].dealer_related_group_id, "E shares nothing yet")
        self.assertEqual(group.partner_count, 4)
        # declaring the same controller on A pulls E in (incremental detection on write)
        dealers[0].dealer_controller_ids = [Command.link(owner.id)]
        self.assertEqual(dealers[4].dealer_related_group_id, group)
        self.assertIn("Mr. Owner", group.evidence)
        # breaking the middle link splits the chain: A-B-E stay, C-D form their own group
        dealers[1].email = "boss@elsewhere.cn"
        self.assertEqual(dealers[0].dealer_related_group_id, dealers[1].dealer_related_group_id)
        self.assertEqual(dealers[4].dealer_related_group_id, dealers[0].dealer_related_group_id)
        self.assertTrue(dealers[2].dealer_related_group_id)
        self.assertEqual(dealers[2].dealer_related_group_id, dealers[3].dealer_related_group_id)
        self.assertNotEqual(dealers[2].dealer_related_group_id, dealers[0].dealer_related_group_id)

    def test_public_mail_domain_does_not_relate(self):
        d1 = self._dms_create_dealer("Public 1", email="one@qq.com")
        d2 = self._dms_create_dealer("Public 2", email="two@qq.com")
        d3 = self._dms_create_dealer("Public 3", email="three@vip.163.com")
        self.assertFalse((d1 | d2 | d3).dealer_related_group_id)
        self.assertFalse(self.env["res.partner"]._dms_find_related_parties({"email": "x@qq.com"}))

    def test_address_and_leaving_group_archives_it(self):
        d1 = self._dms_create_dealer("Addr 1", street="88 Nanjing Road", city="Shanghai", zip="200001")
        d2 = self._dms_create_dealer("Addr 2", street="88 nanjing road.", city="SHANGHAI", zip="200001")
        group = d1.dealer_related_group_id
        self.assertTrue(group)
        self.assertEqual(d2.dealer_related_group_id, group)
        d2.street = "1 Other Street"
        self.assertFalse(d1.dealer_related_group_id)
        self.assertFalse(d2.dealer_related_group_id)
        self.assertFalse(group.active, "an automatic group left with nobody is archived")

    def test_manual_group_is_kept_and_receives_matches(self):
        d1 = self._dms_create_dealer("Manual 1")
        d2 = self._dms_create_dealer("Manual 2")
        manual = self.env["dms.dealer.related.group"].create(
            {"name": "Declared by HQ", "partner_ids": [Command.set((d1 | d2).ids)]}
        )
        self.assertFalse(manual.auto_detected)
        d3 = self._dms_create_dealer("Manual 3", vat="CN555")
        d1.vat = "CN 555"
        self.assertEqual(d3.dealer_related_group_id, manual)
        self.assertEqual(d2.dealer_related_group_id, manual, "detection never removes a declared member")
        self.assertEqual(manual.partner_count, 3)

    def test_non_dealers_are_ignored(self):
        customer = self.env["res.partner"].create({"name": "Customer", "vat": "CN777"})
        dealer = self._dms_create_dealer("Dealer 777", vat="CN777")
        self.assertFalse(dealer.dealer_related_group_id)
        self.assertFalse(customer.dealer_vat_key)
        self.assertEqual(dealer.dealer_vat_key, "CN777")

    def test_find_related_parties_for_admission(self):
        d1 = self._dms_create_dealer("Known Dealer", vat="CN-123-456", phone="021 6888 1234")
        bank_dealer = self._dms_create_dealer("Bank Dealer")
        self.env["res.partner.bank"].create({"partner_id": bank_dealer.id, "acc_number": "6222 1111 2222"})
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._dms_find_related_parties({"vat": "cn123456"}), d1)
        self.assertEqual(Partner._dms_find_related_parties({"phone": "+86 21 68881234"}), d1)
        self.assertEqual(Partner._dms_find_related_parties({"acc_numbers": ["622211112222"]}), bank_dealer)
        self.assertEqual(
            Partner._dms_find_related_parties({"vat": "CN123456", "acc_numbers": ["6222-1111-2222"]}), d1 | bank_dealer
        )
        self.assertFalse(Partner._dms_find_related_parties({"vat": "CN000", "phone": "1"}))
        self.assertFalse(Partner._dms_find_related_parties({}))
        # a record excludes itself
        self.assertFalse(d1._dms_find_related_parties({"vat": "CN123456"}))
        # a sales rep of another region gets the match too (admission warning), without reading rights
        found = Partner.with_user(self.user_rep_b)._dms_find_related_parties({"vat": "CN123456"})
        self.assertEqual(found.ids, d1.ids)

    def test_find_related_query_budget(self):
        """The admission check is one indexed query whatever the evidence given."""
        dealer = self._dms_create_dealer("Budget Dealer", vat="CN-BUDGET")
        Partner = self.env["res.partner"]
        Partner._dms_find_related_parties({"vat": "warm-up"})
        self.env.flush_all()
        self.env.invalidate_all()
        values = {
            "vat": "cnbudget",
            "phone": "+86 138 0000 9999",
            "email": "ceo@budget-dealer.cn",
            "street": "1 Budget Road",
            "city": "Shanghai",
            "acc_numbers": ["6222 9999"],
            "dealer_controller_ids": [self.dist_a.id],
        }
        with self.assertQueryCount(1):
            found = Partner._dms_find_related_parties(values)
        self.assertEqual(found, dealer)

    def test_bank_account_added_later_relates(self):
        d1 = self._dms_create_dealer("Bank Later 1")
        d2 = self._dms_create_dealer("Bank Later 2")
        Bank = self.env["res.partner.bank"]
        Bank.create(
            [{"partner_id": d1.id, "acc_number": "9999 0000 1"}, {"partner_id": d2.id, "acc_number": "999900001"}]
        )
        self.assertTrue(d1.dealer_related_group_id)
        self.assertEqual(d1.dealer_related_group_id, d2.dealer_related_group_id)
        Bank.search([("partner_id", "=", d2.id)]).unlink()
        self.assertFalse(d1.dealer_related_group_id)

    def test_group_partners_for_credit(self):
        d1 = self._dms_create_dealer("Credit 1", vat="CN-CR-1")
        d2 = self._dms_create_dealer("Credit 2", vat="CNCR1")
        self.assertEqual(d1._dms_get_related_group_partners(), d1 | d2)
        self.assertEqual(self.dist_a._dms_get_related_group_partners(), self.dist_a)
        # a rep who can only see d1 still gets the whole group for the credit check
        d1.user_id = self.user_rep_a
        self.assertEqual(d1.with_user(self.user_rep_a)._dms_get_related_group_partners().ids, (d1 | d2).ids)

    def test_rep_edit_triggers_detection_across_regions(self):
        """A rep editing their own dealer may relate it to a dealer they cannot see."""
        self.dist_b.vat = "CN-XREGION"
        self.sub_a.with_user(self.user_rep_a).write({"vat": "cnxregion"})
        self.assertTrue(self.sub_a.dealer_related_group_id)
        self.assertEqual(self.sub_a.dealer_related_group_id, self.dist_b.dealer_related_group_id)
        form_data = self.sub_a.with_user(self.user_rep_a).read(["dealer_related_count", "dealer_related_group_id"])
        self.assertEqual(form_data[0]["dealer_related_count"], 1)

    def test_group_visibility_follows_dealers(self):
        west = self._dms_create_dealer(
            "West Twin", vat="CN-WEST-TWIN", territory_id=self.terr_chengdu.id, user_id=self.user_rep_b.id
        )
        self.dist_b.vat = "cnwesttwin"
        group = west.dealer_related_group_id
        self.assertEqual(group, self.dist_b.dealer_related_group_id)
        for user in (self.user_rep_b, self.user_region_west, self.user_hq, self.user_finance):
            self.assertEqual(group.with_user(user).partner_count, 2, user.login)
        for user in (self.user_rep_a, self.user_region_east):
            with self.assertRaises(AccessError, msg=user.login):
                group.with_user(user).read(["name"])
            self.assertFalse(self.env["dms.dealer.related.group"].with_user(user).search([("id", "=", group.id)]))
        # only managers edit a group (e.g. its credit limit), never a sales rep
        group.with_user(self.user_region_west).credit_limit = 50000
        with self.assertRaises(AccessError):
            group.with_user(self.user_rep_b).credit_limit = 1

    def test_batch_detection_query_count_is_constant(self):
        """A full detection pass costs the same number of queries for 3 or 30 related dealers."""
        Partner = self.env["res.partner"].with_context(dms_skip_related_detection=True)

        def make_chain(start, size):
            return Partner.create(
                [
                    {
                        "name": f"Chain {i}",
                        "is_company": True,
                        "is_dealer": True,
                        "dealer_type": "distributor",
                        # admitted dealers: applicants never join a related group
                        "dealer_state": "active",
                        "phone": f"13900000{i:03d}",
                        "mobile": f"13900000{i + 1:03d}",
                    }
                    for i in range(start, start + size)
                ]
            )

        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.env["res.partner"]._dms_detect_related_parties()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        chain = make_chain(0, 3)
        count()
        self.assertEqual(chain.dealer_related_group_id.partner_count, 3)
        queries_3 = count()
        chain |= make_chain(3, 27)
        count()
        self.assertEqual(len(chain.dealer_related_group_id), 1)
        self.assertEqual(chain.dealer_related_group_id.partner_count, 30)
        queries_30 = count()
        self.assertEqual(queries_3, queries_30)
        # incremental detection from one end walks the chain: one indexed search per link, no per-dealer loop
        chain.with_context(dms_skip_related_detection=True).write({"dealer_related_group_id": False})
        chain[:1]._dms_detect_related_parties()
        self.assertEqual(len(chain.dealer_related_group_id), 1)
