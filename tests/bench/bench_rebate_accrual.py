#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: posting dealers' invoices with the rebate accrual (dms_rebate).

On the same data in one run (every scenario rolled back), posting N invoices of D dealers
under one monthly policy:

* vanilla: posting without the accrual (the accrual hook skipped, as trusted server code may:
  this is core's posting path, dms_rebate's only ``_post`` override does nothing);
* legacy: the state before the accrual left the posting path: posting then, in the same call,
  the synchronous accrual (``LEGACY_recompute_for_moves`` below is the old code of
  ``dms.rebate.accrual._recompute_for_moves`` at commit 94b0c37, kept verbatim so the
  measurement can be reproduced without checking the old commit out);
* ours: posting queues the accrual (one INSERT and ``ir.cron._trigger()``), then, measured
  apart, the triggered job that books the invoices queued since its last run.

Each is measured with the N invoices posted in one call (a batch, as "Post" on a selection)
and one by one (N calls, as N users each posting one invoice). Then the accrual is checked to
be the same in legacy and ours.

Usage (``bin/dms bench bench_rebate_accrual`` passes --config and --db)::

    ~/odoo/venv/bin/python tests/bench/bench_rebate_accrual.py --config .dms/odoo.conf \\
        --addons-path addons --db dms_bench_rebate [--invoices 200 --dealers 200 --repeat 1]
"""

import argparse
import statistics
import sys
import time
from collections import defaultdict


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", "-c")
    parser.add_argument("--db", "-d", default="dms_bench_rebate")
    parser.add_argument("--addons-path")
    parser.add_argument("--invoices", type=int, default=200)
    parser.add_argument("--dealers", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1)
    return parser.parse_args()


def load_registry(args):
    from odoo.tools import config

    argv = ["-d", args.db, "--log-level", "warn", "--http-port", "18498"]
    if args.config:
        argv = ["-c", args.config, *argv]
    if args.addons_path:
        argv += ["--addons-path", args.addons_path]
    config.parse_config(argv)
    from odoo.modules.registry import Registry
    from odoo.service import db as service_db
    from odoo.sql_db import db_connect

    if not service_db.exp_db_exist(args.db):
        service_db._create_empty_database(args.db)
    with db_connect(args.db).cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        row = None
        if cr.fetchone()[0]:
            cr.execute("SELECT state FROM ir_module_module WHERE name = 'dms_rebate'")
            row = cr.fetchone()
    if row and row[0] == "installed":
        return Registry(args.db)
    config["init"] = {"dms_rebate": 1}
    config["without_demo"] = "all"
    registry = Registry.new(args.db, update_module=True)
    config["init"] = {}
    return registry


def LEGACY_recompute_for_moves(self, moves):  # noqa: N802 - the old method, verbatim (self = dms.rebate.accrual)
    from odoo import fields

    from odoo.addons.dms_rebate.tools import periods as period_tools

    moves = moves.filtered(
        lambda m: (
            m.move_type in ("out_invoice", "out_refund")
            and not m.dms_rebate_settlement_id
            and m.commercial_partner_id.is_dealer
        )
    )
    if not moves:
        return
    Policy = self.env["dms.rebate.policy"].sudo().with_context(active_test=False)
    for company, company_moves in moves.grouped("company_id").items():
        dates = [m.date or m.invoice_date or fields.Date.context_today(self) for m in company_moves]
        policies = Policy.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("approved", "active", "closed")),
                ("date_start", "<=", max(dates)),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", min(dates)),
            ]
        )
        partners = company_moves.commercial_partner_id
        keys = defaultdict(lambda: self.env["res.partner"])
        for policy in policies:
            eligible = policy._get_eligible_partners(partners)
            for move in company_moves.filtered(lambda m, e=eligible: m.commercial_partner_id in e):
                day = move.date or move.invoice_date
                date_from, date_to = policy._get_period(day)
                responsible = policy._get_responsible_version(date_from, date_to)
                keys[(responsible, date_from, date_to)] |= move.commercial_partner_id
                if policy.basis == "growth":
                    next_from, next_to = period_tools.period_bounds(
                        fields.Date.add(date_from, years=1), policy.period_type
                    )
                    responsible = policy._get_responsible_version(next_from, next_to)
                    if responsible:
                        keys[(responsible, next_from, next_to)] |= move.commercial_partner_id
        for (policy, date_from, date_to), key_partners in keys.items():
            if policy:
                self._recompute(policy, key_partners, date_from, date_to)


def main():
    args = parse_args()
    registry = load_registry(args)
    from dateutil.relativedelta import relativedelta

    from odoo import SUPERUSER_ID, api, fields
    from odoo.fields import Command

    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        )
        today = fields.Date.today()
        day = (today - relativedelta(months=1)).replace(day=1)
        company = env.company
        company._dms_rebate_get_config()
        dealers = env["res.partner"].create(
            [
                {"name": f"Bench Dealer {i}", "is_company": True, "is_dealer": True, "dealer_state": "active"}
                for i in range(args.dealers)
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
        env.flush_all()
        base = cr.savepoint(flush=True)
        Accrual = env["dms.rebate.accrual"]

        def drafts():
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": dealers[i % len(dealers)].id,
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
                    for i in range(args.invoices)
                ]
            )
            env.flush_all()
            env.invalidate_all()
            return moves

        def post(moves, scenario, one_by_one):
            skip = scenario in ("vanilla", "legacy")
            targets = [moves.with_context(dms_rebate_skip_accrual=skip)]
            if one_by_one:
                targets = [move.with_context(dms_rebate_skip_accrual=skip) for move in moves]
            for target in targets:
                target.action_post()
                if scenario == "legacy":
                    LEGACY_recompute_for_moves(Accrual, target)
            env.flush_all()

        def run_job():
            while env["dms.rebate.accrual.queue"].search_count([]):
                Accrual._cron_process_queue()
            env.flush_all()

        def booked():
            return round(sum(env["dms.rebate.accrual"].search([]).mapped("amount_booked")), 2)

        results = defaultdict(list)
        checks = {}
        for _r in range(args.repeat):
            for one_by_one in (False, True):
                for scenario in ("vanilla", "legacy", "ours"):
                    moves = drafts()
                    q0, t0 = cr.sql_log_count, time.perf_counter()
                    post(moves, scenario, one_by_one)
                    results[(scenario, one_by_one)].append((time.perf_counter() - t0, cr.sql_log_count - q0))
                    if scenario == "ours":
                        env.invalidate_all()
                        q0, t0 = cr.sql_log_count, time.perf_counter()
                        run_job()
                        results[("job", one_by_one)].append((time.perf_counter() - t0, cr.sql_log_count - q0))
                    checks[(scenario, one_by_one)] = booked()
                    base.rollback()
                    env.invalidate_all()
        base.close(rollback=True)
        cr.rollback()

    def med(key):
        runs = results[key]
        return statistics.median(t for t, _q in runs), statistics.median(q for _t, q in runs)

    print()
    print(
        f"{args.invoices} invoices of {args.dealers} dealers, one monthly policy; median of {args.repeat} run(s); "
        f"s / SQL queries"
    )
    print()
    print(
        "| posting | vanilla s | queries | legacy s | queries | ours s | queries "
        "| ours / vanilla | ours / legacy | job s | job queries |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for one_by_one, label in ((False, "one call"), (True, "one by one")):
        van, leg, ours, job = (med((s, one_by_one)) for s in ("vanilla", "legacy", "ours", "job"))
        print(
            f"| {args.invoices} invoices, {label} | {van[0]:.2f} | {van[1]:.0f} | {leg[0]:.2f} | {leg[1]:.0f} "
            f"| {ours[0]:.2f} | {ours[1]:.0f} | {ours[0] / van[0]:.2f}× | {ours[0] / leg[0]:.2f}× "
            f"| {job[0]:.2f} | {job[1]:.0f} |"
        )
    print()
    for one_by_one, label in ((False, "one call"), (True, "one by one")):
        print(
            f"accrued ({label}): legacy {checks[('legacy', one_by_one)]}, ours after the job "
            f"{checks[('ours', one_by_one)]}, vanilla {checks[('vanilla', one_by_one)]}"
        )
    same = all(checks[("legacy", b)] == checks[("ours", b)] for b in (False, True))
    print("same accruals in legacy and ours:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
