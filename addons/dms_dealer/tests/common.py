# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixture: a small dealer network and one user per role.

Territories::

    HQ
    ├── East (region, manager: region_east)
    │   └── Shanghai (area, state SH, zip 200)
    └── West (region, manager: region_west)
        └── Chengdu (area, zip 610)

Dealers (``dealer_path`` tree)::

    dist_a (distributor, East)          dist_b (distributor, West)
    └── sub_a (sub-dealer, East)         └── sub_b (sub-dealer, West)
        └── retail_a (retailer, East)

Users: ``rep_a`` (sales rep of dist_a / sub_a / retail_a), ``region_east``,
``region_west``, ``hq``, ``finance``, and portal users ``portal_a_admin``
(dealer administrator of dist_a), ``portal_a_user`` (dealer user of dist_a),
``portal_sub_a``, ``portal_retail_a``, ``portal_b_admin``.
"""

import doctest

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon


class DmsNetworkMixin:
    """Builds the network; mix it into any Odoo test case (e.g. AccountTestInvoicingCommon)
    and call ``cls._setup_dms_network()`` in ``setUpClass``."""

    @classmethod
    def _setup_dms_network(cls):
        # fixtures are built as superuser whatever the user of the host test case
        env = cls.env(su=True)
        cls.level_strategic = env.ref("dms_dealer.dealer_level_strategic")
        cls.level_core = env.ref("dms_dealer.dealer_level_core")
        cls.level_regular = env.ref("dms_dealer.dealer_level_regular")
        cls.country_cn = env.ref("base.cn")
        Territory = env["dms.territory"]
        cls.terr_hq = Territory.create({"name": "Test HQ", "code": "T-HQ", "territory_type": "hq"})
        cls.terr_east, cls.terr_west = Territory.create(
            [
                {
                    "name": "Test East",
                    "code": "T-EAST",
                    "territory_type": "region",
                    "parent_id": cls.terr_hq.id,
                    "country_ids": [(6, 0, cls.country_cn.ids)],
                },
                {
                    "name": "Test West",
                    "code": "T-WEST",
                    "territory_type": "region",
                    "parent_id": cls.terr_hq.id,
                },
            ]
        )
        cls.terr_shanghai, cls.terr_chengdu = Territory.create(
            [
                {
                    "name": "Test Shanghai",
                    "code": "T-SH",
                    "parent_id": cls.terr_east.id,
                    "zip_prefixes": "200",
                },
                {
                    "name": "Test Chengdu",
                    "code": "T-CD",
                    "parent_id": cls.terr_west.id,
                    "zip_prefixes": "610",
                },
            ]
        )
        cls.user_hq = new_test_user(
            env, login="dms_hq", name="HQ Manager", groups="base.group_user,dms_dealer.group_dms_hq_manager"
        )
        cls.user_finance = new_test_user(
            env, login="dms_finance", name="Finance", groups="base.group_user,dms_dealer.group_dms_finance"
        )
        cls.user_region_east = new_test_user(
            env,
            login="dms_region_east",
            name="East Manager",
            groups="base.group_user,dms_dealer.group_dms_region_manager",
        )
        cls.user_region_west = new_test_user(
            env,
            login="dms_region_west",
            name="West Manager",
            groups="base.group_user,dms_dealer.group_dms_region_manager",
        )
        cls.user_rep_a = new_test_user(
            env, login="dms_rep_a", name="Rep A", groups="base.group_user,dms_dealer.group_dms_user"
        )
        cls.user_rep_b = new_test_user(
            env, login="dms_rep_b", name="Rep B", groups="base.group_user,dms_dealer.group_dms_user"
        )
        cls.terr_east.manager_id = cls.user_region_east
        cls.terr_west.manager_id = cls.user_region_west
        Partner = env["res.partner"]
        cls.dist_a, cls.dist_b = Partner.create(
            [
                {
                    "name": "Test Distributor A",
                    "ref": "T-DA",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_level_id": cls.level_strategic.id,
                    "dealer_state": "active",
                    "territory_id": cls.terr_east.id,
                    "user_id": cls.user_rep_a.id,
                    "country_id": cls.country_cn.id,
                    "zip": "200001",
                },
                {
                    "name": "Test Distributor B",
                    "ref": "T-DB",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_level_id": cls.level_core.id,
                    "dealer_state": "active",
                    "territory_id": cls.terr_west.id,
                    "user_id": cls.user_rep_b.id,
                    "country_id": cls.country_cn.id,
                    "zip": "610001",
                },
            ]
        )
        cls.sub_a, cls.sub_b = Partner.create(
            [
                {
                    "name": "Test Sub-dealer A",
                    "ref": "T-SA",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "sub_dealer",
                    "dealer_level_id": cls.level_core.id,
                    "dealer_state": "active",
                    "dealer_parent_id": cls.dist_a.id,
                    "territory_id": cls.terr_shanghai.id,
                    "user_id": cls.user_rep_a.id,
                    "country_id": cls.country_cn.id,
                    "zip": "200100",
                },
                {
                    "name": "Test Sub-dealer B",
                    "ref": "T-SB",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "sub_dealer",
                    "dealer_level_id": cls.level_regular.id,
                    "dealer_state": "active",
                    "dealer_parent_id": cls.dist_b.id,
                    "territory_id": cls.terr_chengdu.id,
                    "user_id": cls.user_rep_b.id,
                    "country_id": cls.country_cn.id,
                    "zip": "610100",
                },
            ]
        )
        cls.retail_a = Partner.create(
            {
                "name": "Test Retailer A",
                "ref": "T-RA",
                "is_company": True,
                "is_dealer": True,
                "dealer_type": "retailer",
                "dealer_level_id": cls.level_regular.id,
                "dealer_state": "active",
                "dealer_parent_id": cls.sub_a.id,
                "territory_id": cls.terr_shanghai.id,
                "user_id": cls.user_rep_a.id,
                "country_id": cls.country_cn.id,
                "zip": "200200",
            }
        )
        cls.portal_a_admin = cls._dms_portal_user("dms_portal_a_admin", cls.dist_a, admin=True)
        cls.portal_a_user = cls._dms_portal_user("dms_portal_a_user", cls.dist_a)
        cls.portal_sub_a = cls._dms_portal_user("dms_portal_sub_a", cls.sub_a, admin=True)
        cls.portal_retail_a = cls._dms_portal_user("dms_portal_retail_a", cls.retail_a)
        cls.portal_b_admin = cls._dms_portal_user("dms_portal_b_admin", cls.dist_b, admin=True)

    @classmethod
    def _dms_portal_user(cls, login, dealer, admin=False):
        """A portal user as a contact person of ``dealer``."""
        contact = cls.env(su=True)["res.partner"].create(
            {"name": login.replace("_", " ").title(), "parent_id": dealer.id, "email": f"{login}@example.com"}
        )
        group = "dms_dealer.group_dms_portal_admin" if admin else "dms_dealer.group_dms_portal_user"
        return new_test_user(cls.env(su=True), login=login, groups=f"base.group_portal,{group}", partner_id=contact.id)

    @classmethod
    def _dms_create_dealer(cls, name, parent=None, **vals):
        values = {
            "name": name,
            "is_company": True,
            "is_dealer": True,
            "dealer_type": "retailer" if parent else "distributor",
            "dealer_state": "active",
            "dealer_parent_id": parent.id if parent else False,
        }
        values.update(vals)
        return cls.env(su=True)["res.partner"].create(values)


class DmsDealerCommon(DmsNetworkMixin, BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()


class DmsRpcMixin:
    """Act as a hostile client would: JSON-RPC over HTTP as a logged-in user.

    Mix into an ``HttpCase``; users made by ``new_test_user`` have their login as password.
    ``rpc`` returns the result or raises ``JsonRpcException`` whose message is the
    server exception's class path (``odoo.exceptions.AccessError``...).
    """

    def rpc(self, user, model, method, *args, **kwargs):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertRpcRefused(self, user, model, method, *args, exception="AccessError", **kwargs):
        """The call fails with ``odoo.exceptions.<exception>`` (or any of a tuple of names)."""
        from odoo.tests.common import JsonRpcException

        names = (exception,) if isinstance(exception, str) else exception
        with self.assertRaises(JsonRpcException) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertIn(caught.exception.args[0].rsplit(".", 1)[-1], names, caught.exception.args)
        return caught.exception


def assert_doctests(testcase, *modules):
    """Run the doctests of ``modules`` inside a test (Odoo's loader ignores ``load_tests``).

    Modules without any example are left out of the count but must still pass.
    """
    attempted = 0
    for module in modules:
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
        testcase.assertEqual(result.failed, 0, f"doctests of {module.__name__} failed (see the log)")
        attempted += result.attempted
    testcase.assertGreater(attempted, 0, "no doctest ran")
