#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of DMS price policies (dms_pricing) against vanilla Odoo pricelists.

Builds once (and reuses on later runs) C customers (HQ-served distributors with a
dealer level and a territory) and P products in 20 categories, then for each R
in ``--sizes``:

* ours: one active price policy with R lines — 70 % customer prices (一客一价,
  20 % of them tiers at 10/50/100 units), 15 % level prices, 10 % territory
  prices, 5 % category discounts (at most 40); the measured customer is a key account with a
  customer price on each of the 200 products of the test order (counted in R);
* vanilla (shared): one pricelist with the same R rules (product items with the same
  prices and minimum quantities, category items as percentages). A pricelist
  cannot target a customer, level or territory, so every line becomes an item
  of the customer's pricelist, which is what a brand running 一客一价 on plain
  pricelists ends up searching;
* vanilla (own): the realistic vanilla setup, one pricelist per customer holding only
  that customer's rules (its customer prices, the prices of its level and territory,
  the category discounts): the key account's pricelist is built that way (the other
  customers' pricelists would only add rows of other pricelist ids to the index).

Both vanilla sides price with the same quantities as ours (1, 51 and 101 units over
the 200 lines; ``_compute_price_rule`` takes one quantity per call, so one call per
quantity).

and measures (median of --repeat runs, record cache cleared before each run):

* pricing 1 line and 200 lines: ``dms.price.engine._get_prices`` against
  ``product.pricelist._compute_price_rule`` (the batch method sale lines use);
* creating a 200-line sale order (flushed, then rolled back): with the policy
  active (ours) against the same customer with policies switched off and the
  R-item pricelist assigned (vanilla, through core's line compute);
* RSS growth of the worker while pricing 200 lines, and the peak RSS;
* revising the active R-line policy (for R in ``--revise-sizes``): ours (the request,
  then the background job copying the lines), legacy (the code of ``action_revise``
  before the copy left the request, at commit 94b0c37, run verbatim below), and vanilla
  (``product.pricelist.copy()`` of the R-item pricelist, how core versions a pricelist).

Usage::

    ~/odoo/venv/bin/python tests/bench/pricing.py --config ~/odoo/odoo.conf \\
        --addons-path /work/main/addons --db h_pricing_bench --sizes 1000,10000,100000 \\
        [--customers 5000 --products 5000 --repeat 5]

Bulk data goes in with SQL (policy lines, pricelist items); customers and
products through the ORM in batches of 1,000.
"""

import argparse
import random
import resource
import statistics
import sys
import time

ORDER_LINES = 200


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", "-c", help="Odoo configuration file")
    parser.add_argument("--db", "-d", default="h_pricing_bench")
    parser.add_argument("--addons-path")
    parser.add_argument("--sizes", default="1000,10000,100000", help="R values (policy lines)")
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--revise-sizes", default="100000", help="R values where revising is measured")
    parser.add_argument("--skip-legacy", action="store_true", help="do not measure the (slow) legacy revision")
    return parser.parse_args()


def load_registry(args):
    from odoo.tools import config

    argv = []
    if args.config:
        argv += ["-c", args.config]
    if args.addons_path:
        argv += ["--addons-path", args.addons_path]
    argv += ["-d", args.db, "--log-level", "warn", "--http-port", "18499"]
    config.parse_config(argv)
    from odoo.modules.registry import Registry
    from odoo.service import db as service_db

    if not service_db.exp_db_exist(args.db):
        service_db._create_empty_database(args.db)
    from odoo.sql_db import db_connect

    with db_connect(args.db).cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        row = None
        if cr.fetchone()[0]:
            cr.execute("SELECT state FROM ir_module_module WHERE name = 'dms_pricing'")
            row = cr.fetchone()
    if row and row[0] == "installed":
        registry = Registry(args.db)
    else:
        config["init"] = {"dms_pricing": 1}
        config["without_demo"] = "all"
        registry = Registry.new(args.db, update_module=True)
        config["init"] = {}
    return registry


def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------
def get_param(env, key):
    return env["ir.config_parameter"].sudo().get_param(key)


def set_param(env, key, value):
    env["ir.config_parameter"].sudo().set_param(key, value)


def build_base(env, n_customers, n_products, rnd):
    """Customers, products, territories, categories; reused when already there."""
    key = f"dms_bench.base.{n_customers}.{n_products}"
    if get_param(env, key):
        return
    t0 = time.time()
    Territory = env["dms.territory"]
    hq = Territory.create({"name": "Bench HQ", "code": "B-HQ", "territory_type": "hq"})
    regions = Territory.create(
        [
            {"name": f"Bench Region {i}", "code": f"B-R{i}", "territory_type": "region", "parent_id": hq.id}
            for i in range(4)
        ]
    )
    areas = Territory.create(
        [
            {"name": f"Bench Area {i}", "code": f"B-A{i}", "territory_type": "area", "parent_id": regions[i % 4].id}
            for i in range(20)
        ]
    )
    levels = (
        env.ref("dms_dealer.dealer_level_strategic")
        | env.ref("dms_dealer.dealer_level_core")
        | env.ref("dms_dealer.dealer_level_regular")
    )
    root_categ = env["product.category"].create({"name": "Bench"})
    categs = env["product.category"].create([{"name": f"Bench C{i}", "parent_id": root_categ.id} for i in range(20)])
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    for start in range(0, n_customers, 1000):
        Partner.create(
            [
                {
                    "name": f"Bench Customer {i:05d}",
                    "ref": f"BC{i:05d}",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                    "dealer_level_id": levels[i % 3].id,
                    "territory_id": areas[i % 20].id,
                }
                for i in range(start, min(start + 1000, n_customers))
            ]
        )
        env.cr.commit()
    Product = env["product.product"].with_context(tracking_disable=True, mail_create_nolog=True)
    for start in range(0, n_products, 1000):
        Product.create(
            [
                {
                    "name": f"Bench Product {i:05d}",
                    "default_code": f"BP{i:05d}",
                    "list_price": round(rnd.uniform(5, 500), 2),
                    "categ_id": categs[i % 20].id,
                    "taxes_id": False,
                }
                for i in range(start, min(start + 1000, n_products))
            ]
        )
        env.cr.commit()
    set_param(env, key, "1")
    env.cr.commit()
    print(f"# base data: {n_customers} customers, {n_products} products built in {time.time() - t0:.0f}s", flush=True)


def bench_records(env):
    customers = env["res.partner"].search([("ref", "=like", "BC%")], order="ref")
    products = env["product.product"].search([("default_code", "=like", "BP%")], order="default_code")
    return customers, products


def build_size(env, size, customers, products, rnd):
    """One policy with ``size`` lines and one pricelist with the same ``size`` rules (SQL bulk insert)."""
    key = f"dms_bench.size2.{size}.{len(customers)}.{len(products)}"
    ids = get_param(env, key)
    if ids:
        policy_id, pricelist_id, own_id = (int(x) for x in ids.split(","))
        return (
            env["dms.price.policy"].browse(policy_id),
            env["product.pricelist"].browse(pricelist_id),
            env["product.pricelist"].browse(own_id),
        )
    t0 = time.time()
    cr = env.cr
    key_account = customers[0]
    order_products = products[:ORDER_LINES]
    policy = env["dms.price.policy"].create({"name": f"Bench R={size}"})
    cr.execute("UPDATE dms_price_policy SET state = 'expired' WHERE id = %s", [policy.id])
    pricelist = env["product.pricelist"].create({"name": f"Bench R={size}"})
    levels = customers.dealer_level_id.ids
    territories = customers.territory_id.parent_id.ids
    categs = products.categ_id.ids
    list_prices = dict(zip(products.ids, products.mapped("list_price"), strict=True))
    product_ids = products.ids
    tmpl_of = {product.id: product.product_tmpl_id.id for product in products}
    customer_ids = customers.ids
    rows = []  # (product, categ, partner, level, territory, min_qty, compute, fixed, discount)
    for product in order_products.ids:  # the key account's prices
        rows.append(
            (product, None, key_account.id, None, None, 0.0, "fixed", round(list_prices[product] * 0.9, 2), 0.0)
        )
    n_categ_lines = 0
    seen = {row[:6] for row in rows}  # one line per scope and tier (the policy's unique index)
    while len(rows) < size:
        draw = rnd.random()
        if draw >= 0.95 and n_categ_lines >= 40:  # a brand has a few category-wide rules, not thousands
            draw = rnd.random() * 0.95
        n_categ_lines += draw >= 0.95
        product = rnd.choice(product_ids)
        price = round(list_prices[product] * rnd.uniform(0.7, 0.95), 2)
        min_qty = rnd.choice((10.0, 50.0, 100.0)) if rnd.random() < 0.2 else 0.0
        if draw < 0.70:
            row = (product, None, rnd.choice(customer_ids), None, None, min_qty, "fixed", price, 0.0)
        elif draw < 0.85:
            row = (product, None, None, rnd.choice(levels), None, min_qty, "fixed", price, 0.0)
        elif draw < 0.95:
            row = (product, None, None, None, rnd.choice(territories), 0.0, "fixed", price, 0.0)
        else:
            row = (None, rnd.choice(categs), None, None, None, 0.0, "discount", 0.0, float(rnd.randint(3, 15)))
        if row[:6] in seen:
            n_categ_lines -= draw >= 0.95
            continue
        seen.add(row[:6])
        rows.append(row)
    cols = list(zip(*rows, strict=True))
    cr.execute(
        """
        INSERT INTO dms_price_policy_line
            (policy_id, company_id, sequence, product_id, categ_id, partner_id, dealer_level_id, territory_id,
             min_qty, compute_price, fixed_price, discount, base, create_uid, write_uid, create_date, write_date)
        SELECT %s, %s, 10, p, c, pa, l, t, q, cp, f, d, 'list_price', 1, 1, now(), now()
          FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::int[], %s::float[], %s::varchar[],
                      %s::numeric[], %s::float[]) AS x(p, c, pa, l, t, q, cp, f, d)
        """,
        [policy.id, env.company.id, *[list(col) for col in cols]],
    )

    def insert_items(pricelist_id, indexes):
        """The policy lines ``indexes`` of ``cols`` as items of ``pricelist_id`` (one INSERT)."""
        cr.execute(
            """
            INSERT INTO product_pricelist_item
                (pricelist_id, company_id, applied_on, display_applied_on, base, compute_price, product_id,
                 product_tmpl_id, categ_id, min_quantity, fixed_price, percent_price,
                 create_uid, write_uid, create_date, write_date)
            SELECT %s, NULL,
                   CASE WHEN p IS NULL THEN '2_product_category' ELSE '0_product_variant' END,
                   CASE WHEN p IS NULL THEN '2_product_category' ELSE '1_product' END,
                   'list_price',
                   CASE WHEN p IS NULL THEN 'percentage' ELSE 'fixed' END,
                   p, tm, c, q, f, d, 1, 1, now(), now()
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::float[], %s::numeric[], %s::float[])
                   AS x(p, tm, c, q, f, d)
            """,
            [
                pricelist_id,
                [cols[0][i] for i in indexes],
                [tmpl_of.get(cols[0][i]) for i in indexes],
                [cols[1][i] for i in indexes],
                [cols[5][i] for i in indexes],
                [cols[7][i] for i in indexes],
                [cols[8][i] for i in indexes],
            ],
        )

    # vanilla: the same rules as pricelist items
    insert_items(pricelist.id, range(len(cols[0])))
    # realistic vanilla: the key account's own pricelist, only the rules that concern it
    own = env["product.pricelist"].create({"name": f"Bench own R={size}"})
    key_territories = {int(x) for x in (key_account.territory_id.parent_path or "").split("/") if x}
    mine = [
        i
        for i, (_p, _c, partner, level, territory, *_rest) in enumerate(rows)
        if partner == key_account.id
        or (partner is None and level == key_account.dealer_level_id.id)
        or (partner is None and territory in key_territories)
        or (partner is None and level is None and territory is None)
    ]
    insert_items(own.id, mine)
    cr.execute("ANALYZE dms_price_policy_line")
    cr.execute("ANALYZE product_pricelist_item")
    set_param(env, key, f"{policy.id},{pricelist.id},{own.id}")
    cr.commit()
    env.invalidate_all()
    print(
        f"# R={size}: {size} policy lines + {size} pricelist items + {len(mine)} items of the key account's "
        f"own pricelist built in {time.time() - t0:.0f}s",
        flush=True,
    )
    return policy, pricelist, own


# ----------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------
def measure(env, repeat, func):
    """(median ms, queries of the last run) with the record cache cleared before each run."""
    times, queries = [], 0
    func()  # warm-up (registry caches, code paths)
    for _i in range(repeat):
        env.invalidate_all()
        q0 = env.cr.sql_log_count
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000.0)
        queries = env.cr.sql_log_count - q0
    return statistics.median(times), queries


def vanilla_prices(pricelist, lines):
    """Core's batch pricing with the same quantities as ours: one call per distinct quantity."""
    by_qty = {}
    for product, qty in lines:
        by_qty.setdefault(qty, []).append(product)
    result = {}
    for qty, products in by_qty.items():
        result.update(pricelist._compute_price_rule(pricelist.env["product.product"].union(*products), qty))
    return result


def run_size(env, size, policy, pricelist, own, customers, products, repeat):
    cr = env.cr
    key_account = customers[0]
    order_products = products[:ORDER_LINES]
    # approving (activating) the R-line policy, in the approver's request: floor/threshold check
    # over every line in SQL batches, then one state change (rolled back afterwards)
    cr.execute("UPDATE dms_price_policy SET state = 'expired' WHERE name LIKE 'Bench R=%%'")
    cr.execute("UPDATE dms_price_policy SET state = 'to_approve' WHERE id = %s", [policy.id])
    env.invalidate_all()
    rss0, q0, t0 = rss_mib(), cr.sql_log_count, time.perf_counter()
    policy.action_approve()  # the approver's request (queued when the policy is big)
    env.flush_all()
    approve = ((time.perf_counter() - t0) * 1000.0, cr.sql_log_count - q0, rss_mib() - rss0)
    env.invalidate_all()
    rss0, q0, t0 = rss_mib(), cr.sql_log_count, time.perf_counter()
    env["dms.price.policy"]._cron_process_queued_approvals()  # the background job, if queued
    env.flush_all()
    background = ((time.perf_counter() - t0) * 1000.0, cr.sql_log_count - q0, rss_mib() - rss0)
    assert policy.state == "active", policy.state
    cr.rollback()
    env.invalidate_all()
    # only this size's policy is active
    cr.execute("UPDATE dms_price_policy SET state = 'expired' WHERE name LIKE 'Bench R=%%'")
    cr.execute("UPDATE dms_price_policy SET state = 'active' WHERE id = %s", [policy.id])
    plain = env["product.pricelist"].search([("name", "=", "Bench plain")], limit=1) or env["product.pricelist"].create(
        {"name": "Bench plain"}
    )
    key_account.property_product_pricelist = plain
    cr.commit()
    env.invalidate_all()
    engine = env["dms.price.engine"]
    one = [(order_products[0], 1.0)]
    many = [(p, float(1 + i % 3 * 50)) for i, p in enumerate(order_products)]
    res = {"approve": approve, "background": background}
    res["own_items"] = env["product.pricelist.item"].search_count([("pricelist_id", "=", own.id)])
    res["ours_1"] = measure(env, repeat * 4, lambda: engine._get_prices(key_account, one))
    rss0 = rss_mib()
    res["ours_200"] = measure(env, repeat, lambda: engine._get_prices(key_account, many))
    res["ours_rss"] = rss_mib() - rss0
    for side, pl in (("vanilla", pricelist), ("own", own)):
        res[f"{side}_1"] = measure(env, repeat * 4, lambda pl=pl: vanilla_prices(pl, one))
        rss0 = rss_mib()
        res[f"{side}_200"] = measure(env, repeat, lambda pl=pl: vanilla_prices(pl, many))
        res[f"{side}_rss"] = rss_mib() - rss0

    order_vals = {
        "partner_id": key_account.id,
        "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": qty}) for p, qty in many],
    }

    def create_order():
        with cr.savepoint(flush=False) as sp:
            order = env["sale.order"].create(order_vals)
            env.flush_all()
            assert len(order.order_line) == ORDER_LINES
            sp.rollback()
        env.invalidate_all()

    res["ours_so"] = measure(env, max(2, repeat // 2), create_order)
    # vanilla: no policy applies, the customer's pricelist prices the order through core
    cr.execute("UPDATE dms_price_policy SET state = 'expired' WHERE id = %s", [policy.id])
    for side, pl in (("vanilla", pricelist), ("own", own)):
        key_account.property_product_pricelist = pl
        env.flush_all()
        env.invalidate_all()
        res[f"{side}_so"] = measure(env, max(2, repeat // 2), create_order)
    cr.rollback()
    env.invalidate_all()
    return res


def legacy_revise(policy):
    """``action_revise`` before the copy left the request (commit 94b0c37), verbatim but for its return."""
    self = policy
    self.ensure_one()
    self._workflow_apply("revise")
    vals_list = self.copy_data(self._prepare_revision_vals())
    new = self._workflow_create(vals_list).with_env(self.env)
    new.message_post(body=self.env._("Revision of %(name)s.", name=self.display_name))
    return new


def run_revise(env, size, policy, pricelist, skip_legacy):
    """Revising the active R-line policy: ours (request + background job), legacy, vanilla copy."""
    cr = env.cr
    res = {}

    def timed(func):
        env.invalidate_all()
        rss0, q0, t0 = rss_mib(), cr.sql_log_count, time.perf_counter()
        value = func()
        env.flush_all()
        return value, ((time.perf_counter() - t0) * 1000.0, cr.sql_log_count - q0, rss_mib() - rss0)

    def activate():
        cr.execute("UPDATE dms_price_policy SET state = 'expired' WHERE name LIKE 'Bench R=%%'")
        cr.execute("UPDATE dms_price_policy SET state = 'active' WHERE id = %s", [policy.id])
        env.invalidate_all()

    activate()
    action, res["ours"] = timed(policy.action_revise)
    new = env["dms.price.policy"].browse(action["res_id"])
    res["ours_pending"] = bool(new.line_copy_source_id)

    def copy_all():
        while env["dms.price.policy"].search_count([("line_copy_source_id", "!=", False)]):
            env["dms.price.policy"]._cron_copy_revision_lines()

    _value, res["ours_job"] = timed(copy_all)
    assert new.line_count == size, (new.line_count, size)
    cr.rollback()
    if not skip_legacy:
        activate()
        new, res["legacy"] = timed(lambda: legacy_revise(policy))
        assert new.line_count == size, (new.line_count, size)
        cr.rollback()
    _value, res["vanilla"] = timed(lambda: pricelist.copy())
    cr.rollback()
    env.invalidate_all()
    return res


def main():
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rnd = random.Random(args.seed)
    registry = load_registry(args)
    from odoo import SUPERUSER_ID, api

    revise_sizes = [int(x) for x in args.revise_sizes.split(",") if x]
    results, revisions = {}, {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        build_base(env, args.customers, args.products, rnd)
        customers, products = bench_records(env)
        for size in sizes:
            policy, pricelist, own = build_size(env, size, customers, products, rnd)
            results[size] = run_size(env, size, policy, pricelist, own, customers, products, args.repeat)
            print(f"# R={size} measured", flush=True)
            if size in revise_sizes:
                revisions[size] = run_revise(env, size, policy, pricelist, args.skip_legacy)
                print(f"# R={size} revision measured", flush=True)
    header = (
        f"C={args.customers} customers, P={args.products} products, median of {args.repeat} runs "
        f"(1-line: {args.repeat * 4}); ms / SQL queries; vanilla = one pricelist holding all R rules, "
        f"own = the customer's own pricelist holding only its rules; same quantities on every side"
    )
    print()
    print(header)
    print()
    print("| R | measure | ours ms | q | vanilla ms | q | vanilla / ours | own ms | q | own items | own / ours |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, res in results.items():
        for label, key in (("price 1 line", "1"), ("price 200 lines", "200"), ("create 200-line SO", "so")):
            ours, vanilla, own = res[f"ours_{key}"], res[f"vanilla_{key}"], res[f"own_{key}"]
            print(
                f"| {size:,} | {label} | {ours[0]:.1f} | {ours[1]} | {vanilla[0]:.1f} | {vanilla[1]} "
                f"| {vanilla[0] / ours[0]:.1f}× | {own[0]:.1f} | {own[1]} | {res.get('own_items', '')} "
                f"| {own[0] / ours[0]:.1f}× |"
            )
    print()
    for size, res in results.items():
        print(
            f"R={size:,}: RSS growth pricing 200 lines: ours {res['ours_rss']:.1f} MiB, "
            f"vanilla {res['vanilla_rss']:.1f} MiB, own {res['own_rss']:.1f} MiB"
        )
    for size, res in results.items():
        ms, queries, rss = res["approve"]
        bms, bqueries, brss = res["background"]
        print(
            f"R={size:,}: approving the policy: request {ms:.0f} ms / {queries} queries / RSS +{rss:.1f} MiB; "
            f"background check + activation {bms:.0f} ms / {bqueries} queries / RSS +{brss:.1f} MiB"
        )
    if revisions:
        print()
        print("Revising the active policy (one run; ms / queries / RSS growth MiB):")
        print()
        print(
            "| R | ours: request | ours: background copy | legacy (copy in the request) | vanilla pricelist.copy() "
            "| legacy / ours request | vanilla / ours request |"
        )
        print("|---:|---|---|---|---|---:|---:|")
        for size, rev in revisions.items():

            def cell(value):
                return f"{value[0]:.0f} ms, {value[1]} q, +{value[2]:.0f} MiB" if value else "–"

            legacy = rev.get("legacy")
            print(
                f"| {size:,} | {cell(rev['ours'])} | {cell(rev['ours_job'])} | {cell(legacy)} | {cell(rev['vanilla'])} "
                f"| {(legacy[0] / rev['ours'][0]) if legacy else float('nan'):.0f}× "
                f"| {rev['vanilla'][0] / rev['ours'][0]:.0f}× |"
            )
    print(f"Peak RSS of the benchmark process (includes data build): {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
