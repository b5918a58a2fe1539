# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged, users, warmup

from .common import DmsDealerCommon


@tagged("post_install", "-at_install")
class TestDealerHierarchy(DmsDealerCommon):
    def test_paths_follow_the_tree(self):
        self.assertEqual(self.dist_a.dealer_path, f"{self.dist_a.id}/")
        self.assertEqual(self.retail_a.dealer_path, f"{self.dist_a.id}/{self.sub_a.id}/{self.retail_a.id}/")
        self.assertEqual(self.retail_a.dealer_root_id, self.dist_a)
        self.assertEqual(self.retail_a.dealer_depth, 3)
        self.assertEqual(self.dist_a.dealer_root_id, self.dist_a)

    def test_downstream_and_upstream(self):
        self.assertEqual(self.dist_a._get_dealer_downstream(), self.sub_a | self.retail_a)
        self.assertEqual(
            self.dist_a._get_dealer_downstream(include_self=True), self.dist_a | self.sub_a | self.retail_a
        )
        self.assertEqual(self.retail_a._get_dealer_upstream().ids, [self.sub_a.id, self.dist_a.id])
        self.assertFalse(self.dist_b._get_dealer_downstream() & (self.sub_a | self.retail_a))
        self.assertEqual(self.dist_a.dealer_downstream_count, 2)

    def test_batch_create_with_parent_in_same_batch(self):
        top, mid, leaf = self.env["res.partner"].create(
            [
                {"name": "Batch Top", "is_dealer": True, "is_company": True, "dealer_type": "distributor"},
                {"name": "Batch Mid", "is_dealer": True, "is_company": True, "dealer_type": "sub_dealer"},
                {"name": "Batch Leaf", "is_dealer": True, "is_company": True, "dealer_type": "retailer"},
            ]
        )
        mid.dealer_parent_id = top
        leaf.dealer_parent_id = mid
        self.assertEqual(leaf.dealer_path, f"{top.id}/{mid.id}/{leaf.id}/")
        self.assertEqual(leaf.dealer_root_id, top)

    def test_move_subtree_follows(self):
        self.sub_a.dealer_parent_id = self.dist_b
        self.assertEqual(self.sub_a.dealer_path, f"{self.dist_b.id}/{self.sub_a.id}/")
        self.assertEqual(self.retail_a.dealer_path, f"{self.dist_b.id}/{self.sub_a.id}/{self.retail_a.id}/")
        self.assertEqual(self.retail_a.dealer_root_id, self.dist_b)
        self.assertEqual(self.dist_a._get_dealer_downstream(), self.env["res.partner"])
        self.assertEqual(self.dist_b._get_dealer_downstream(), self.sub_b | self.sub_a | self.retail_a)

    def test_move_to_hq_makes_a_root(self):
        self.sub_a.dealer_parent_id = False
        self.assertEqual(self.sub_a.dealer_path, f"{self.sub_a.id}/")
        self.assertEqual(self.retail_a.dealer_root_id, self.sub_a)

    def test_cycle_is_refused_and_nothing_changes(self):
        before = (self.dist_a.dealer_path, self.sub_a.dealer_path, self.retail_a.dealer_path)
        with self.assertRaisesRegex(ValidationError, "downstream"):
            with self.env.cr.savepoint():
                self.dist_a.dealer_parent_id = self.retail_a
        self.env.invalidate_all()
        self.assertEqual((self.dist_a.dealer_path, self.sub_a.dealer_path, self.retail_a.dealer_path), before)
        self.assertFalse(self.dist_a.dealer_parent_id)

    def test_self_parent_is_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.sub_a.dealer_parent_id = self.sub_a

    def test_parent_must_be_a_dealer(self):
        customer = self.env["res.partner"].create({"name": "Plain customer", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "must be a dealer"), self.env.cr.savepoint():
            self._dms_create_dealer("Orphan", parent=customer)

    def test_dealer_with_children_cannot_stop_being_a_dealer(self):
        with self.assertRaisesRegex(ValidationError, "downstream"), self.env.cr.savepoint():
            self.sub_a.is_dealer = False

    def test_leaf_that_stops_being_a_dealer_leaves_the_tree(self):
        self.retail_a.is_dealer = False
        self.assertFalse(self.retail_a.dealer_path)
        self.assertEqual(self.dist_a._get_dealer_downstream(), self.sub_a)

    def test_level_defaults_applied(self):
        term = self.env.ref("account.account_payment_term_30days")
        self.level_core.write({"payment_term_id": term.id, "credit_limit": 50000})
        dealer = self._dms_create_dealer("Level dealer", dealer_level_id=self.level_core.id)
        self.assertEqual(dealer.property_payment_term_id, term)
        self.assertEqual(dealer.credit_limit, 50000)
        # explicit values win over level defaults
        other = self._dms_create_dealer("Own terms", dealer_level_id=self.level_core.id, credit_limit=1000)
        self.assertEqual(other.credit_limit, 1000)

    def test_territory_address_match(self):
        Territory = self.env["dms.territory"]
        self.assertEqual(Territory._match_address(self.country_cn, None, "200300"), self.terr_shanghai)
        self.assertEqual(Territory._match_address(self.country_cn, None, "610000"), self.terr_chengdu)
        self.assertEqual(Territory._match_address(self.country_cn, None, "999999"), self.terr_east)
        self.assertFalse(Territory._match_address(self.env.ref("base.fr"), None, "75001"))

    def test_territory_cycle_refused(self):
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.terr_hq.parent_id = self.terr_shanghai


@tagged("post_install", "-at_install")
class TestDealerHierarchyQueries(DmsDealerCommon):
    """Moving a subtree and reading 'downstream of X' cost the same whatever the subtree size."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small_root = cls._dms_create_dealer("Small root")
        cls._dms_create_dealer("Small child", parent=cls.small_root)
        cls.big_root = cls._dms_create_dealer("Big root")
        Partner = cls.env["res.partner"]
        level1 = Partner.create(
            [
                {"name": f"Big L1 {i}", "is_dealer": True, "is_company": True, "dealer_parent_id": cls.big_root.id}
                for i in range(20)
            ]
        )
        Partner.create(
            [
                {"name": f"Big L2 {i}", "is_dealer": True, "is_company": True, "dealer_parent_id": parent.id}
                for parent in level1
                for i in range(10)
            ]
        )
        cls.target_a = cls._dms_create_dealer("Target A")
        cls.target_b = cls._dms_create_dealer("Target B")
        cls.env["res.partner"].flush_model()

    def _move_budget(self):
        """Constant whatever the subtree size: 9 for the network itself, plus what addons
        installed above it add per moved root (dms_audit records the two moves; dms_channel
        recomputes who serves the moved dealer; dms_inventory recomputes the scope of the moved
        dealers' alerts, proposals, transfers and routed orders: 5 searches per move; dms_lead keeps
        the dealer path on lead assignments for its record rules: one search per move)."""
        return (
            9
            + (2 if "dms.audit.log" in self.env else 0)
            + (6 if "dms.channel.order" in self.env else 0)
            + (10 if "dms.inventory.alert" in self.env else 0)
            + (2 if "dms.lead.assignment" in self.env else 0)
        )

    def _move_there_and_back(self, root, target):
        root.dealer_parent_id = target
        self.env.flush_all()
        root.dealer_parent_id = False
        self.env.flush_all()

    @users("admin")
    @warmup
    def test_move_small_subtree_query_count(self):
        root = self.small_root.with_env(self.env)
        target = self.target_a.with_env(self.env)
        with self.assertQueryCount(admin=self._move_budget()):
            self._move_there_and_back(root, target)

    @users("admin")
    @warmup
    def test_move_big_subtree_query_count(self):
        root = self.big_root.with_env(self.env)
        target = self.target_b.with_env(self.env)
        with self.assertQueryCount(admin=self._move_budget()):
            self._move_there_and_back(root, target)
        self.assertEqual(len(root._get_dealer_downstream()), 220)

    @users("admin")
    @warmup
    def test_downstream_query_count(self):
        for root, expected in ((self.small_root, 1), (self.big_root, 220)):
            root = root.with_env(self.env)
            root.dealer_path  # noqa: B018 - prefetch the root itself  # pylint: disable=pointless-statement
            with self.assertQueryCount(admin=1):
                downstream = root._get_dealer_downstream()
            self.assertEqual(len(downstream), expected)
