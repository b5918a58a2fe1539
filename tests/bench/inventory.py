#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the channel inventory (issue 13: dms_inventory).

In a rolled-back transaction, builds D dealers (spread over R regions) x P products and M months of
channel ledger (one sell-in and one sell-out move per dealer, product and month, written in bulk with
SQL, with the matching ``dms.channel.stock`` rows), then measures, for growing numbers of dealers
(``--growth``, subsets of the D dealers):

* the inventory view by region (``dms.inventory.report._read_group`` by region, as HQ);
* a full alert run (``dms.inventory.alert._scan``: cover, slow-moving, near-expiry, activities);
* a full proposal run (``dms.inventory.proposal._propose``: cover, packaging, prices, credit);

each with time, SQL queries and peak Python memory (tracemalloc), and the ratios between sizes:
linear work keeps time/dealer and queries/dealer flat.

Usage (the database gets dms_inventory installed if it is missing)::

    bin/dms bench inventory                                       # defaults: a few minutes
    bin/dms bench inventory --dealers 5000 --products 500 --months 24 --growth 1000,2500,5000
"""

import resource
import statistics
import sys
import time
import tracemalloc

from _common import BenchError, bench_parser, load_env


def parse_args():
    parser = bench_parser(__doc__)
    parser.set_defaults(repeat=3)
    parser.add_argument("--dealers", type=int, default=500)
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--regions", type=int, default=6)
    parser.add_argument("--growth", default="", help="dealer counts to measure (default: D/4, D/2, D)")
    return parser.parse_args()


def measure(fn, repeat, rollback=None):
    """(median ms, queries of one run, peak MiB of one run)."""
    import odoo

    times, queries, peak = [], 0, 0.0
    for _ in range(repeat):
        tracemalloc.start()
        before = odoo.sql_db.sql_counter
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        queries = odoo.sql_db.sql_counter - before
        peak = max(peak, tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
        if rollback:
            rollback()
    return statistics.median(times), queries, peak


def build(env, cr, args):
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    Territory = env["dms.territory"]
    hq = Territory.create({"name": "Bench HQ", "code": "B-HQ", "territory_type": "hq"})
    regions = Territory.create(
        [
            {"name": f"Bench Region {i}", "code": f"B-R{i}", "territory_type": "region", "parent_id": hq.id}
            for i in range(args.regions)
        ]
    )
    dealers = Partner.browse()
    for start in range(0, args.dealers, 2000):
        dealers |= Partner.create(
            [
                {
                    "name": f"Bench INV{i}",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                    "territory_id": regions[i % len(regions)].id,
                    "dms_vmi_enabled": True,
                }
                for i in range(start, min(start + 2000, args.dealers))
            ]
        )
        env.flush_all()
    products = env["product.product"].create(
        [
            {"name": f"Bench INV product {i}", "type": "consu", "is_storable": True, "list_price": 10.0 + i % 7}
            for i in range(args.products)
        ]
    )
    env["product.packaging"].create(
        [{"name": "case", "product_id": p.id, "qty": 12} for p in products[: len(products) // 2]]
    )
    env.flush_all()
    # sell-in 100 a month, sell-out 60..100 a month by (dealer + product) % 3 (some build up stock);
    # one pair in five missed this month's sell-in: below safety stock, so proposals and alerts have work
    # the rows reference dealers and products just made: skip the per-row foreign-key triggers while
    # loading (needs a PostgreSQL superuser; rolled back with the rest)
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cr.fetchone()[0]:
        cr.execute("SET LOCAL session_replication_role = replica")
    cr.execute(
        """
        INSERT INTO dms_channel_stock_move (dealer_id, product_id, kind, qty, date, company_id, reference,
                                            create_uid, create_date, write_uid, write_date)
        SELECT d, p, k.kind, CASE WHEN k.kind = 'sell_in' THEN 100.0 ELSE -(100.0 - 20 * ((d + p) %% 3)) END,
               (now() AT TIME ZONE 'UTC') - make_interval(months => m) + make_interval(days => k.day),
               %(company)s, 'bench', 1, now(), 1, now()
          FROM unnest(%(dealers)s) d, unnest(%(products)s) p, generate_series(0, %(last)s) m,
               (VALUES ('sell_in', 0), ('sell_out', 10)) AS k(kind, day)
         WHERE NOT (m = 0 AND k.day > 0) AND NOT (m = 0 AND (d + p) %% 5 = 0)
        """,
        {"company": env.company.id, "dealers": dealers.ids, "products": products.ids, "last": args.months - 1},
    )
    cr.execute(
        """
        INSERT INTO dms_channel_stock (dealer_id, product_id, qty_on_hand, company_id,
                                       create_uid, create_date, write_uid, write_date)
        SELECT dealer_id, product_id, SUM(qty), company_id, 1, now(), 1, now()
          FROM dms_channel_stock_move WHERE reference = 'bench'
      GROUP BY dealer_id, product_id, company_id
        """
    )
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute("ANALYZE dms_channel_stock_move")
    cr.execute("ANALYZE dms_channel_stock")
    cr.execute("SELECT count(*) FROM dms_channel_stock_move")
    rows = cr.fetchone()[0]
    env.invalidate_all()
    return dealers, regions, rows


def main():
    args = parse_args()
    try:
        odoo, registry = load_env(args, "dms_inventory")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    from odoo import SUPERUSER_ID, api

    sizes = sorted({int(s) for s in args.growth.split(",") if s.strip()}) or sorted(
        {max(1, args.dealers // 4), max(1, args.dealers // 2), args.dealers}
    )
    sizes = [s for s in sizes if s <= args.dealers]
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        )
        start = time.perf_counter()
        dealers, _regions, rows = build(env, cr, args)
        print(
            f"{args.dealers} dealers x {args.products} products x {args.months} months: {rows} ledger rows, "
            f"built in {time.perf_counter() - start:.1f} s (rolled back at the end)",
            flush=True,
        )
        company = env.company
        Report = env["dms.inventory.report"]
        Alert = env["dms.inventory.alert"].sudo()
        Proposal = env["dms.inventory.proposal"].sudo()
        results = []
        for size in sizes:
            subset = dealers[:size].ids

            def view(subset=subset):
                env.invalidate_all()
                return Report._read_group([("dealer_id", "in", subset)], ["region_id", "level"], ["qty:sum"])

            def alerts(row, subset=subset):
                """The first run (every alert new) and a rerun (every alert open: refreshed), rolled back."""
                sp = cr.savepoint()

                def scan():
                    Alert._scan(company, dealer_ids=subset)
                    env.flush_all()

                row["alerts"] = measure(scan, 1)
                env.invalidate_all()
                row["rerun"] = measure(scan, 1)
                cr.execute("SELECT count(*) FROM dms_inventory_alert WHERE active")
                row["open"] = cr.fetchone()[0]
                sp.close(rollback=True)
                env.invalidate_all()

            def proposals(subset=subset):
                sp = cr.savepoint()
                made = Proposal._propose(company, dealer_ids=subset)
                env.flush_all()
                proposals.count = len(made)
                sp.close(rollback=True)
                env.invalidate_all()

            row = {"dealers": size}
            row["view"] = measure(view, args.repeat)
            alerts(row)
            row["proposals"] = measure(proposals, 1)
            row["made"] = getattr(proposals, "count", 0)
            results.append(row)
            print(
                f"[{size} dealers] "
                + ", ".join(
                    f"{k} {row[k][0]:.0f} ms {row[k][1]} q {row[k][2]:.1f} MiB"
                    for k in ("view", "alerts", "rerun", "proposals")
                )
                + f", open alerts {row['open']}, made {row['made']}",
                flush=True,
            )
        header = (
            f"{'dealers':>7} | {'operation':<22} | {'ms':>9} | {'queries':>7} | {'peak MiB':>8} | ms/dealer | q/dealer"
            " | us/pair"
        )
        print(header)
        print("-" * len(header))
        for row in results:
            for key, label in (
                ("view", "inventory by region"),
                ("alerts", "full alert run"),
                ("rerun", "alert rerun (all open)"),
                ("proposals", "full proposal run"),
            ):
                ms, queries, peak = row[key]
                print(
                    f"{row['dealers']:>7} | {label:<22} | {ms:>9.1f} | {queries:>7} | {peak:>8.1f} | "
                    f"{ms / row['dealers']:>9.2f} | {queries / row['dealers']:>8.2f} | "
                    f"{ms * 1000 / (row['dealers'] * args.products):>7.1f}"
                )
            print(f"{'':>7} | open alerts: {row['open']}, proposals made: {row['made']}")
        steps = list(zip(results, results[1:], strict=False))
        if len(results) > 2:
            steps.append((results[0], results[-1]))
        for first, last in steps:
            grow = last["dealers"] / first["dealers"]
            print(f"growth x{grow:.1f} dealers ({first['dealers']} -> {last['dealers']}):")
            for key in ("view", "alerts", "rerun", "proposals"):
                t0, q0, m0 = first[key]
                t1, q1, m1 = last[key]
                print(
                    f"  {key:<10} time x{t1 / t0 if t0 else 0:.2f}, queries x{q1 / q0 if q0 else 0:.2f}, "
                    f"peak memory x{m1 / m0 if m0 else 0:.2f}"
                )
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory of the process (data build included): {peak_rss:.0f} MiB")
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
