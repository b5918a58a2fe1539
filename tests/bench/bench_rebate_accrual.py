"""Benchmark: rebate accruals and simulation for many dealers (dms_rebate).

Run inside an Odoo shell on a database where dms_rebate is installed; everything is rolled back:

    ~/odoo/venv/bin/python ~/odoo/src/odoo-bin shell -c ~/odoo/odoo.conf \
        --addons-path=/work/main/addons -d <db> --http-port=0 < /work/main/tests/bench/bench_rebate_accrual.py

Prints the time and queries to post N invoices (each triggers an accrual), to rerun the accrual
of the period (nothing to book), and to simulate the policy over the period.
"""

import time

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command

N = 200
env = env(context={"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True})  # noqa: F821
cr = env.cr
today = fields.Date.today()
day = (today - relativedelta(months=1)).replace(day=1)
company = env.company
company._dms_rebate_get_config()


def measure(label, func):
    count = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    print(f"{label}: {time.perf_counter() - start:.2f}s, {cr.sql_log_count - count} queries")
    return result


savepoint = cr.savepoint()
try:
    dealers = env["res.partner"].create(
        [
            {"name": f"Bench Dealer {i}", "is_company": True, "is_dealer": True, "dealer_state": "active"}
            for i in range(N)
        ]
    )
    product = env["product.product"].create({"name": "Bench Tea", "list_price": 10.0, "taxes_id": []})
    policy = env["dms.rebate.policy"].create(
        {
            "name": "Bench Rebate",
            "date_start": today - relativedelta(years=1),
            "partner_ids": [Command.set(dealers.ids)],
            "period_type": "month",
            "tier_ids": [
                Command.create({"threshold": 0, "rate": 1.0}),
                Command.create({"threshold": 5000, "rate": 3.0}),
            ],
        }
    )
    policy.action_approve()
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": dealer.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 100 + i,
                            "price_unit": 50.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
            for i, dealer in enumerate(dealers)
        ]
    )
    measure(f"post {N} invoices with accruals", moves.action_post)
    period_end = day + relativedelta(months=1, days=-1)
    measure(
        f"rerun accrual of {N} dealers", lambda: env["dms.rebate.accrual"]._recompute(policy, dealers, day, period_end)
    )
    measure(f"simulate policy over {N} dealers", lambda: policy._compute_rebates(day, period_end, dealers))
finally:
    savepoint.close(rollback=True)
    cr.rollback()
