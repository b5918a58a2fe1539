"""Benchmark: credit check of a dealer order (dms_order).

Run inside an Odoo shell on a database where dms_order is installed; everything is rolled back:

    DMS_BENCH_SIZES=10,100,1000 ~/odoo/venv/bin/python ~/odoo/src/odoo-bin shell -c ~/odoo/odoo.conf \
        --addons-path=/work/main/addons -d <db> --no-http < /work/main/tests/bench/bench_order_credit.py

For each size N it gives a fresh dealer N confirmed orders, N/2 posted invoices and N draft
invoices, then prints time and queries of the credit check of one more order
(``sale.order._dms_credit_split``: lock + exposure + decision). The query count must not grow with N.
"""

import os
import time

env = env(context={"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True})  # noqa: F821
cr = env.cr
SIZES = [int(s) for s in os.environ.get("DMS_BENCH_SIZES", "10,100,1000").split(",")]

product = env["product.product"].create({"name": "Bench credit service", "type": "service", "list_price": 10.0})


def history(dealer, size):
    orders = env["sale.order"].create(
        [
            {"partner_id": dealer.id, "order_line": [(0, 0, {"product_id": product.id, "price_unit": 10.0})]}
            for _i in range(size)
        ]
    )
    orders.action_confirm()
    orders[: max(size // 2, 1)]._create_invoices().action_post()
    env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": dealer.id,
                "invoice_line_ids": [(0, 0, {"product_id": product.id, "price_unit": 5.0})],
            }
            for _i in range(size)
        ]
    )


sp = cr.savepoint()
try:
    for size in SIZES:
        dealer = env["res.partner"].create(
            {
                "name": f"Bench credit {size}",
                "is_company": True,
                "is_dealer": True,
                "dealer_state": "active",
                "credit_limit": 1e12,
            }
        )
        history(dealer, size)
        order = env["sale.order"].create(
            {"partner_id": dealer.id, "order_line": [(0, 0, {"product_id": product.id, "price_unit": 10.0})]}
        )
        order._dms_credit_split()  # warm caches
        env.flush_all()
        env.invalidate_all()
        count = cr.sql_log_count
        start = time.perf_counter()
        passed, held = order._dms_credit_split()
        elapsed = time.perf_counter() - start
        info = dealer._dms_credit_info()
        print(
            f"N={size}: credit check {elapsed * 1000:.1f} ms, {cr.sql_log_count - count} queries, "
            f"exposure {info['exposure']:.2f}, passed={bool(passed)}"
        )
finally:
    sp.close(rollback=True)
    cr.rollback()
