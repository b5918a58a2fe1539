# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Integration API fixture: dms_portal's network, catalog, orders and invoices, plus statements,
channel stock, an approval rule, API keys per user, and a client that checks every response
against ``static/openapi.json``."""

import json
import re
from datetime import date

from odoo import Command
from odoo.tools import file_open

from odoo.addons.dms_portal.tests.common import DmsPortalMixin

from ..tools import contract

with file_open("dms_api/static/openapi.json") as _spec:
    SPEC = json.load(_spec)
BASE = "/api/dms/v1"


def _operation(method, path):
    """``(template, operation)`` of the spec matching a concrete request path."""
    for template, item in SPEC["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[0-9]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    return None, None


class DmsApiMixin(DmsPortalMixin):
    #: (method, template, status) seen by the contract client, for the coverage test
    seen = set()
    #: every API call, read-only routes included, counts in the rate limiter through a read/write
    #: cursor of its own (``dms.api.rate.counter``); the test registry's simulated read-only request
    #: cursor refuses to open one, a real read-only (replica) cursor does not
    readonly_enabled = False

    @classmethod
    def _setup_dms_api(cls):
        cls._setup_dms_portal()
        env = cls.env(su=True)
        env["ir.config_parameter"].set_param("dms_api.webhook_url_prefixes", "")
        # every order of the network needs HQ's approval (one step)
        env["dms.order.approval.rule"].create(
            {
                "name": "API test: HQ approves",
                "sequence": 1,
                "step_ids": [Command.create({"approver_type": "users", "user_ids": [Command.set(cls.user_hq.ids)]})],
            }
        )
        cls.user_hq.groups_id |= env.ref("sales_team.group_sale_manager")
        Statement = env["dms.dealer.statement"]
        today = date.today()
        first = today.replace(day=1)
        cls.statement_a = Statement.with_user(cls.user_finance)._dms_generate_on_demand(
            cls.dist_a, first, today, send=True
        )
        cls.statement_b = Statement.with_user(cls.user_finance)._dms_generate_on_demand(
            cls.dist_b, first, today, send=True
        )
        for dealer, qty in ((cls.dist_a, 40.0), (cls.dist_b, 7.0)):
            env["dms.channel.stock.move"]._post(
                [
                    {
                        "dealer_id": dealer.id,
                        "product_id": cls.product_water.id,
                        "qty": qty,
                        "kind": "sell_in",
                        "reference": "api test sell-in",
                    }
                ]
            )
        cls.keys = {}
        for user in (
            cls.portal_a_admin,
            cls.portal_a_user,
            cls.portal_sub_a,
            cls.portal_b_admin,
            cls.user_hq,
            cls.user_rep_a,
        ):
            cls.keys[user] = cls._api_key(user)

    @classmethod
    def _api_key(cls, user):
        # sudo: a persistent key, as an administrator would hand it to the dealer's ERP
        return cls.env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "ERP", None)

    def api(self, user, method, path, body=None, key=None, headers=None, params=None, status=None):
        """Call the API as ``user`` (its API key; ``None``: no key), check the response against the
        spec, return ``(status, json)``."""
        self.opener.cookies.clear()
        sent = dict(headers or {})
        if user is not None:
            sent["Authorization"] = f"Bearer {self.keys[user]}"
        if key:
            sent["Idempotency-Key"] = key
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        response = self.opener.request(
            method, self.base_url() + BASE + path, data=data, headers=sent, params=params, timeout=60
        )
        template, operation = _operation(method, path)
        self.assertTrue(operation, f"{method} {path} is not in openapi.json")
        code = str(response.status_code)
        self.assertIn(code, operation["responses"], f"{method} {path} answered {code}, not documented")
        payload = None
        documented = operation["responses"][code].get("content")
        if documented:
            payload = response.json()
            schema = documented["application/json"]["schema"]
            self.assertEqual(contract.errors(SPEC, schema, payload), [], f"{method} {path} {code}: {payload}")
        type(self).seen.add((method.lower(), template, code))
        if status is not None:
            self.assertEqual(response.status_code, status, payload)
        return response.status_code, payload
