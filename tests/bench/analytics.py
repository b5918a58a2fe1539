#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of channel analytics (dms_analytics): the target ranking and the forecast job.

In a rolled-back transaction, builds D dealers under 3 regions x 2 areas, one quarterly target
per dealer with posted sell-in as journal items written by SQL (M months x 3 lines per dealer),
and C categories x M months of imported demand history per dealer, then measures:

* the ranking board: first page (80 rows, best attainment first) for HQ and the region
  grouping (``_read_group`` by region), in ms and queries, at each size;
* the channel overview dashboard (data/files/channel_dashboard.json): every pivot and list it
  names, read the way the web client reads them (``read_group``/``search_read`` as the user),
  for an HQ manager and for the manager of one of the three regions, in ms and queries;
* the forecast job: the time and peak memory of one batch of ``--forecast-dealers`` dealers
  (all their categories), per series, and the extrapolation to every dealer x category.

Usage (the database gets dms_analytics installed if it is missing)::

    bin/dms bench analytics                              # defaults: < 3 min
    bin/dms bench analytics --sizes 500,5000 --categories 20 --months 24

The ratio column compares each size with the first one (growth of the cost with the network).
"""

import base64
import json
import sys
import time
import tracemalloc
from datetime import date

from _common import BenchError, bench_parser, load_env


def parse_args():
    parser = bench_parser(__doc__)
    parser.set_defaults(db="dms_bench_analytics")
    parser.add_argument("--sizes", default="200,1000", help="numbers of dealers, comma separated")
    parser.add_argument("--categories", type=int, default=5)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--forecast-dealers", type=int, default=10)
    return parser.parse_args()


def measure(env, fn, repeat=3):
    """Median ms and queries of ``fn()`` (caches cleared before each run)."""
    times, queries = [], 0
    for _ in range(repeat):
        env.invalidate_all()
        start_q = env.cr.sql_log_count
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        queries = env.cr.sql_log_count - start_q
    times.sort()
    return times[len(times) // 2], queries


def dashboard_reads(env, user):
    """Every read the channel overview board sends to the server, as ``user``."""
    dashboard = env.ref("dms_analytics.dashboard_dms_channel")
    spreadsheet = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
    since = date.today().replace(year=date.today().year - 1)
    reads = []
    for pivot in spreadsheet["pivots"].values():
        (date_field,) = [m["chain"] for m in pivot["fieldMatching"].values() if m["type"] in ("date", "datetime")]
        domain = pivot["domain"] + [(date_field, ">=", since)]
        measures = [m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"]
        groupby = [r["fieldName"] for r in pivot["rows"]]
        Model = env[pivot["model"]].with_user(user)
        reads.append(lambda M=Model, d=domain, f=measures, g=groupby: M.read_group(d, f, g, lazy=False))
    for listing in spreadsheet["lists"].values():
        Model = env[listing["model"]].with_user(user)
        order = ", ".join(f"{o['name']} {'asc' if o['asc'] else 'desc'}" for o in listing["orderBy"])
        reads.append(lambda M=Model, li=listing, o=order: M.search_read(li["domain"], li["columns"], order=o, limit=10))
    for figure in spreadsheet["sheets"][0]["figures"]:
        meta = figure["data"].get("metaData")
        if meta:
            Model = env[meta["resModel"]].with_user(user)
            reads.append(
                lambda M=Model, m=meta: M.read_group([("date", ">=", since)], [m["measure"]], m["groupBy"], lazy=False)
            )
    return lambda: [read() for read in reads]


def dashboard_users(env, regions):
    """An HQ manager and the manager of the first region (its subtree: two areas)."""
    from odoo.tests.common import new_test_user

    hq = new_test_user(env, login="bench_dash_hq", groups="base.group_user,dms_dealer.group_dms_hq_manager")
    region = new_test_user(env, login="bench_dash_region", groups="base.group_user,dms_dealer.group_dms_region_manager")
    regions[0].manager_id = region
    return hq, region


def build(env, dealers, categories, months, today):
    """Dealers, targets, sell-in journal items and imported history, all by SQL where it matters."""
    from dateutil.relativedelta import relativedelta

    Territory = env["dms.territory"]
    hq = Territory.create({"name": "Bench HQ", "territory_type": "hq"})
    areas, regions = [], []
    for r in range(3):
        region = Territory.create({"name": f"Bench Region {r}", "territory_type": "region", "parent_id": hq.id})
        regions.append(region)
        areas += Territory.create(
            [{"name": f"Bench Area {r}-{a}", "territory_type": "area", "parent_id": region.id} for a in range(2)]
        )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench Dealer {i}",
                "is_company": True,
                "is_dealer": True,
                "dealer_type": "distributor",
                "dealer_state": "active",
                "territory_id": areas[i % len(areas)].id,
            }
            for i in range(dealers)
        ]
    )
    categs = env["product.category"].create([{"name": f"Bench Categ {c}"} for c in range(categories)])
    products = env["product.product"].create(
        [{"name": f"Bench Product {c}", "categ_id": categs[c].id} for c in range(categories)]
    )
    env["dms.dealer.target"].create(
        [{"partner_id": p.id, "period_type": "quarter", "period_date": today, "amount": 10000.0} for p in partners]
    )
    # sell-in: one posted invoice line per dealer and month (journal items only, what the reports read)
    move = env["account.move"].create({"move_type": "entry", "date": today})
    account = env["account.account"].search([("account_type", "=", "income")], limit=1)
    first = today.replace(day=1)
    env.cr.execute(
        """
        INSERT INTO account_move_line (move_id, journal_id, company_id, account_id, partner_id, product_id, date,
                                       parent_state, display_type, quantity, balance, debit, credit,
                                       amount_currency, currency_id)
        SELECT %(move)s, %(journal)s, %(company)s, %(account)s, p, %(product)s,
               (%(first)s::date - (m || ' month')::interval)::date, 'posted', 'product',
               10 + (p %% 7), -(1000 + (p %% 13) * 10), 0, 1000 + (p %% 13) * 10, -(1000 + (p %% 13) * 10),
               %(currency)s
          FROM unnest(%(partners)s) p, generate_series(0, %(months)s - 1) m
        """,
        {
            "move": move.id,
            "journal": move.journal_id.id,
            "company": env.company.id,
            "account": account.id,
            "product": products[0].id,
            "first": first,
            "partners": partners.ids,
            "months": months,
            "currency": env.company.currency_id.id,
        },
    )
    env.cr.execute("UPDATE account_move SET move_type = 'out_invoice', state = 'posted' WHERE id = %s", [move.id])
    # imported history: dealers x categories x months
    env.cr.execute(
        """
        INSERT INTO dms_analytics_demand (company_id, dealer_id, categ_id, month, qty)
        SELECT %(company)s, p, c, (%(first)s::date - (m || ' month')::interval)::date,
               100 + 30 * sin(2 * pi() * m / 12.0) + (p %% 5) * 3 + (c %% 3) * 2
          FROM unnest(%(partners)s) p, unnest(%(categs)s) c, generate_series(1, %(months)s) m
        """,
        {"company": env.company.id, "partners": partners.ids, "categs": categs.ids, "first": first, "months": months},
    )
    env.invalidate_all()
    _ = relativedelta
    return partners, categs, areas, regions


def main():
    args = parse_args()
    try:
        odoo, registry = load_env(args, "dms_analytics")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    today = date.today()
    print(f"dms_analytics bench: categories={args.categories} months={args.months}")
    print(f"{'dealers':>8} {'ranking page ms':>16} {'q':>4} {'by region ms':>13} {'q':>4} {'ratio':>6}")
    first_cost = None
    dashboard_rows = []
    forecast_rows = []
    for size in sizes:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            partners, categs, _areas, regions = build(env, size, args.categories, args.months, today)
            Report = env["dms.analytics.target.report"]
            page_ms, page_q = measure(env, lambda Report=Report: Report.search_fetch([], ["attainment"], limit=80))
            group_ms, group_q = measure(
                env, lambda Report=Report: Report._read_group([], ["region_id"], ["actual_amount:sum", "amount:sum"])
            )
            first_cost = first_cost or (page_ms + group_ms)
            ratio = (page_ms + group_ms) / first_cost
            print(f"{size:>8} {page_ms:>16.0f} {page_q:>4} {group_ms:>13.0f} {group_q:>4} {ratio:>6.2f}")
            hq_user, region_user = dashboard_users(env, regions)
            env.flush_all()
            hq_ms, hq_q = measure(env, dashboard_reads(env, hq_user))
            region_ms, region_q = measure(env, dashboard_reads(env, region_user))
            dashboard_rows.append((size, hq_ms, hq_q, region_ms, region_q))
            # forecast job: one batch, all its categories
            Forecast = env["dms.analytics.forecast"]
            batch = partners[: args.forecast_dealers]
            tracemalloc.start()
            start = time.perf_counter()
            Forecast._dms_compute_batch(batch, env.company, today)
            elapsed = time.perf_counter() - start
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            series = len(batch) * args.categories
            per_series = elapsed / series
            # the next night, same month: the history is unchanged, nothing is fitted again
            start = time.perf_counter()
            Forecast._dms_compute_batch(batch, env.company, today)
            rerun = time.perf_counter() - start
            total = size * args.categories * per_series
            forecast_rows.append((size, series, elapsed, per_series, peak, total, rerun / series))
            cr.rollback()
    print()
    print("channel overview dashboard: every pivot, list and chart of the board, read as the user")
    print(f"{'dealers':>8} {'HQ ms':>8} {'q':>4} {'region ms':>10} {'q':>4} {'HQ ratio':>9} {'region ratio':>13}")
    for size, hq_ms, hq_q, region_ms, region_q in dashboard_rows:
        hq_ratio, region_ratio = hq_ms / dashboard_rows[0][1], region_ms / dashboard_rows[0][3]
        line = f"{size:>8} {hq_ms:>8.0f} {hq_q:>4} {region_ms:>10.0f} {region_q:>4}"
        print(f"{line} {hq_ratio:>9.2f} {region_ratio:>13.2f}")
    print()
    print("forecast job: one batch fitted (first run of a month), then the same batch again (unchanged history)")
    header = f"{'dealers':>8} {'series fitted':>14} {'s':>7} {'ms/series':>10} {'peak MiB':>9} {'all series, min':>16}"
    print(f"{header} {'rerun ms/series':>16}")
    for size, series, elapsed, per_series, peak, total, rerun in forecast_rows:
        line = f"{size:>8} {series:>14} {elapsed:>7.1f} {per_series * 1000:>10.0f}"
        print(f"{line} {peak / 2**20:>9.1f} {total / 60:>16.1f} {rerun * 1000:>16.1f}")


if __name__ == "__main__":
    sys.exit(main())
