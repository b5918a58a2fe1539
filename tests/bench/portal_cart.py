#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the portal's add-to-cart and submit (dms_portal), as the load test does them.

Runs on a database with demo data (``bin/dms init``; the load test's ``dms_load`` does too): the
portal user ``dist.east1`` adds 3 products to an empty cart, 3 more to that cart, changes one
quantity, then submits (checkout + submit into order control), each step timed with its SQL
queries; everything is rolled back after each repeat. ``--profile`` prints cProfile's top
functions (cumulative) of one repeat.

    python tests/bench/portal_cart.py --config $DMS_STATE_DIR/odoo.conf --db dms_load --repeat 5
"""

import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BenchError, bench_parser, load_env  # noqa: E402

STEPS = ("add 3 lines (new cart)", "add 3 more lines", "change one quantity", "checkout + submit")


def run_once(odoo, registry, profile=None):
    """``{step: (ms, queries)}`` of one add / add / change / submit, rolled back."""
    from odoo import SUPERUSER_ID, api

    out = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", "dist.east1")], limit=1)
        if not user:
            raise BenchError("bench: no user dist.east1 (a database with demo data is needed)")
        env = env(user=user.id, context=dict(user.context_get(), tracking_disable=False))
        dealer = user.partner_id.commercial_partner_id
        items = dealer._dms_portal_catalog_items()
        skus = sorted(sku for sku, item in items.items() if item.availability != "out")[:7]
        products = [items[sku].product_id for sku in skus]
        shipping = dealer._dms_portal_delivery_addresses()[:1].id or None
        SaleOrder = env["sale.order"]
        env.flush_all()
        env.invalidate_all()

        def step(name, fn):
            before = odoo.sql_db.sql_counter
            start = time.perf_counter()
            if profile:
                profile.enable()
            result = fn()
            env.flush_all()
            if profile:
                profile.disable()
            out[name] = ((time.perf_counter() - start) * 1000, odoo.sql_db.sql_counter - before)
            return result

        def add(quantities):
            cart = SaleOrder._dms_portal_get_cart(dealer, create=True)
            cart._dms_portal_add_products(quantities)
            return cart

        cart = step(STEPS[0], lambda: add({pid: 12.0 for pid in products[:3]}))
        step(STEPS[1], lambda: add({pid: 6.0 for pid in products[3:6]}))

        def change():
            line = cart._dms_portal_product_lines()[:1]
            line.product_uom_qty = 24.0
            cart._dms_portal_cart_changed()

        step(STEPS[2], change)

        def submit():
            cart._dms_portal_checkout(shipping_id=shipping)
            cart._dms_portal_submit()

        step(STEPS[3], submit)
        cr.rollback()
    return out


def print_slow_queries(odoo, registry, count):
    """The ``count`` slowest SQL statements of one repeat (ms, step-independent)."""
    seen = []
    original = odoo.sql_db.Cursor.execute

    def execute(self, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return original(self, query, params, log_exceptions)
        finally:
            seen.append(((time.perf_counter() - start) * 1000, str(query)))

    odoo.sql_db.Cursor.execute = execute
    try:
        run_once(odoo, registry)
    finally:
        odoo.sql_db.Cursor.execute = original
    print(f"{len(seen)} statements, {sum(ms for ms, _q in seen):.0f} ms in PostgreSQL; the slowest:")
    for ms, query in sorted(seen, reverse=True)[:count]:
        print(f"{ms:8.1f} ms  {' '.join(query.split())[:220]}")


def main():
    parser = bench_parser(__doc__)
    parser.add_argument("--profile", action="store_true", help="cProfile one repeat, print the top 40")
    parser.add_argument("--slow-queries", type=int, default=0, help="print the N slowest queries of one repeat")
    args = parser.parse_args()
    try:
        odoo, registry = load_env(args, "dms_portal")
        run_once(odoo, registry)  # warm the caches (registry, views, ormcache)
        runs = [run_once(odoo, registry) for _i in range(args.repeat)]
    except BenchError as error:
        sys.exit(str(error))
    print(f"{'step':<28} {'median ms':>10} {'queries':>8}")
    for name in STEPS:
        ms = statistics.median(run[name][0] for run in runs)
        print(f"{name:<28} {ms:>10.0f} {runs[-1][name][1]:>8}")
    if args.slow_queries:
        print_slow_queries(odoo, registry, args.slow_queries)
    if args.profile:
        profile = cProfile.Profile()
        run_once(odoo, registry, profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(90)


if __name__ == "__main__":
    main()
