"""Benchmark: related-party detection (dms_dealer).

Run inside an Odoo shell on a database where dms_dealer is installed; everything is rolled back:

    DMS_BENCH_SIZES=5000,20000 ~/odoo/venv/bin/python ~/odoo/src/odoo-bin shell -c ~/odoo/odoo.conf \
        --addons-path=/work/main/addons -d <db> --no-http < /work/main/tests/bench/bench_related_detection.py

For each size N it creates N dealers (detection off), one in ten sharing a phone, a tax id or a mail
domain with another one, then prints time and queries of: the full detection pass over every dealer,
an incremental detection after one edit, and ``_dms_find_related_parties`` for an admission.
"""

import os
import time

env = env(context={"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True})  # noqa: F821
cr = env.cr
SIZES = [int(s) for s in os.environ.get("DMS_BENCH_SIZES", "2000,10000").split(",")]


def measure(label, func):
    env.flush_all()
    env.invalidate_all()
    count = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    print(f"  {label}: {time.perf_counter() - start:.3f}s, {cr.sql_log_count - count} queries")
    return result


def dealer_vals(i):
    vals = {
        "name": f"Bench Related {i}",
        "is_company": True,
        "is_dealer": True,
        "dealer_type": "distributor",
        "phone": f"139{i:08d}",
        "email": f"boss@bench-{i}.cn",
        "vat": f"CNBENCH{i:08d}",
    }
    if i % 10 == 1:  # shares the phone of the previous dealer
        vals["phone"] = f"139{i - 1:08d}"
    elif i % 10 == 2:  # shares the tax id of the one before
        vals["vat"] = f"CNBENCH{i - 1:08d}"
    elif i % 10 == 3:  # public mail domain: relates nobody
        vals["email"] = f"boss{i}@qq.com"
    return vals


Partner = env["res.partner"].with_context(dms_skip_related_detection=True)
for size in SIZES:
    savepoint = cr.savepoint()
    try:
        start = time.perf_counter()
        dealers = Partner.create([dealer_vals(i) for i in range(size)])
        env.flush_all()
        print(f"N={size}: created in {time.perf_counter() - start:.1f}s")
        measure("full detection pass", lambda: env["res.partner"]._dms_detect_related_parties())
        groups = env["dms.dealer.related.group"].search_count([("partner_ids", "in", dealers.ids)])
        print(f"  groups: {groups}")
        measure("full pass again (steady state)", lambda: env["res.partner"]._dms_detect_related_parties())
        one = dealers[size // 2].with_context(dms_skip_related_detection=False)
        measure("edit one dealer's phone (incremental)", lambda one=one: one.write({"phone": "13900000000"}))
        measure(
            "find related for an admission",
            lambda: env["res.partner"]._dms_find_related_parties({"vat": "CNBENCH00000005", "phone": "13900000007"}),
        )
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all()
