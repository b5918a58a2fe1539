#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the dealer portal: order list, catalog and cart (dms_portal).

Builds (once) a distributor with N sub-dealers, M sale orders and P storable products
(SQL bulk inserts and batched creates) on a database where dms_portal is installed, starts an
Odoo server on a free port, logs in as the distributor's portal administrator and prints the
time and the number of queries of each page.

With ``--before-addons-path`` (e.g. the main branch before the change) the same data is built on
a second database installed from those addons, both are measured in one run and the table
prints the before/after ratio of each page:

    git archive <commit before the change> addons | tar -x -C /tmp/portal_before
    python tests/bench/portal.py --config ~/odoo/odoo.conf --addons-path addons \
        --db h_portal_bench --before-addons-path /tmp/portal_before/addons --before-db h_portal_bench_before \
        --orders 5000 --subdealers 20 --products 3000 --repeat 3

Each database is created and dms_portal installed (without demo) when it does not exist.
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


def with_target(args, addons_path, db):
    return argparse.Namespace(**dict(vars(args), addons_path=addons_path, db=db))


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
        missing_products = args.products - env["product.product"].search_count([("default_code", "=like", "BENCH-%")])
        if missing_products > 0:
            print(f"creating {missing_products} products ...", flush=True)
            categ = env["product.category"].search([("name", "=", "Bench Drinks")], limit=1) or env[
                "product.category"
            ].create({"name": "Bench Drinks"})
            start = args.products - missing_products
            for offset in range(start, args.products, 1000):
                env["product.template"].create(
                    [
                        {
                            "name": f"Bench Drink {i:05d}",
                            "default_code": f"BENCH-{i:05d}",
                            "list_price": 10.0 + i % 50,
                            "categ_id": categ.id,
                            "is_storable": True,
                            "sale_ok": True,
                        }
                        for i in range(offset, min(offset + 1000, args.products))
                    ]
                )
                cr.commit()
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


PAGES = (
    ("order list page 1", "GET", "/my/dms/orders"),
    ("order list page 100", "GET", "/my/dms/orders/page/100"),
    ("order list search", "GET", "/my/dms/orders?search=BENCH/00099"),
    ("dashboard", "GET", "/my/dms"),
    ("catalog page 1", "GET", "/my/dms/catalog"),
    ("catalog page 100", "GET", "/my/dms/catalog/page/100"),
    ("catalog search SKU", "GET", "/my/dms/catalog?search=BENCH-04321"),
    ("add to cart", "POST", "/my/dms/cart/add"),
)

REQUEST_LOG = re.compile(r'"(GET|POST) (\S+) HTTP/[0-9.]+" (\d+) - (\d+) ')


def measure(args):
    """``{label: (median ms, max ms, queries)}`` of each page on ``args.db`` served from ``args.addons_path``."""
    port = free_port()
    logfile = f"/tmp/bench_portal_{args.db}.log"
    if os.path.exists(logfile):
        os.unlink(logfile)
    server = subprocess.Popen(
        odoo_cmd(
            args,
            f"--http-port={port}",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=info",
            f"--logfile={logfile}",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _i in range(180):
            try:
                requests.get(f"{base}/web/login", timeout=2)
                break
            except requests.RequestException:
                time.sleep(1)
        session = requests.Session()
        page = session.get(f"{base}/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        session.post(f"{base}/web/login", data={"login": LOGIN, "password": LOGIN, "csrf_token": csrf})
        catalog = session.get(f"{base}/my/dms/catalog").text
        product_id = re.search(r'name="product_id" value="(\d+)"', catalog).group(1)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', catalog).group(1)
        results = {}
        for label, method, url in PAGES:

            def call(method=method, url=url):
                if method == "POST":
                    data = {"product_id": product_id, "qty": "1", "csrf_token": csrf}
                    return session.post(base + url, data=data, allow_redirects=False)
                return session.get(base + url)

            call()  # warm-up
            timings = []
            for _i in range(args.repeat):
                start = time.perf_counter()
                response = call()
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code in (200, 303), (url, response.status_code)
                assert response.status_code == 303 or "o_dms_" in response.text
            time.sleep(0.2)
            with open(logfile, encoding="utf-8") as log:
                counts = [int(m.group(4)) for m in REQUEST_LOG.finditer(log.read()) if m.group(2) == url]
            results[label] = (statistics.median(timings), max(timings), counts[-1] if counts else 0)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=os.path.expanduser("~/odoo/odoo.conf"))
    parser.add_argument("--addons-path", default="/work/main/addons")
    parser.add_argument("--db", default="h_portal_bench")
    parser.add_argument("--before-addons-path", help="addons of the state before the change (measured too)")
    parser.add_argument("--before-db", default="h_portal_bench_before")
    parser.add_argument("--orders", type=int, default=100000)
    parser.add_argument("--subdealers", type=int, default=50)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    targets = [("after", args)]
    if args.before_addons_path:
        targets.insert(0, ("before", with_target(args, args.before_addons_path, args.before_db)))
    measured = {}
    for name, target in targets:
        ensure_db(target)
        subprocess.run(
            [PYTHON, __file__, "--build-only", target.config, target.addons_path, target.db]
            + [str(target.orders), str(target.subdealers), str(target.products)],
            check=True,
        )
        measured[name] = measure(target)
    print(f"orders>={args.orders} dealers={args.subdealers + 1} products>={args.products} repeat={args.repeat}")
    after = measured["after"]
    before = measured.get("before")
    if before:
        print(
            f"{'page':22s} {'before ms':>10s} {'after ms':>10s} {'ratio':>7s} "
            f"{'before q':>9s} {'after q':>8s} {'ratio':>7s}"
        )
        for label, (median, _worst, queries) in after.items():
            b_median, _b_worst, b_queries = before[label]
            print(
                f"{label:22s} {b_median:10.1f} {median:10.1f} {median / b_median:7.2f} "
                f"{b_queries:9d} {queries:8d} {queries / max(b_queries, 1):7.2f}"
            )
    else:
        for label, (median, worst, queries) in after.items():
            print(f"{label:22s} median {median:8.1f} ms   max {worst:8.1f} ms   {queries} queries")


def build_only(argv):
    """Data built in its own process (one registry per database)."""
    config, addons_path, db, orders, subdealers, products = argv
    args = argparse.Namespace(
        config=config,
        addons_path=addons_path,
        db=db,
        orders=int(orders),
        subdealers=int(subdealers),
        products=int(products),
    )
    build_data(args)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build-only":
        build_only(sys.argv[2:])
    else:
        main()
