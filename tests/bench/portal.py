#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the dealer portal order list (dms_portal).

Builds (once) a distributor with N sub-dealers and M sale orders with SQL bulk
inserts on a database where dms_portal is installed, starts an Odoo server on a
free port, logs in as the distributor's portal administrator and prints the time
of /my/dms/orders (first page and a deep page) and of the dashboard.

    python tests/bench/portal.py --config ~/odoo/odoo.conf --addons-path /work/main/addons \
        --db h_portal_bench --orders 100000 --subdealers 50

The database is created and dms_portal installed (without demo) when it does not exist.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time

import requests

ODOO_BIN = os.path.expanduser("~/odoo/src/odoo-bin")
PYTHON = os.path.expanduser("~/odoo/venv/bin/python")
LOGIN = "bench_portal_admin"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_cmd(args, *extra):
    return [PYTHON, ODOO_BIN, "-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db, *extra]


def ensure_db(args):
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "odoo", "-lqt"], capture_output=True, text=True, check=True
    ).stdout
    if not any(line.split("|")[0].strip() == args.db for line in exists.splitlines()):
        print(f"creating {args.db} with dms_portal ...", flush=True)
        subprocess.run(odoo_cmd(args, "-i", "dms_portal", "--without-demo=all", "--stop-after-init"), check=True)


def build_data(args):
    sys.path.insert(0, os.path.dirname(ODOO_BIN))
    import odoo
    from odoo.tools import SQL

    odoo.tools.config.parse_config(["-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        dist = env["res.partner"].search([("ref", "=", "BENCH-DIST")], limit=1)
        if not dist:
            dist = env["res.partner"].create(
                {
                    "name": "Bench Distributor",
                    "ref": "BENCH-DIST",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            env["res.partner"].create(
                [
                    {
                        "name": f"Bench Sub {i:03d}",
                        "ref": f"BENCH-SUB-{i:03d}",
                        "is_company": True,
                        "is_dealer": True,
                        "dealer_type": "sub_dealer",
                        "dealer_state": "active",
                        "dealer_parent_id": dist.id,
                    }
                    for i in range(args.subdealers)
                ]
            )
            contact = env["res.partner"].create({"name": "Bench Admin", "parent_id": dist.id, "email": "b@example.com"})
            env["res.users"].with_context(no_reset_password=True).create(
                {
                    "login": LOGIN,
                    "password": LOGIN,
                    "partner_id": contact.id,
                    "groups_id": [
                        (6, 0, [env.ref("base.group_portal").id, env.ref("dms_dealer.group_dms_portal_admin").id])
                    ],
                }
            )
        dealers = env["res.partner"].search([("dealer_path", "=like", f"{dist.dealer_path}%")])
        existing = env["sale.order"].search_count([("dealer_id", "in", dealers.ids)])
        missing = args.orders - existing
        if missing > 0:
            print(f"inserting {missing} orders for {len(dealers)} dealers ...", flush=True)
            company = env.company
            env.flush_all()
            cr.execute(
                SQL(
                    """
                    INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, dealer_id,
                        company_id, currency_id, date_order, state, amount_total, amount_untaxed, amount_tax,
                        dms_portal_cart, create_uid, write_uid, create_date, write_date, invoice_status,
                        require_signature, require_payment, dms_state, picking_policy)
                    SELECT 'BENCH/' || lpad(g::text, 7, '0'), d.id, d.id, d.id, d.id, %(company)s, %(currency)s,
                           now() - (g || ' minutes')::interval, 'sale', 100 + mod(g, 900), 100 + mod(g, 900), 0,
                           false, 1, 1, now(), now(), 'no', false, false, 'confirmed', 'direct'
                    FROM generate_series(%(start)s, %(stop)s) g
                    JOIN LATERAL (SELECT (%(ids)s)[1 + mod(g, %(n)s)] AS id) d ON true
                    """,
                    company=company.id,
                    currency=company.currency_id.id,
                    start=existing + 1,
                    stop=args.orders,
                    ids=list(dealers.ids),
                    n=len(dealers),
                )
            )
            cr.execute("ANALYZE sale_order")
        cr.commit()
        return len(dealers)


def measure(args):
    port = free_port()
    server = subprocess.Popen(
        odoo_cmd(args, f"--http-port={port}", "--workers=0", "--max-cron-threads=0", "--log-level=warn"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _i in range(120):
            try:
                requests.get(f"{base}/web/login", timeout=2)
                break
            except requests.RequestException:
                time.sleep(1)
        session = requests.Session()
        page = session.get(f"{base}/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        session.post(f"{base}/web/login", data={"login": LOGIN, "password": LOGIN, "csrf_token": csrf})
        results = {}
        for label, url in (
            ("order list page 1", "/my/dms/orders"),
            ("order list page 100", "/my/dms/orders/page/100"),
            ("order list search", "/my/dms/orders?search=BENCH/00099"),
            ("dashboard", "/my/dms"),
        ):
            session.get(base + url)  # warm-up
            timings = []
            for _i in range(args.repeat):
                start = time.perf_counter()
                response = session.get(base + url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                assert "o_dms_" in response.text
            results[label] = (statistics.median(timings), max(timings))
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=os.path.expanduser("~/odoo/odoo.conf"))
    parser.add_argument("--addons-path", default="/work/main/addons")
    parser.add_argument("--db", default="h_portal_bench")
    parser.add_argument("--orders", type=int, default=100000)
    parser.add_argument("--subdealers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_db(args)
    dealers = build_data(args)
    results = measure(args)
    print(f"db={args.db} dealers={dealers} orders>={args.orders} repeat={args.repeat}")
    for label, (median, worst) in results.items():
        print(f"{label:24s} median {median:8.1f} ms   max {worst:8.1f} ms")


if __name__ == "__main__":
    main()
