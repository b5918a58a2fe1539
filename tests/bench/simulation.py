#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the strategy simulation (dms_simulation): one run over N confirmed order lines.

In a rolled-back transaction per size, builds 40 HQ-served distributors (2 regions x 2 areas,
strategic and core), 50 products in 5 categories, an active policy of level prices per category
and a draft policy of level + territory prices (what an East region proposes), a tier rebate on
amount for every dealer; then N/5 confirmed orders of 5 lines dated yesterday, written by SQL
(priced as the active policy would), and measures ``action_run`` on the draft (everything in one
request, batches of ``dms_simulation.batch_orders`` orders), in ms and queries.

Usage (the database gets dms_simulation installed if it is missing)::

    bin/dms bench simulation                      # defaults: 1,000 and 10,000 lines, < 2 min
    bin/dms bench simulation --sizes 2000,20000 --repeat 3

The ratio column compares each size with the first: time per line should stay flat (linear cost),
queries grow with the number of batches only.
"""

import sys
import time
from datetime import date, datetime, timedelta

from _common import BenchError, bench_parser, load_env, ratio

LINES_PER_ORDER = 5


def parse_args():
    parser = bench_parser(__doc__)
    parser.set_defaults(db="dms_bench_simulation", repeat=3)
    parser.add_argument("--sizes", default="1000,10000", help="numbers of order lines, comma separated")
    return parser.parse_args()


def build(env, lines):
    from odoo import Command

    Territory = env["dms.territory"]
    hq = Territory.create({"name": "Bench HQ", "territory_type": "hq"})
    regions, areas = [], []
    for r in range(2):
        region = Territory.create({"name": f"Bench Region {r}", "territory_type": "region", "parent_id": hq.id})
        regions.append(region)
        areas += Territory.create(
            [{"name": f"Bench Area {r}-{a}", "territory_type": "area", "parent_id": region.id} for a in range(2)]
        )
    levels = [env.ref("dms_dealer.dealer_level_strategic"), env.ref("dms_dealer.dealer_level_core")]
    dealers = env["res.partner"].create(
        [
            {
                "name": f"Bench Dealer {i}",
                "is_company": True,
                "is_dealer": True,
                "dealer_type": "distributor",
                "dealer_state": "active",
                "territory_id": areas[i % 4].id,
                "dealer_level_id": levels[(i // 4) % 2].id,
            }
            for i in range(40)
        ]
    )
    categs = env["product.category"].create([{"name": f"Bench Categ {c}"} for c in range(5)])
    products = env["product.product"].create(
        [
            {
                "name": f"Bench Product {p}",
                "categ_id": categs[p % 5].id,
                "list_price": 100.0 + p,
                "standard_price": 40.0 + p / 2,
                "taxes_id": [Command.clear()],
            }
            for p in range(50)
        ]
    )
    Policy = env["dms.price.policy"]
    active = Policy.create(
        {
            "name": "Bench Level Prices",
            "line_ids": [
                Command.create(
                    {"categ_id": c.id, "dealer_level_id": lvl.id, "compute_price": "discount", "discount": d}
                )
                for c in categs
                for lvl, d in zip(levels, (20.0, 15.0), strict=True)
            ],
        }
    )
    active.action_submit()
    active.action_approve()
    draft = Policy.create(
        {
            "name": "Bench Region 0 Summer",
            "territory_id": regions[0].id,
            "line_ids": [
                Command.create(
                    {
                        "categ_id": c.id,
                        "dealer_level_id": lvl.id,
                        "territory_id": regions[0].id,
                        "compute_price": "discount",
                        "discount": d,
                    }
                )
                for c in categs
                for lvl, d in zip(levels, (25.0, 20.0), strict=True)
            ],
        }
    )
    rebate = env["dms.rebate.policy"].create(
        {
            "name": "Bench Rebate",
            "date_start": date.today() - timedelta(days=400),
            "level_ids": [Command.set([lvl.id for lvl in levels])],
            "tier_ids": [
                Command.create({"sequence": 1, "threshold": 0.0, "rate": 1.0}),
                Command.create({"sequence": 2, "threshold": 50000.0, "rate": 2.0}),
            ],
        }
    )
    rebate.action_submit()
    rebate._workflow_apply("approve")
    env.flush_all()
    orders = lines // LINES_PER_ORDER
    when = datetime.combine(date.today() - timedelta(days=1), datetime.min.time()) + timedelta(hours=3)
    # one real order through the ORM is the template; the others are copies by SQL (every column
    # the installed addons add is copied, so the rows are valid whatever is installed)
    template = env["sale.order"].create(
        {"partner_id": dealers[0].id, "order_line": [Command.create({"product_id": products[0].id})]}
    )
    env.flush_all()

    def columns(table, skip):
        env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != ALL(%s)",
            [table, ["id", *skip]],
        )
        return [row[0] for row in env.cr.fetchall()]

    order_set = {
        "name": "'BENCH/' || o",
        "partner_id": "x.d",
        "partner_invoice_id": "x.d",
        "partner_shipping_id": "x.d",
        "date_order": "%(when)s",
        "state": "'sale'",
    }
    kept = columns("sale_order", list(order_set))
    env.cr.execute(
        f"""
        INSERT INTO sale_order ({", ".join(kept + list(order_set))})
        SELECT {", ".join([f"t.{c}" for c in kept] + list(order_set.values()))}
          FROM sale_order t, generate_series(0, %(orders)s - 1) o,
               LATERAL (SELECT (%(dealers)s)[1 + o %% 40] AS d) x
         WHERE t.id = %(template)s
        RETURNING id
        """,
        {"when": when, "orders": orders, "dealers": dealers.ids, "template": template.id},
    )
    order_ids = [row[0] for row in env.cr.fetchall()]
    line_set = {
        "order_id": "o",
        "order_partner_id": "NULL",
        "product_id": "(%(products)s)[1 + (o + l * 7) %% 50]",
        "product_uom_qty": "10 + l",
        "price_unit": "90",
        "price_subtotal": "90 * (10 + l)",
        "dms_price_policy_line_id": "NULL",
    }
    kept = columns("sale_order_line", list(line_set))
    env.cr.execute(
        f"""
        INSERT INTO sale_order_line ({", ".join(kept + list(line_set))})
        SELECT {", ".join([f"t.{c}" for c in kept] + list(line_set.values()))}
          FROM sale_order_line t, unnest(%(orders)s) o, generate_series(0, %(per)s - 1) l
         WHERE t.order_id = %(template)s
        """,
        {"products": products.ids, "orders": order_ids, "per": LINES_PER_ORDER, "template": template.id},
    )
    env.invalidate_all()
    return draft


def main():
    args = parse_args()
    try:
        odoo, registry = load_env(args, "dms_simulation")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"dms_simulation bench: {LINES_PER_ORDER} lines per order, repeat={args.repeat}")
    print(f"{'lines':>8} {'run ms':>9} {'q':>5} {'ms/line':>8} {'ratio':>7} {'per-line ratio':>15}")
    first = None
    for size in sizes:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param("dms_simulation.sync_max_lines", str(size * 10))
            draft = build(env, size)
            today = date.today()
            sim = env["dms.simulation"].create(
                {
                    "name": "Bench",
                    "price_policy_id": draft.id,
                    "period_type": "custom",
                    "date_from": today - timedelta(days=2),
                    "date_to": today,
                }
            )
            times, queries = [], 0
            for _i in range(args.repeat):
                env.invalidate_all()
                start_q = cr.sql_log_count
                start = time.perf_counter()
                sim.action_run()
                env.flush_all()
                times.append((time.perf_counter() - start) * 1000)
                queries = cr.sql_log_count - start_q
            assert sim.processed_line_count == size, (sim.processed_line_count, size)
            times.sort()
            ms = times[len(times) // 2]
            first = first or (size, ms)
            per_line = ms / size
            print(
                f"{size:>8} {ms:>9.0f} {queries:>5} {per_line:>8.3f} {ratio(ms, first[1]):>7}"
                f" {ratio(per_line, first[1] / first[0]):>15}"
            )
            cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
