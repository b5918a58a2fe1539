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
import sys
import threading
import traceback
from contextlib import contextmanager

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon

#: outcome of a racing call whose transaction could not serialise (Odoo retries such a request)
SERIALIZATION_FAILURE = "serialization_failure"
#: outcome of a racing call refused with a ``UserError``
REFUSED = "refused"


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


class DmsRaceMixin:
    """Two real transactions at once, on committed fixtures (mix into a ``TransactionCase``).

    A race test commits its fixtures in a cursor of its own (:meth:`_race_committed`), so that every
    racing cursor sees them, and removes them in a cleanup (same method). :meth:`_race_envs` opens the
    racing cursors (closed at cleanup, before the fixtures are removed); :meth:`_race_run` runs one
    call per cursor in threads that start together and reports how each ended.
    """

    #: context of the fixtures and of the racing environments
    race_context = DISABLED_MAIL_CONTEXT

    @contextmanager
    def _race_committed(self, context=None):
        """An environment on a new cursor, committed when the block ends (fixtures, cleanups, checks)."""
        with self.env.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, dict(self.race_context if context is None else context))
            cr.commit()  # pylint: disable=invalid-commit  # every racing cursor must see the fixtures

    def _race_forget(self, env, model, ids):
        """Remove what the chatter and the workflow engine kept of committed fixtures (before they go)."""
        for name, field in (("mail.activity", "res_model"), ("mail.followers", "res_model"), ("mail.message", "model")):
            env[name].sudo().search([(field, "=", model), ("res_id", "in", list(ids))]).unlink()
        env.cr.execute("DELETE FROM dms_workflow_log WHERE res_model = %s AND res_id = ANY(%s)", [model, list(ids)])

    def _race_envs(self, count=2, lock_timeout=None, context=None):
        """``count`` environments, each on its own cursor (closed at cleanup).

        Built in the calling thread: the registry lock belongs to it.
        """
        envs = []
        for _i in range(count):
            env = api.Environment(
                self.env.registry.cursor(), SUPERUSER_ID, dict(self.race_context if context is None else context)
            )
            self.addCleanup(env.cr.close)
            if lock_timeout:
                env.cr.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            envs.append(env)
        return envs

    def _race_run(self, action, items, timeout=40):
        """Run ``action(env, item)`` for every item at the same time, each on its own cursor.

        Both transactions take their snapshot before either acts. Returns ``{item: outcome}``: what
        ``action`` returned (after a commit), or :data:`SERIALIZATION_FAILURE`, :data:`REFUSED`
        (a ``UserError``), or the ``repr`` of any other exception (each rolled back). Fails the test
        when a thread does not finish, with its stack.
        """
        items = list(items)
        barrier = threading.Barrier(len(items))
        results = {}
        envs = self._race_envs(len(items))

        def run(env, item):
            cr = env.cr
            try:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SELECT 1")  # every transaction takes its snapshot first
                barrier.wait(timeout=timeout / 2)
                outcome = action(env, item)
                cr.commit()  # pylint: disable=invalid-commit  # the other cursor must see what this one did
                results[item] = outcome
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                results[item] = SERIALIZATION_FAILURE
            except UserError:
                cr.rollback()
                results[item] = REFUSED
            except Exception as exc:  # noqa: BLE001 - reported by the test
                cr.rollback()
                results[item] = repr(exc)

        threads = [
            threading.Thread(target=run, args=(env, item), daemon=True) for env, item in zip(envs, items, strict=True)
        ]
        # the loser's failed statement is expected: keep it out of the log
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=timeout)
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in stuck)
            self.fail(f"racing threads did not finish:\n{stacks}")
        return results


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
