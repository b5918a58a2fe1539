#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the dealer hierarchy (issue: dealer network).

Builds a dealer tree of N dealers (distributors → sub-dealers → retailers) in a
rolled-back transaction and measures, for each size:

* "all downstream of X" with our materialised path (one indexed LIKE) against
  Odoo's generic ``child_of`` on the plain ``dealer_parent_id`` Many2one (what
  a vanilla Odoo model without ``_parent_store`` does: one search per level);
* "all upstream of X" (path parse + one query) against walking ``dealer_parent_id``;
* moving a distributor's subtree under another distributor (one UPDATE).

Usage (database gets dms_dealer installed if it is missing)::

    bin/dms bench dealers                      # via the launcher
    python tests/bench/dealers.py --config .dms/odoo.conf --db dms_bench --sizes 5000,50000

Prints ms and SQL query counts, and the ratio vanilla / ours.
"""

import sys
import time

from _common import BenchError, bench_parser, load_env, timed


def parse_args():
    parser = bench_parser(__doc__)
    parser.add_argument("--sizes", default="5000,50000")
    return parser.parse_args()


def build_tree(env, size):
    """Distributors with 1/30 of the dealers each, 5 sub-dealers per distributor, retailers below."""
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    n_dist = max(2, size // 1000)
    n_sub = n_dist * 5
    n_retail = size - n_dist - n_sub
    dists = Partner.create(
        [
            {"name": f"Bench D{i}", "is_company": True, "is_dealer": True, "dealer_type": "distributor"}
            for i in range(n_dist)
        ]
    )
    subs = Partner.create(
        [
            {
                "name": f"Bench S{i}",
                "is_company": True,
                "is_dealer": True,
                "dealer_type": "sub_dealer",
                "dealer_parent_id": dists[i % n_dist].id,
            }
            for i in range(n_sub)
        ]
    )
    batch = 5000
    for start in range(0, n_retail, batch):
        Partner.create(
            [
                {
                    "name": f"Bench R{i}",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "retailer",
                    "dealer_parent_id": subs[i % n_sub].id,
                }
                for i in range(start, min(start + batch, n_retail))
            ]
        )
        env.flush_all()
        env.invalidate_all()
    return dists, subs


def run_size(odoo, registry, size, repeat):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        dists, subs = build_tree(env, size)
        build_s = time.perf_counter() - start
        cr.execute("ANALYZE res_partner")
        Partner = env["res.partner"]
        root = dists[0]
        leaf = Partner.search([("dealer_parent_id", "=", subs[0].id)], limit=1)

        def ours_down():
            env.invalidate_all()
            return root._get_dealer_downstream()

        def vanilla_down():
            env.invalidate_all()
            return Partner.with_context(active_test=False).search([("dealer_parent_id", "child_of", root.id)])

        def ours_up():
            env.invalidate_all()
            return leaf._get_dealer_upstream()

        def vanilla_up():
            env.invalidate_all()
            node, chain = leaf, Partner
            while node.dealer_parent_id:
                node = node.dealer_parent_id
                chain |= node
            return chain

        n_down = len(ours_down())
        assert n_down + 1 == len(vanilla_down()), "ours and vanilla disagree"
        rows = []
        for label, ours, vanilla in (
            (f"downstream of a distributor ({n_down} dealers)", ours_down, vanilla_down),
            ("upstream of a retailer", ours_up, vanilla_up),
        ):
            ms_o, q_o = timed(ours, repeat)
            ms_v, q_v = timed(vanilla, repeat)
            rows.append((label, ms_o, q_o, ms_v, q_v))

        other = dists[1]
        moves = []

        def move():
            target = other if root.dealer_parent_id != other else dists[-1]
            root.dealer_parent_id = target
            env.flush_all()
            moves.append(target)

        ms_m, q_m = timed(move, repeat)
        rows.append((f"move a subtree of {n_down + 1} dealers", ms_m, q_m, None, None))
        cr.rollback()
    return size, build_s, rows


def main():
    args = parse_args()
    try:
        odoo, registry = load_env(args, "dms_dealer")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"{'dealers':>8} | {'operation':<45} | {'ours ms':>8} | {'q':>4} | {'vanilla ms':>10} | {'q':>4} | ratio")
    print("-" * 105)
    for size in sizes:
        size, build_s, rows = run_size(odoo, registry, size, args.repeat)
        for label, ms_o, q_o, ms_v, q_v in rows:
            if ms_v is None:
                print(f"{size:>8} | {label:<45} | {ms_o:>8.1f} | {q_o:>4} | {'-':>10} | {'-':>4} | -")
            else:
                ratio = ms_v / ms_o if ms_o else float("inf")
                print(f"{size:>8} | {label:<45} | {ms_o:>8.1f} | {q_o:>4} | {ms_v:>10.1f} | {q_v:>4} | {ratio:5.1f}x")
        print(f"{size:>8} | (tree built in {build_s:.1f} s, rolled back)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
