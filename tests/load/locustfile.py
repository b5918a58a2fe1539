# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dealers and back office under load (run by run.py; reads the seed file named by DMS_LOAD_OUT).

- ``Dealer`` (30): portal pages (dashboard, catalog, orders), quick order and Excel upload through
  the portal cart and checkout, orders paid from the rebate wallet and receipts through the
  integration API.
- ``Approver`` (east, north, south): approves the steps waiting for it (API).
- ``HeadOffice`` (hq): lists the approved orders (API) and confirms the selection at once (JSON-RPC,
  as the list view's multi-select does).
- ``Warehouse``: ships confirmed orders (validates their deliveries over JSON-RPC).

Every request is named after what it does, so the table shows each endpoint on its own line.
"""

import io
import itertools
import json
import os
import random
import re
import urllib.parse

import openpyxl
from locust import HttpUser, between, constant_throughput, task

SEED = json.load(open(os.environ["DMS_LOAD_OUT"]))  # written by seed.py, sessions by run.py
#: tasks a dealer starts per second (run.py's --pace); 0: as fast as it can (1-3 s between tasks)
PACE = float(os.environ.get("DMS_LOAD_PACE") or 0)
API = "/api/dms/v1"
_dealers = itertools.cycle(SEED["users"])
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
SHIPPING = re.compile(r'<option[^>]*value="(\d+)"')


def _lines(k=3):
    return [(sku, random.choice((6, 12, 24))) for sku in random.sample(SEED["skus"], k)]


def _xlsx(lines):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SKU", "Qty"])
    for sku, qty in lines:
        sheet.append([sku, qty])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Base(HttpUser):
    abstract = True

    def api(self, method, path, name, key=None, refused_ok=None, **kw):
        """One API call; ``refused_ok(response)`` may accept a business refusal that another user's
        concurrent action explains (the refusal is then the promise kept, not an error)."""
        headers = {"Authorization": f"Bearer {self.account['key']}"}
        if key:
            headers["Idempotency-Key"] = key
        with self.client.request(method, API + path, name=name, headers=headers, catch_response=True, **kw) as resp:
            if resp.status_code >= 400:
                if refused_ok and resp.status_code == 422 and refused_ok(resp):
                    resp.success()
                else:
                    resp.failure(f"{resp.status_code} {resp.text[:200]}")
                return None
            return resp.json()


class Dealer(_Base):
    """A dealer's user. Paced (the default), it starts one task every 1/PACE seconds whatever the
    server's answers take, as people do (they do not order faster because pages come back sooner): the
    load offered is fixed and the latencies are those of that load. Unpaced, it starts the next task 1-3 s
    after the last one ended: the load grows until the server is saturated (its capacity)."""

    weight = 30
    wait_time = constant_throughput(PACE) if PACE else between(1, 3)

    def on_start(self):
        self.account = next(_dealers)
        # logged in by run.py before the load (password hashing is not what is measured)
        self.client.cookies.set("session_id", self.account["session"])
        me = self.api("GET", "/me", "api: me")
        addresses = (me or {}).get("delivery_addresses") or []
        self.account = dict(self.account, shipping_id=addresses[0]["id"] if addresses else None)
        # the first visit is the bare URL a bookmark or the login page leads to: http_routing sends a dealer
        # reading Chinese on to /zh_CN/my; from there the portal's links carry the language, as a browser
        # clicking them does (dms_portal writes them so), so every later page is requested with it
        home = self.client.get("/my", name="portal: home (first visit)")
        path = urllib.parse.urlparse(home.url).path
        self.lang = path[: path.index("/my")] if "/my" in path else ""

    def url(self, path):
        """``path`` as the portal's links write it for this dealer (``/zh_CN/my/...`` when it reads Chinese)."""
        return self.lang + path

    # ---------------------------------------------------------------- browsing
    @task(4)
    def browse(self):
        self.client.get(self.url("/my/dms"), name="portal: dashboard")
        page = random.choice(["/my/dms/catalog", "/my/dms/catalog/page/2", "/my/dms/catalog?search=JS"])
        self.client.get(self.url(page), name="portal: catalog")
        self.client.get(self.url("/my/dms/orders"), name="portal: order list")

    # ---------------------------------------------------------------- ordering in the portal
    def _checkout_and_submit(self, label):
        page = self.client.get(self.url("/my/dms/cart/checkout"), name="portal: checkout")
        token = CSRF.search(page.text)
        if not token:
            return
        data = {"csrf_token": token.group(1), "client_order_ref": f"LOAD-{random.randint(1, 10**9)}"}
        shipping = SHIPPING.search(page.text)
        if shipping:
            data["shipping_id"] = shipping.group(1)
        with self.client.post(
            self.url("/my/dms/cart/submit"), data=data, name=f"portal: submit ({label})", catch_response=True
        ) as resp:
            if "/submitted" not in resp.url and "/my/channel/" not in resp.url:
                resp.failure(f"not submitted: {resp.url}")

    def _import_preview(self, page, label):
        token = CSRF.search(page.text)
        rows = re.findall(r'name="(sku_\d+|qty_\d+)"\s+value="([^"]*)"', page.text)
        if not token or not rows:
            return False
        data = dict(rows, csrf_token=token.group(1))
        self.client.post(self.url("/my/dms/cart/import"), data=data, name=f"portal: add to cart ({label})")
        return True

    @task(3)
    def quick_order(self):
        cart = self.client.get(self.url("/my/dms/cart"), name="portal: cart")
        token = CSRF.search(cart.text).group(1)
        text = "\n".join(f"{sku} {qty}" for sku, qty in _lines())
        preview = self.client.post(
            self.url("/my/dms/cart/quick"),
            data={"lines": text, "csrf_token": token},
            name="portal: quick order preview",
        )
        if self._import_preview(preview, "quick order"):
            self._checkout_and_submit("quick order")

    @task(2)
    def excel_order(self):
        cart = self.client.get(self.url("/my/dms/cart"), name="portal: cart")
        token = CSRF.search(cart.text).group(1)
        preview = self.client.post(
            self.url("/my/dms/cart/upload"),
            data={"csrf_token": token},
            files={"upload": ("order.xlsx", _xlsx(_lines()))},
            name="portal: Excel upload preview",
        )
        if self._import_preview(preview, "Excel"):
            self._checkout_and_submit("Excel")

    # ---------------------------------------------------------------- integration API
    @task(2)
    def wallet_order(self):
        body = {"lines": [{"sku": sku, "qty": qty} for sku, qty in _lines(2)], "use_wallet": True}
        if self.account.get("shipping_id"):
            body["shipping_id"] = self.account["shipping_id"]
        key = f"{self.account['login']}-{random.getrandbits(64):x}"
        self.api("POST", "/orders", "api: order paid from wallet", key=key, json=body)

    @task(1)
    def retry_is_idempotent(self):
        body = {"lines": [{"sku": sku, "qty": qty} for sku, qty in _lines(1)]}
        if self.account.get("shipping_id"):
            body["shipping_id"] = self.account["shipping_id"]
        key = f"{self.account['login']}-retry-{random.getrandbits(64):x}"
        first = self.api("POST", "/orders", "api: order", key=key, json=body)
        again = self.api("POST", "/orders", "api: order (retried)", key=key, json=body)
        if first and again and first["id"] != again["id"]:
            self.environment.events.request.fire(
                request_type="CHECK",
                name="api: retry created a second order",
                response_time=0,
                response_length=0,
                exception=AssertionError("retry created a second order"),
                context={},
            )

    @task(2)
    def confirm_receipts(self):
        shipped = self.api("GET", "/orders?state=shipped&limit=5", "api: shipped orders")
        for order in (shipped or {}).get("orders", [])[:2]:
            # several users of one dealer may sign the same shipped order at once: the second is refused,
            # which is right when the order is signed by then (checked, not assumed)
            self.api(
                "POST",
                f"/orders/{order['id']}/receipt",
                "api: confirm receipt",
                json={},
                refused_ok=lambda _resp, order_id=order["id"]: self._signed(order_id),
            )

    def _signed(self, order_id):
        headers = {"Authorization": f"Bearer {self.account['key']}"}
        response = self.client.get(f"{API}/orders/{order_id}", name="api: order (after a refusal)", headers=headers)
        return response.status_code == 200 and response.json().get("state") == "signed"

    @task(1)
    def read_api(self):
        self.api("GET", f"/prices?skus={','.join(SEED['skus'][:5])}&qty=12", "api: prices")
        self.api("GET", "/statements", "api: statements")
        self.api("GET", "/stock", "api: stock")


class Approver(_Base):
    fixed_count = 3
    wait_time = between(0.5, 1.5)
    _logins = itertools.cycle(["east", "north", "south"])

    def on_start(self):
        self.account = SEED["back_office"][next(self._logins)]

    @task
    def approve(self):
        queue = self.api("GET", "/orders?awaiting_my_approval=1&limit=10", "api: approval queue")
        for order in (queue or {}).get("orders", []):
            self.api("POST", f"/orders/{order['id']}/approve", "api: approve", json={"comment": "ok"})


class _RpcUser(_Base):
    """A back-office user in Odoo's web client: JSON-RPC with its session (logged in by run.py)."""

    abstract = True

    def on_start(self):
        self.rpc_id = itertools.count()
        self.client.cookies.set("session_id", self.account["session"])

    def call(self, url, params, name):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(self.rpc_id), "params": params}
        with self.client.post(url, json=payload, name=name, catch_response=True) as resp:
            data = resp.json()
            if "error" in data:
                resp.failure(json.dumps(data["error"])[:300])
                return None
            return data["result"]

    def call_kw(self, model, method, args, kwargs, name):
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self.call(f"/web/dataset/call_kw/{model}/{method}", params, name)


class HeadOffice(_RpcUser):
    """HQ works through its list of approved orders: it selects them and confirms them at once, as
    the back office's list view does with a multi-select (one ``sale.order.action_confirm`` call on
    the selected ids). ``action_confirm`` checks every order of the selection (its approvals, its
    content, the caller's rights) and confirms none when one of them may not be confirmed
    (dms_order's ``test_batch_confirm``); over the credit limit an order goes to the credit-hold
    queue instead. Confirmations are counted from the database (run.py / check.py): orders
    confirmed during the run with all their approvals."""

    fixed_count = 1
    wait_time = between(0.2, 0.8)

    def on_start(self):
        self.account = SEED["back_office"]["hq"]
        super().on_start()

    @task
    def confirm(self):
        approved = self.api("GET", "/orders?state=approved&limit=20", "api: approved orders")
        ids = [order["id"] for order in (approved or {}).get("orders", [])]
        if ids:
            self.call_kw("sale.order", "action_confirm", [ids], {}, "rpc: confirm selected orders")


class Warehouse(_RpcUser):
    fixed_count = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.account = SEED["back_office"]["warehouse"]
        super().on_start()

    @task
    def ship(self):
        pickings = self.call_kw(
            "stock.picking",
            "search_read",
            [
                [
                    ("state", "=", "assigned"),
                    ("picking_type_code", "=", "outgoing"),
                    ("sale_id.dms_state", "=", "confirmed"),
                    # the load's orders: the demo's own deliveries are short of stock and ask for a backorder
                    # (the warehouse reaches them whenever it has caught up with the dealers)
                    ("sale_id.partner_id.commercial_partner_id", "in", SEED["dealer_ids"]),
                ]
            ],
            {"fields": ["id"], "limit": 5},
            "rpc: deliveries to ship",
        )
        for picking in pickings or []:
            result = self.call_kw("stock.picking", "button_validate", [[picking["id"]]], {}, "rpc: validate delivery")
            if isinstance(result, dict) and result.get("res_model") == "confirm.stock.sms":
                # the first delivery to a customer with a phone asks once whether customers are texted
                # (stock_sms): the warehouse answers no, as a user answers that dialog once for the company,
                # and the delivery is validated by that answer
                context = result.get("context") or {}
                name = "rpc: answer the SMS question (once)"
                # the dialog shows the question the server already created (its res_id), as the web client does
                result = self.call_kw(
                    "confirm.stock.sms", "dont_send_sms", [[result["res_id"]]], {"context": context}, name
                )
            if isinstance(result, dict):
                # any other dialog leaves the delivery undone: an error, never a silent success
                self.environment.events.request.fire(
                    request_type="CHECK",
                    name="rpc: validate delivery left a dialog open",
                    response_time=0,
                    response_length=0,
                    exception=AssertionError(f"button_validate answered {result.get('res_model')}"),
                    context={},
                )
