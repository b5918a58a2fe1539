#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the dealer portal (desktop and phone width) with headless Chromium.

Logs in through /web/login with requests, hands the session cookie to Chromium over the
DevTools protocol and captures full pages into docs/screenshots/.

    python tests/bench/portal_screenshots.py --base http://127.0.0.1:8899 --db h_portal_demo \
        --login dist.east1 --password dist.east1 --out docs/screenshots
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

PAGES = [
    ("dashboard", "/my/dms"),
    ("catalog", "/my/dms/catalog"),
    ("cart", "/my/dms/cart"),
    ("orders", "/my/dms/orders"),
    ("statements", "/my/dms/statements"),
    ("customers", "/my/dms/customers"),
    ("home", "/my"),
]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def login(base, db, user, password):
    session = requests.Session()
    page = session.get(f"{base}/web/login", params={"db": db}).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(f"{base}/web/login", data={"login": user, "password": password, "csrf_token": csrf, "db": db})
    return session.cookies.get("session_id")


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
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sid = login(args.base, args.db, args.login, args.password)
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
            for name, path in PAGES:
                if args.pages and name not in args.pages.split(","):
                    continue
                cdp.call("Page.navigate", url=args.base + path)
                for _i in range(60):
                    time.sleep(0.5)
                    state = cdp.call("Runtime.evaluate", expression="document.readyState").get("result", {})
                    if state.get("value") == "complete":
                        break
                time.sleep(1.5)
                shot = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
                target = os.path.join(args.out, f"{args.prefix}{name}_{size_name}.png")
                with open(target, "wb") as handle:
                    handle.write(base64.b64decode(shot["data"]))
                print(target)
    finally:
        chrome.terminate()
        chrome.wait(timeout=10)


if __name__ == "__main__":
    main()
