#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of every dealer portal page (desktop and phone width) with headless Chromium.

Logs in through /web/login with requests, hands the session cookie to Chromium over the
DevTools protocol and captures each page into docs/screenshots/ as ``<page>_<desktop|phone>.png``.
Pages reached through a record (an order, a statement, an agreement) take the first one listed;
``--fill-cart`` puts the first catalog product in the cart so that the checkout can be shown.

Against a running server on a demo database (dist.east1 works in Chinese, zh_CN):

    python tools/screenshots.py --base http://127.0.0.1:8899 --db dms_demo \
        --login dist.east1 --password dist.east1 --fill-cart --out docs/screenshots
"""

import argparse
import base64
import json
import os
import re
import subprocess
import tempfile
import time

import requests
import websocket

#: (name, path); a path with ``{first:<list path>:<pattern>}`` opens the first record of that list
PAGES = [
    ("home", "/my"),
    ("dashboard", "/my/dms"),
    ("catalog", "/my/dms/catalog"),
    ("cart", "/my/dms/cart"),
    ("checkout", "/my/dms/cart/checkout"),
    ("orders", "/my/dms/orders"),
    ("order", "{first:/my/dms/orders:/my/dms/orders/(\\d+)}"),
    ("statements", "/my/dms/statements"),
    ("statement", "{first:/my/dms/statements:/my/dms/statements/(\\d+)}"),
    ("customers", "/my/dms/customers"),
    ("users", "/my/dms/users"),
    ("profile", "/my/dms/profile"),
    ("agreements", "/my/dealer_agreements"),
    ("agreement", "{first:/my/dealer_agreements:/my/dealer_agreements/(\\d+)}"),
    # pages of the addons above the portal (payment, fapiao, return, channel, inventory, analytics)
    ("prepayment", "/my/dms/prepayment"),
    ("fapiao", "/my/dms/fapiao"),
    ("returns", "/my/dms/returns"),
    ("return", "{first:/my/dms/returns:/my/dms/returns/(\\d+)}"),
    ("channel_orders", "/my/channel"),
    ("channel_order", "{first:/my/channel:/my/channel/(\\d+)}"),
    ("channel_stock", "/my/channel/stock"),
    ("channel_accounts", "/my/channel/accounts"),
    ("channel_sellout", "/my/channel/sellout"),
    ("inventory", "/my/inventory"),
    ("analytics", "/my/dms/analytics"),
    ("forecast", "/my/dms/forecast"),
    ("apply", "/dealer/apply"),
    # service, engagement, leads, marketing funds
    ("tickets", "/my/tickets"),
    ("ticket", "{first:/my/tickets:/my/tickets/(\\d+)}"),
    ("announcements", "/my/announcements"),
    ("announcement", "{first:/my/announcements:/my/announcements/(\\d+)}"),
    ("knowledge", "/my/knowledge"),
    ("tasks", "/my/tasks"),
    ("task", "{first:/my/tasks:/my/tasks/(\\d+)}"),
    ("leads", "/my/leads"),
    ("lead", "{first:/my/leads:/my/leads/(\\d+)}"),
    ("mdf", "/my/mdf"),
    ("mdf_activity", "{first:/my/mdf:/my/mdf/activity/(\\d+)}"),
    # back office (log in as hq or a regional manager, e.g. --login hq --pages channel_overview --wait 8)
    ("channel_overview", "/odoo/dms-channel-overview"),
]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def login(base, db, user, password):
    session = requests.Session()
    page = session.get(f"{base}/web/login", params={"db": db}).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(f"{base}/web/login", data={"login": user, "password": password, "csrf_token": csrf, "db": db})
    return session


def resolve(session, base, path):
    """The URL of ``path``, the first record of a list for ``{first:...}`` paths (None if there is none)."""
    match = re.fullmatch(r"\{first:([^:]+):(.+)\}", path)
    if not match:
        return base + path
    found = re.search(match.group(2), session.get(base + match.group(1)).text)
    return f"{base}{found.group(0)}" if found else None


def fill_cart(session, base, sku=None, qty="10", wallet=None):
    """Put ``qty`` of the product ``sku`` (default: the first of the catalog) in the cart, so that the
    checkout has lines (and, with a promoted product, its promotion)."""
    page = session.get(f"{base}/my/dms/catalog", params={"search": sku} if sku else None).text
    product = re.search(r'name="product_id" value="(\d+)"', page)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if product and csrf:
        session.post(
            f"{base}/my/dms/cart/add", data={"product_id": product.group(1), "qty": qty, "csrf_token": csrf.group(1)}
        )
        if wallet:
            session.post(f"{base}/my/dms/cart/wallet", data={"wallet_amount": wallet, "csrf_token": csrf.group(1)})


class Cdp:
    def __init__(self, port):
        for _i in range(50):
            try:
                targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=1).json()
                break
            except requests.RequestException:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.seq = 0

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.seq:
                return message.get("result", {})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--fill-cart", action="store_true", help="add a product to the cart first")
    parser.add_argument("--cart-sku", help="SKU put in the cart by --fill-cart (default: the first product)")
    parser.add_argument("--cart-qty", default="10")
    parser.add_argument("--cart-wallet", help="rebate wallet amount used on the cart by --fill-cart")
    parser.add_argument("--max-height", type=int, default=3000, help="full-page captures up to this height")
    parser.add_argument("--wait", type=float, default=1.5, help="seconds to wait after a page loaded")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    session = login(args.base, args.db, args.login, args.password)
    if args.fill_cart:
        fill_cart(session, args.base, args.cart_sku, args.cart_qty, args.cart_wallet)
    sid = session.cookies.get("session_id")
    urls = {
        name: resolve(session, args.base, path)
        for name, path in PAGES
        if not args.pages or name in args.pages.split(",")
    }
    port = 9333
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        cdp = Cdp(port)
        cdp.call("Network.enable")
        cdp.call("Network.setCookie", name="session_id", value=sid, url=args.base + "/")
        for size_name, (width, height) in SIZES.items():
            cdp.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=size_name == "phone",
            )
            for name, url in urls.items():
                if not url:
                    print(f"{name}: nothing to show (no record)")
                    continue
                cdp.call("Page.navigate", url=url)
                for _i in range(60):
                    time.sleep(0.5)
                    state = cdp.call("Runtime.evaluate", expression="document.readyState").get("result", {})
                    if state.get("value") == "complete":
                        break
                time.sleep(args.wait)
                # the whole page, up to --max-height (the viewport keeps the device width)
                full = cdp.call("Runtime.evaluate", expression="document.documentElement.scrollHeight")
                page_height = min(int(full.get("result", {}).get("value") or height), args.max_height)
                cdp.call(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=max(page_height, height),
                    deviceScaleFactor=1,
                    mobile=size_name == "phone",
                )
                time.sleep(0.5)
                shot = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
                cdp.call(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=height,
                    deviceScaleFactor=1,
                    mobile=size_name == "phone",
                )
                target = os.path.join(args.out, f"{args.prefix}{name}_{size_name}.png")
                with open(target, "wb") as handle:
                    handle.write(base64.b64decode(shot["data"]))
                print(target)
    finally:
        chrome.terminate()
        chrome.wait(timeout=10)


if __name__ == "__main__":
    main()
