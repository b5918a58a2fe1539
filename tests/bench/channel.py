#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the channel stock (issue: channel sales 订单归属).

In a rolled-back transaction, builds D dealers x P products and grows their channel stock
ledger (``dms.channel.stock.move``) month by month (one sell-in and one sell-out move per
dealer, product and month, written in bulk with SQL, with the matching ``dms.channel.stock``
rows), and measures at each checkpoint:

* the dealer stock page: on-hand of one dealer per product read from the quant table
  ``dms.channel.stock`` (``search_fetch``, what the pages do) against summing its ledger
  (``_read_group`` on the moves), and the same for the back office's on-hand per dealer of
  up to 500 dealers (``_read_group`` on both);
* a 10,000-row .xlsx sell-out upload by one dealer's portal user at each checkpoint: the preview
  (read, check every row against stock and catalogue), the confirmation (a file above the
  background threshold is only queued in the request) and the background job's post (re-check,
  lines priced by dms_pricing once per product, one lock query, batched ledger upserts and
  creates, cross-territory check per store), in ms and queries, with the ratio to the first
  checkpoint (it must not grow with the ledger);
* then the ingestion of N sell-out report lines through ``_receive_report`` (the server API:
  create, price each line with dms_pricing, post, take each line out of the channel stock under
  its row lock, cross-territory check).

Usage (the database gets dms_channel installed if it is missing)::

    bin/dms bench channel                                   # defaults: < 3 min
    bin/dms bench channel --dealers 5000 --products 500 --months 24 --checkpoints 1,6,12,24
    python tests/bench/channel.py --config .dms/odoo.conf --db dms_bench --dealers 500

Prints ms and SQL query counts, the ledger rows at each checkpoint, and the ratio ledger-sum /
quant-table.
"""

import sys
import time

from _common import BenchError, bench_parser, load_env, timed


def parse_args():
    parser = bench_parser(__doc__)
    parser.add_argument("--dealers", type=int, default=200)
    parser.add_argument("--products", type=int, default=50)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--checkpoints", default="", help="months after which to measure (default: 1, half, all)")
    parser.add_argument("--sellout-rows", type=int, default=10000, help="API lines ingested at the end (0: skip)")
    parser.add_argument(
        "--upload-rows", type=int, default=10000, help="rows of the .xlsx upload measured at each checkpoint (0: skip)"
    )
    parser.add_argument("--lines-per-report", type=int, default=100)
    return parser.parse_args()


def build_network(env, n_dealers, n_products):
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    dealers = Partner.browse()
    for start in range(0, n_dealers, 2000):
        dealers |= Partner.create(
            [
                {"name": f"Bench CH{i}", "is_company": True, "is_dealer": True, "dealer_type": "distributor"}
                for i in range(start, min(start + 2000, n_dealers))
            ]
        )
        env.flush_all()
    products = env["product.product"].create(
        [
            {"name": f"Bench CH product {i}", "type": "consu", "is_storable": True, "list_price": 10.0 + i % 7}
            for i in range(n_products)
        ]
    )
    env.flush_all()
    return dealers, products


def add_months(cr, env, dealers, products, first_month, last_month):
    """Ledger rows for months [first_month, last_month] (+100 in, -60 out per dealer, product, month),
    then the quant table brought to the ledger's sums (as ``_post`` keeps it)."""
    cr.execute(
        """
        INSERT INTO dms_channel_stock_move (dealer_id, product_id, kind, qty, date, company_id, reference,
                                            create_uid, create_date, write_uid, write_date)
        SELECT d, p, k.kind, k.qty, DATE '2024-01-01' + make_interval(months => m) + interval '10 hours',
               %(company)s, 'bench', 1, now(), 1, now()
          FROM unnest(%(dealers)s) d, unnest(%(products)s) p, generate_series(%(first)s, %(last)s) m,
               (VALUES ('sell_in', 100.0), ('sell_out', -60.0)) AS k(kind, qty)
        """,
        {
            "company": env.company.id,
            "dealers": dealers.ids,
            "products": products.ids,
            "first": first_month - 1,
            "last": last_month - 1,
        },
    )
    months = last_month - first_month + 1
    cr.execute(
        """
        INSERT INTO dms_channel_stock AS s (dealer_id, product_id, qty_on_hand, company_id,
                                            create_uid, create_date, write_uid, write_date)
        SELECT d, p, %(delta)s, %(company)s, 1, now(), 1, now()
          FROM unnest(%(dealers)s) d, unnest(%(products)s) p
   ON CONFLICT (dealer_id, product_id, (COALESCE(lot_name, '')))
     DO UPDATE SET qty_on_hand = s.qty_on_hand + EXCLUDED.qty_on_hand
        """,
        {"delta": 40.0 * months, "company": env.company.id, "dealers": dealers.ids, "products": products.ids},
    )
    cr.execute("ANALYZE dms_channel_stock_move")
    cr.execute("ANALYZE dms_channel_stock")
    env.invalidate_all()


def measure_pages(env, dealers, repeat):
    dealer = dealers[len(dealers) // 2]
    network = dealers[: min(len(dealers), 500)]
    Stock, Move = env["dms.channel.stock"], env["dms.channel.stock.move"]

    def quant_page():
        env.invalidate_all()
        rows = Stock.search_fetch([("dealer_id", "=", dealer.id)], ["product_id", "lot_name", "qty_on_hand"])
        return [(row.product_id, row.lot_name, row.qty_on_hand) for row in rows]

    def ledger_page():
        env.invalidate_all()
        return Move._read_group([("dealer_id", "=", dealer.id)], ["product_id", "lot_name"], ["qty:sum"])

    def quant_network():
        env.invalidate_all()
        return Stock._read_group([("dealer_id", "in", network.ids)], ["dealer_id"], ["qty_on_hand:sum"])

    def ledger_network():
        env.invalidate_all()
        return Move._read_group([("dealer_id", "in", network.ids)], ["dealer_id"], ["qty:sum"])

    quant = {product.id: qty for product, _lot, qty in quant_page()}
    ledger = {product.id: qty for product, _lot, qty in ledger_page()}
    assert quant == ledger, "quant table and ledger disagree"
    return [
        ("dealer stock page (1 dealer)", *timed(quant_page, repeat), *timed(ledger_page, repeat)),
        (f"on-hand per dealer ({len(network)} dealers)", *timed(quant_network, repeat), *timed(ledger_network, repeat)),
    ]


def ingest_sellout(env, dealers, products, rows, per_report):
    """``rows`` sell-out lines through ``_receive_report``, ``per_report`` lines per report."""
    import odoo

    Report = env["dms.channel.sellout.report"]
    n_reports = max(1, -(-rows // per_report))
    before = odoo.sql_db.sql_counter
    start = time.perf_counter()
    done = 0
    for index in range(n_reports):
        dealer = dealers[index % len(dealers)]
        count = min(per_report, rows - done)
        lines = [
            {"product_id": products[(index + i) % len(products)].id, "qty": 1.0, "store_zip": "200001"}
            for i in range(count)
        ]
        Report._receive_report(dealer, f"bench-{index}", lines)
        done += count
    env.flush_all()
    ms = (time.perf_counter() - start) * 1000
    return n_reports, done, ms, odoo.sql_db.sql_counter - before


def upload_file(rows, codes, tag):
    """An .xlsx sell-out file of ``rows`` lines over ``codes`` (the upload's own header)."""
    import io

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["code", "qty", "date", "store", "address", "zip"])
    for i in range(rows):
        sheet.append([codes[i % len(codes)], 1, "2026-01-15", f"Bench store {tag}-{i % 97}", "Nanjing Rd", "200001"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def uploader(env, dealers, products):
    """A portal user of one bench dealer (negative stock allowed: the file is larger than its stock)."""
    dealer = dealers[0]
    dealer.dms_allow_negative_stock = True
    for product in products:
        if not product.default_code:
            product.default_code = f"BENCH-{product.id}"
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench uploader",
                "login": "bench-channel-uploader",
                "partner_id": env["res.partner"].create({"name": "Bench uploader", "parent_id": dealer.id}).id,
                "groups_id": [
                    (6, 0, [env.ref("base.group_portal").id, env.ref("dms_dealer.group_dms_portal_user").id])
                ],
            }
        )
    )
    env.flush_all()
    return user


def measure_upload(env, user, products, rows, tag):
    """Preview then post one ``rows``-line .xlsx upload as the dealer's portal user: [(label, ms, queries)]."""
    import odoo

    content = upload_file(rows, products.mapped("default_code"), tag)
    Report = env["dms.channel.sellout.report"].with_user(user)
    result = []
    env.invalidate_all()
    before, start = odoo.sql_db.sql_counter, time.perf_counter()
    _key, checked, _existing = Report._sellout_preview_file(content, "bench.xlsx")
    result.append(
        (f"upload preview ({rows} rows)", (time.perf_counter() - start) * 1000, odoo.sql_db.sql_counter - before)
    )
    assert not any(row["errors"] for row in checked), "bench file has bad rows"
    env.invalidate_all()
    before, start = odoo.sql_db.sql_counter, time.perf_counter()
    report, created = Report._sellout_post_file(content, "bench.xlsx")
    env.flush_all()
    queued = report.sudo().state == "queued"
    label = "upload confirm (request, queued)" if queued else f"upload post ({rows} rows)"
    result.append((label, (time.perf_counter() - start) * 1000, odoo.sql_db.sql_counter - before))
    if queued:
        # the background job (ir.cron) posts it: re-read, re-check, lines, ledger, territory check
        env.invalidate_all()
        before, start = odoo.sql_db.sql_counter, time.perf_counter()
        env["dms.channel.sellout.report"]._cron_post_queued()
        env.flush_all()
        result.append(
            (f"upload post job ({rows} rows)", (time.perf_counter() - start) * 1000, odoo.sql_db.sql_counter - before)
        )
    assert created and report.sudo().state == "posted" and len(report.line_ids) == rows
    return result


def main():
    args = parse_args()
    try:
        odoo, registry = load_env(args, "dms_channel")
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    from odoo import SUPERUSER_ID, api

    months = args.months
    checkpoints = sorted({int(m) for m in args.checkpoints.split(",") if m.strip()} or {1, max(1, months // 2), months})
    checkpoints = [m for m in checkpoints if 1 <= m <= months]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        start = time.perf_counter()
        dealers, products = build_network(env, args.dealers, args.products)
        print(
            f"{args.dealers} dealers x {args.products} products built in {time.perf_counter() - start:.1f} s "
            "(rolled back at the end)"
        )
        print(
            f"{'months':>6} | {'ledger rows':>11} | {'operation':<34} | {'quant ms':>8} | {'q':>3} | "
            f"{'ledger ms':>9} | {'q':>3} | ledger/quant"
        )
        print("-" * 108)
        done_months = 0
        user, uploads = None, {}
        for checkpoint in checkpoints:
            add_months(cr, env, dealers, products, done_months + 1, checkpoint)
            done_months = checkpoint
            cr.execute("SELECT count(*) FROM dms_channel_stock_move")
            ledger_rows = cr.fetchone()[0]
            for label, ms_q, q_q, ms_l, q_l in measure_pages(env, dealers, args.repeat):
                ratio = ms_l / ms_q if ms_q else float("inf")
                print(
                    f"{checkpoint:>6} | {ledger_rows:>11} | {label:<34} | {ms_q:>8.1f} | {q_q:>3} | "
                    f"{ms_l:>9.1f} | {q_l:>3} | {ratio:6.1f}x"
                )
            if args.upload_rows:
                user = user or uploader(env, dealers, products)
                for label, ms, queries in measure_upload(env, user, products, args.upload_rows, checkpoint):
                    first = uploads.setdefault(label, ms)
                    print(
                        f"{checkpoint:>6} | {ledger_rows:>11} | {label:<34} | {ms:>8.0f} | {queries:>5} "
                        f"({queries / args.upload_rows:.2f} q/row) | x{ms / first:.2f} of the first checkpoint"
                    )
        if args.sellout_rows:
            n_reports, n_rows, ms, queries = ingest_sellout(
                env, dealers, products, args.sellout_rows, args.lines_per_report
            )
            print(
                f"sell-out ingestion: {n_rows} lines in {n_reports} reports: {ms:.0f} ms, {queries} queries "
                f"({ms / n_rows:.2f} ms and {queries / n_rows:.1f} queries per line, "
                f"{n_rows / (ms / 1000):.0f} lines/s)"
            )
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
