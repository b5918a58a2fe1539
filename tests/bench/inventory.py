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
    bin/dms bench inventory --dealers 5000 --products 500 --months 24 --growth 1000,5000 --keep

``--keep`` builds the data once, committed, in the benchmark's own database (120 M ledger rows at
5,000 x 500 x 24: resumable by chunks of dealers, the ledger's secondary indexes dropped while loading
and rebuilt after) and reuses it on the next run of the same shape; the measured runs are still rolled
back. Without it, everything is built and rolled back in one transaction. Peak memory is the growth of
the process's resident memory above its level at the start of the run (sampled every 20 ms), which does
not slow the run as tracemalloc would; ``--tracemalloc`` measures Python's own peak instead.
"""

import resource
import statistics
import sys
import threading
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
    parser.add_argument("--keep", action="store_true", help="build once, committed; reuse on the next run")
    parser.add_argument("--chunk", type=int, default=250, help="dealers per ledger chunk with --keep")
    parser.add_argument("--tracemalloc", action="store_true", help="peak memory by tracemalloc (slower)")
    parser.add_argument("--skip", default="", help="runs not to measure: view,alerts,proposals")
    return parser.parse_args()


_PAGE = 4096


def _rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE / 2**20


class RssPeak:
    """Peak resident memory above the level at ``start``, sampled by a thread (MiB)."""

    def __enter__(self):
        self.base = self.peak = _rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss_mib())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mib())
        self.growth = self.peak - self.base


TRACEMALLOC = []


def measure(fn, repeat, rollback=None):
    """(median ms, queries of one run, peak MiB of one run)."""
    import odoo

    times, queries, peak = [], 0, 0.0
    for _ in range(repeat):
        if TRACEMALLOC:
            tracemalloc.start()
        before = odoo.sql_db.sql_counter
        with RssPeak() as rss:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = odoo.sql_db.sql_counter - before
        if TRACEMALLOC:
            peak = max(peak, tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
        else:
            peak = max(peak, rss.growth)
        if rollback:
            rollback()
    return statistics.median(times), queries, peak


def _network(env, args):
    """The bench's territories, dealers (spread over the regions, opted in to VMI) and products."""
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
    return dealers, regions, products


def _ledger(cr, company_id, dealer_ids, product_ids, months):
    """The ledger and stock rows of ``dealer_ids`` x ``product_ids`` x ``months``, in bulk.

    Sell-in 100 a month, sell-out 60..100 a month by (dealer + product) % 3 (some build up stock); one
    pair in five missed this month's sell-in: below safety stock, so proposals and alerts have work.
    The rows reference dealers and products just made: the per-row foreign-key triggers are skipped
    while loading (needs a PostgreSQL superuser).
    """
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cr.fetchone()[0]:
        cr.execute("SET LOCAL session_replication_role = replica")
    # one statement: the stock rows are the sums of the ledger rows it inserts
    cr.execute(
        """
        WITH moves AS (
            INSERT INTO dms_channel_stock_move (dealer_id, product_id, kind, qty, date, company_id, reference,
                                                create_uid, create_date, write_uid, write_date)
            SELECT d, p, k.kind,
                   CASE WHEN k.kind = 'sell_in' THEN 100.0 ELSE -(100.0 - 20 * ((d + p) %% 3)) END,
                   (now() AT TIME ZONE 'UTC') - make_interval(months => m) + make_interval(days => k.day),
                   %(company)s, 'bench', 1, now(), 1, now()
              FROM unnest(%(dealers)s) d, unnest(%(products)s) p, generate_series(0, %(last)s) m,
                   (VALUES ('sell_in', 0), ('sell_out', 10)) AS k(kind, day)
             WHERE NOT (m = 0 AND k.day > 0) AND NOT (m = 0 AND (d + p) %% 5 = 0)
         RETURNING dealer_id, product_id, qty
        )
        INSERT INTO dms_channel_stock (dealer_id, product_id, qty_on_hand, company_id,
                                       create_uid, create_date, write_uid, write_date)
        SELECT dealer_id, product_id, SUM(qty), %(company)s, 1, now(), 1, now()
          FROM moves
      GROUP BY dealer_id, product_id
        """,
        {"company": company_id, "dealers": dealer_ids, "products": product_ids, "last": months - 1},
    )
    cr.execute("SET LOCAL session_replication_role = DEFAULT")


def build(env, cr, args):
    dealers, regions, products = _network(env, args)
    _ledger(cr, env.company.id, dealers.ids, products.ids, args.months)
    cr.execute("ANALYZE dms_channel_stock_move")
    cr.execute("ANALYZE dms_channel_stock")
    cr.execute("SELECT count(*) FROM dms_channel_stock_move")
    rows = cr.fetchone()[0]
    env.invalidate_all()
    return dealers, regions, rows


PARAM = "dms_bench.inventory"


def build_kept(registry, args):
    """Build the data once, committed and resumable (``--keep``); returns the dealer ids."""
    import json

    from odoo import SUPERUSER_ID, api

    shape = f"{args.dealers}x{args.products}x{args.months}x{args.regions}"
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        state = json.loads(env["ir.config_parameter"].get_param(PARAM) or "{}")
        if state and state.get("shape") != shape:
            raise SystemExit(
                f"bench: {args.db} holds kept data of shape {state.get('shape')}, not {shape}: use another --db"
            )
        if not state:
            dealers, _regions, products = _network(env, args)
            state = {"shape": shape, "dealers": dealers.ids, "products": products.ids, "done": 0}
            env["ir.config_parameter"].set_param(PARAM, json.dumps(state))
            cr.commit()
        if state.get("complete"):
            return state["dealers"]
        company_id = env.company.id
        if "indexes" not in state:
            # secondary indexes (not the primary key, not those behind constraints) are dropped while
            # loading and rebuilt once at the end: much faster than maintaining them row by row
            cr.execute(
                """
                SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
                  JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = 'dms_channel_stock_move'::regclass AND NOT i.indisprimary
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                """
            )
            state["indexes"] = cr.fetchall()
            for name, _definition in state["indexes"]:
                cr.execute(f'DROP INDEX IF EXISTS "{name}"')
            env["ir.config_parameter"].set_param(PARAM, json.dumps(state))
            cr.commit()
        dealer_ids = state["dealers"]
        chunks = range(state["done"], len(dealer_ids), args.chunk)
        for start in chunks:
            begin = time.perf_counter()
            _ledger(cr, company_id, dealer_ids[start : start + args.chunk], state["products"], args.months)
            state["done"] = start + args.chunk
            env["ir.config_parameter"].set_param(PARAM, json.dumps(state))
            cr.commit()
            print(
                f"  ledger: {min(state['done'], len(dealer_ids))} of {len(dealer_ids)} dealers "
                f"({time.perf_counter() - begin:.0f} s for this chunk)",
                flush=True,
            )
        cr.execute("SET maintenance_work_mem = '2GB'")
        for name, definition in state["indexes"]:
            begin = time.perf_counter()
            cr.execute(
                definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1).replace(
                    "CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX IF NOT EXISTS", 1
                )
            )
            cr.commit()
            print(f"  index {name} rebuilt in {time.perf_counter() - begin:.0f} s", flush=True)
        cr.execute("ANALYZE dms_channel_stock_move")
        cr.execute("ANALYZE dms_channel_stock")
        state["complete"] = True
        env["ir.config_parameter"].set_param(PARAM, json.dumps(state))
        cr.commit()
        return dealer_ids


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
    if args.tracemalloc:
        TRACEMALLOC.append(True)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    kept_ids = None
    if args.keep:
        start = time.perf_counter()
        kept_ids = build_kept(registry, args)
        print(f"kept data ready in {time.perf_counter() - start:.1f} s", flush=True)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        )
        start = time.perf_counter()
        if kept_ids is None:
            dealers, _regions, rows = build(env, cr, args)
        else:
            dealers = env["res.partner"].browse(kept_ids)
            cr.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'dms_channel_stock_move'")
            rows = cr.fetchone()[0]
        print(
            f"{args.dealers} dealers x {args.products} products x {args.months} months: {rows} ledger rows, "
            + (
                "kept from an earlier run"
                if kept_ids is not None
                else f"built in {time.perf_counter() - start:.1f} s (rolled back at the end)"
            ),
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

            row = {"dealers": size, "open": 0, "made": 0}
            none = (0.0, 0, 0.0)
            row["view"] = measure(view, args.repeat) if "view" not in skip else none
            if "alerts" not in skip:
                alerts(row)
            else:
                row["alerts"] = row["rerun"] = none
            row["proposals"] = measure(proposals, 1) if "proposals" not in skip else none
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
