#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: creating a large dealer order (dms_order, issue 16 "a 200-line order").

In rolled-back transactions, creates N products with a sale tax and times ``sale.order.create``
of one order of N lines (then flush), three ways on the same data:

* ours: a dealer's order with every DMS check and DMS pricing (database ``--db``);
* before: the same, with core's per-line analytic distribution lookup put back (the state before
  issue 16's change, ``SaleOrderLine._compute_analytic_distribution`` of ``sale``);
* vanilla: a plain customer's order on a database with only ``sale_management`` and ``sale_stock``
  (``--vanilla-db``, created on first run).

Usage::

    bin/dms bench order_lines --lines 200
    python tests/bench/order_lines.py --config .dms/odoo.conf --db dms_bench --vanilla-db dms_bench_vanilla

Prints ms and SQL queries of each, queries per line, and the ratios before / ours and vanilla / ours.
"""

import sys

from _common import BenchError, bench_parser, load_env, ratio, timed


def parse_args():
    parser = bench_parser(__doc__)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--vanilla-db", default="dms_bench_vanilla")
    return parser.parse_args()


def measure(registry, n_lines, repeat, dealer):
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        tax = env["account.tax"].search([("type_tax_use", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
        products = env["product.product"].create(
            [
                {"name": f"Bench line {i}", "type": "consu", "list_price": 10.0 + i, "taxes_id": [Command.set(tax.ids)]}
                for i in range(n_lines)
            ]
        )
        partner_vals = {"name": "Bench order customer", "is_company": True}
        if dealer:
            partner_vals.update(is_dealer=True, dealer_type="distributor", dealer_state="active")
        partner = env["res.partner"].create(partner_vals)
        env.flush_all()

        def create():
            env.invalidate_all()
            env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 3.0}) for p in products],
                }
            )
            env.flush_all()

        create()  # warm the caches
        result = timed(create, repeat)
        cr.rollback()
    return result


def main():
    args = parse_args()
    try:
        _odoo, registry = load_env(args, "dms_order")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    from odoo.addons.sale.models.sale_order_line import SaleOrderLine as CoreLine

    model = registry["sale.order.line"]
    ours = measure(registry, args.lines, args.repeat, dealer=True)
    # before: core's lookup per line, everything else unchanged
    patched = [cls for cls in type.mro(model) if "_compute_analytic_distribution" in vars(cls)][0]
    saved = vars(patched)["_compute_analytic_distribution"]
    patched._compute_analytic_distribution = CoreLine._compute_analytic_distribution
    try:
        before = measure(registry, args.lines, args.repeat, dealer=True)
    finally:
        patched._compute_analytic_distribution = saved
    args.db = args.vanilla_db
    try:
        _odoo, vanilla_registry = load_env(args, "sale_stock")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    vanilla = measure(vanilla_registry, args.lines, args.repeat, dealer=False)
    print(f"{'order of ' + str(args.lines) + ' lines':<28} | {'ms':>8} | {'queries':>7} | {'q/line':>6}")
    print("-" * 60)
    rows = (("ours (dms, after)", ours), ("before (core lookup)", before), ("vanilla Odoo", vanilla))
    for label, (ms, queries) in rows:
        print(f"{label:<28} | {ms:>8.1f} | {queries:>7} | {queries / args.lines:>6.2f}")
    print(f"before / ours: {ratio(before[0], ours[0])} time, {ratio(before[1], ours[1])} queries")
    print(f"vanilla / ours: {ratio(vanilla[0], ours[0])} time, {ratio(vanilla[1], ours[1])} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
