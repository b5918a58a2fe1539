# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One order end to end, request by request, with each request's SQL queries, wall time and (optionally)
cProfile's top functions: the stable measure beside the load test's numbers, which move with the machine.

Runs inside ``odoo-bin shell`` on a database seeded by seed.py (run.py's database after a run, or any
demo database after ``seed.py``), through Odoo's own WSGI application in-process (no port, one request at
a time, the same routing, sessions and transactions as the server)::

    DMS_LOAD_OUT=$DMS_STATE_DIR/load-<db>.json ~/odoo/venv/bin/python ~/odoo/src/odoo-bin shell \\
        -c $DMS_STATE_DIR/odoo.conf -d <db> --no-http < tests/load/trace.py

Environment: ``DMS_TRACE_REPEAT`` (default 3: the median of that many orders is printed, after one
warm-up order), ``DMS_TRACE_CONFIRM`` (``batch``, the default: HQ confirms the trace's two orders in one JSON-RPC
``action_confirm``, as the load test does; ``api``: one ``POST /orders/<id>/confirm`` each),
``DMS_TRACE_USER`` (index of the seed's portal user, default 1), ``DMS_TRACE_SQL`` (a step name: its
statements, most repeated first), ``DMS_TRACE_PROFILE`` (a step name, e.g. ``api: confirm order``: prints cProfile's top
functions of that step, ``all`` of all steps together, also by own time; ``DMS_TRACE_CALLEES=<function name>``
also what that function calls; ``DMS_TRACE_DUMP=<file>`` saves the profile for ``python -m pstats``). Every
request commits its own transaction, as on the server: the orders stay, so run it on a copy of the database.

Steps, in the order of the load test: portal dashboard, catalog, order list, cart, quick-order preview,
add to cart (import), checkout, submit, the API order paid from the wallet, the region manager's
approval queue and approval (of both orders), HQ's approved list and confirmation, the warehouse's
delivery validation (JSON-RPC).
"""

# ruff: noqa: F821 - `env` is given by odoo-bin shell
import cProfile
import gc
import json
import os
import pstats
import re
import statistics
import time
import urllib.parse

import werkzeug.test

import odoo
from odoo import http

SEED = json.load(open(os.environ["DMS_LOAD_OUT"]))
REPEAT = int(os.environ.get("DMS_TRACE_REPEAT", "3"))
PROFILE = os.environ.get("DMS_TRACE_PROFILE")
CONFIRM = os.environ.get("DMS_TRACE_CONFIRM", "batch")
DB = env.cr.dbname  # noqa: F821
env.cr.rollback()  # noqa: F821 - the shell's own cursor holds nothing while the requests run
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
SHIPPING = re.compile(r'<option[^>]*value="(\d+)"')
API = "/api/dms/v1"
results = {}
ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}
profiles = {}
#: Python's garbage collector during the trace: collections and seconds per generation (dms_dealer freezes the
#: loaded registry out of its walks, tools/gc_tuning.py)
collector = {"collections": [0, 0, 0], "seconds": [0.0, 0.0, 0.0], "started": 0.0}


def _on_collection(phase, info):
    if phase == "start":
        collector["started"] = time.perf_counter()
    else:
        collector["collections"][info["generation"]] += 1
        collector["seconds"][info["generation"]] += time.perf_counter() - collector["started"]


gc.callbacks.append(_on_collection)


SQL_STEP = os.environ.get("DMS_TRACE_SQL")
statements = {}
_execute = odoo.sql_db.Cursor.execute


def _counting_execute(self, query, params=None, log_exceptions=True):
    key = re.sub(r"\s+", " ", str(query))[:160]
    statements[key] = statements.get(key, 0) + 1
    return _execute(self, query, params, log_exceptions)


def step(name, client, method, url, **kw):
    before = odoo.sql_db.sql_counter
    if name == SQL_STEP:
        odoo.sql_db.Cursor.execute = _counting_execute
    profile = cProfile.Profile() if PROFILE in (name, "all") else None
    start = time.perf_counter()
    if profile:
        profile.enable()
    response = client.open(url, method=method, environ_base=ENVIRON, **kw)
    odoo.sql_db.Cursor.execute = _execute
    if profile:
        profile.disable()
        profiles.setdefault("all steps" if PROFILE == "all" else name, []).append(profile)
    elapsed = (time.perf_counter() - start) * 1000
    queries = odoo.sql_db.sql_counter - before
    results.setdefault(name, []).append((elapsed, queries))
    if response.status_code >= 400:
        raise SystemExit(f"trace: {name}: {response.status_code} {response.get_data(as_text=True)[:500]}")
    return response


def follow(name, client, response):
    """Follow a form's redirect as a browser does, each hop a request of its own: a hop answered by a
    redirect (http_routing sending a bare /my/... URL on to the reader's language) is counted as
    ``portal: language redirect``, the page reached as ``name``."""
    while response.status_code in (301, 302, 303):
        url = urllib.parse.urlsplit(response.headers["Location"])
        response = step(name, client, "GET", url.path + (f"?{url.query}" if url.query else ""))
        if response.status_code in (301, 302, 303):
            results.setdefault("portal: language redirect", []).append(results[name].pop())
    return response


def login(login, password):
    client = werkzeug.test.Client(http.root)
    body = {"jsonrpc": "2.0", "method": "call", "params": {"db": DB, "login": login, "password": password}}
    response = client.post("/web/session/authenticate", json=body, environ_base=ENVIRON)
    assert "error" not in response.json, response.json
    return client


def bearer(key, **extra):
    return {"Authorization": f"Bearer {key}", **extra}


def one_order(dealer, dealer_key, approvers, hq, warehouse, rpc_ids):
    skus = SEED["skus"]
    # website: a user whose language is not the website's default is sent to /<lang>/... first
    redirect = step("portal: language redirect", dealer, "GET", "/my/dms")
    prefix = redirect.headers.get("Location", "").split("/my/dms")[0] if redirect.status_code in (301, 302, 303) else ""
    step("portal: dashboard", dealer, "GET", f"{prefix}/my/dms")
    step("portal: catalog", dealer, "GET", f"{prefix}/my/dms/catalog")
    step("portal: order list", dealer, "GET", f"{prefix}/my/dms/orders")
    cart = step("portal: cart", dealer, "GET", f"{prefix}/my/dms/cart").get_data(as_text=True)
    token = CSRF.search(cart).group(1)
    lines = "\n".join(f"{sku} 12" for sku in skus[:3])
    preview = step(
        "portal: quick order preview", dealer, "POST", "/my/dms/cart/quick", data={"lines": lines, "csrf_token": token}
    ).get_data(as_text=True)
    rows = dict(re.findall(r'name="(sku_\d+|qty_\d+)"\s+value="([^"]*)"', preview))
    added = step(
        "portal: add to cart (import)", dealer, "POST", "/my/dms/cart/import", data=dict(rows, csrf_token=token)
    )
    follow("portal: cart after the add", dealer, added)
    page = step("portal: checkout", dealer, "GET", f"{prefix}/my/dms/cart/checkout").get_data(as_text=True)
    data = {"csrf_token": CSRF.search(page).group(1), "client_order_ref": f"TRACE-{time.time_ns()}"}
    shipping = SHIPPING.search(page)
    if shipping:
        data["shipping_id"] = shipping.group(1)
    submitted = step("portal: submit", dealer, "POST", "/my/dms/cart/submit", data=data)
    location = submitted.headers.get("Location", "")
    assert "/submitted" in location, location
    follow("portal: submitted page", dealer, submitted)
    order_ids = [int(re.search(r"/orders/(\d+)/", location).group(1))]
    body = {"lines": [{"sku": sku, "qty": 12} for sku in skus[3:5]], "use_wallet": True}
    if SEED.get("shipping_id"):
        body["shipping_id"] = SEED["shipping_id"]
    created = step(
        "api: order paid from wallet",
        dealer,
        "POST",
        f"{API}/orders",
        json=body,
        headers=bearer(dealer_key, **{"Idempotency-Key": f"trace-{time.time_ns()}"}),
    )
    order_ids.append(created.json["id"])
    for order_id in order_ids:
        for client, key in approvers.values():
            queue = step(
                "api: approval queue",
                client,
                "GET",
                f"{API}/orders?awaiting_my_approval=1&limit=10",
                headers=bearer(key),
            ).json["orders"]
            if any(order["id"] == order_id for order in queue):
                step("api: approve", client, "POST", f"{API}/orders/{order_id}/approve", json={}, headers=bearer(key))
                break
        else:
            raise SystemExit(f"trace: order {order_id} waits for nobody of {list(approvers)}")
    hq_client, hq_key = hq
    step("api: approved orders", hq_client, "GET", f"{API}/orders?state=approved&limit=10", headers=bearer(hq_key))
    if CONFIRM == "api":
        for order_id in order_ids:
            confirmed = step(
                "api: confirm order",
                hq_client,
                "POST",
                f"{API}/orders/{order_id}/confirm",
                json={},
                headers=bearer(hq_key),
            )
            assert confirmed.json["state"] == "confirmed", confirmed.json
    else:
        # the selection at once, as the list view's multi-select (the load test's HQ)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(rpc_ids),
            "params": {"model": "sale.order", "method": "action_confirm", "args": [order_ids], "kwargs": {}},
        }
        answer = step(
            f"rpc: confirm {len(order_ids)} orders at once",
            hq_client,
            "POST",
            "/web/dataset/call_kw/sale.order/action_confirm",
            json=payload,
        ).json
        assert "error" not in answer, answer
    for order_id in order_ids:
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(rpc_ids),
            "params": {
                "model": "stock.picking",
                "method": "search_read",
                "args": [[("sale_id", "=", order_id), ("state", "=", "assigned")]],
                "kwargs": {"fields": ["id"]},
            },
        }
        pickings = step(
            "rpc: deliveries to ship", warehouse, "POST", "/web/dataset/call_kw/stock.picking/search_read", json=payload
        ).json["result"]
        for picking in pickings:
            payload["params"].update(method="button_validate", args=[[picking["id"]]], kwargs={})
            answer = step(
                "rpc: validate delivery",
                warehouse,
                "POST",
                "/web/dataset/call_kw/stock.picking/button_validate",
                json=payload,
            ).json
            assert "error" not in answer, answer
            result = answer["result"]
            if isinstance(result, dict) and result.get("res_model") == "confirm.stock.sms":
                # asked once per company whether customers are texted: answered no, which validates it
                params = {
                    "model": "confirm.stock.sms",
                    "method": "dont_send_sms",
                    "args": [[result["res_id"]]],
                    "kwargs": {"context": result.get("context") or {}},
                }
                body = {"jsonrpc": "2.0", "method": "call", "id": next(rpc_ids), "params": params}
                step("rpc: answer the SMS question (once)", warehouse, "POST", "/web/dataset/call_kw", json=body)
            else:
                assert result is True, f"the delivery is not validated: {result}"


# the second load user: its dealer's delivery address is in its own territory (the first user's, D-E01's
# demo address in Beijing, raises a cross-territory alert at every confirmation, as in 1 of 6 load orders)
account = SEED["users"][int(os.environ.get("DMS_TRACE_USER", "1"))]
dealer_client = login(account["login"], account["password"])
me = dealer_client.get(f"{API}/me", headers=bearer(account["key"]), environ_base=ENVIRON).json
SEED["shipping_id"] = (me.get("delivery_addresses") or [{}])[0].get("id")
office = SEED["back_office"]
approvers = {login: (werkzeug.test.Client(http.root), office[login]["key"]) for login in ("east", "north", "south")}
hq = (login("hq", office["hq"]["password"]), office["hq"]["key"])
warehouse = login("warehouse", office["warehouse"]["password"])
rpc_ids = iter(range(1, 10**6))
one_order(dealer_client, account["key"], approvers, hq, warehouse, rpc_ids)  # warm-up: caches, assets
results.clear()
statements.clear()
profiles.clear()
for _i in range(REPEAT):
    one_order(dealer_client, account["key"], approvers, hq, warehouse, rpc_ids)

gc.callbacks.remove(_on_collection)
print(
    f"\ngarbage collector during the trace: {gc.get_freeze_count()} objects frozen, thresholds {gc.get_threshold()}; "
    f"collections per generation {collector['collections']}, "
    f"seconds {[round(seconds, 3) for seconds in collector['seconds']]}"
)
print(f"\nDMS_TRACE {DB}: {REPEAT} orders (portal + API), one request at a time, median of each step")
print(f"{'step':<34} {'requests':>8} {'ms':>7} {'queries':>8}")
for name, samples in results.items():
    ms = statistics.median(ms for ms, _q in samples)
    print(f"{name:<34} {len(samples):>8} {ms:>7.0f} {statistics.median(q for _ms, q in samples):>8.0f}")
if statements:
    print(f"\nSQL statements of '{SQL_STEP}' (all its requests), most repeated first:")
    for key, count in sorted(statements.items(), key=lambda item: -item[1])[:40]:
        print(f"{count:5d}  {key}")
for name, runs in profiles.items():
    print(f"\ncProfile of '{name}' ({len(runs)} requests), cumulative:")
    stats = pstats.Stats(runs[0])
    for run in runs[1:]:
        stats.add(run)
    stats.sort_stats("cumulative").print_stats(60)
    if PROFILE == "all":
        stats.sort_stats("tottime").print_stats(40)
    if os.environ.get("DMS_TRACE_CALLEES"):
        stats.print_callees(os.environ["DMS_TRACE_CALLEES"])
    if os.environ.get("DMS_TRACE_DUMP"):
        stats.dump_stats(os.environ["DMS_TRACE_DUMP"])
