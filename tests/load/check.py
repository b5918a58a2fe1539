# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The promises, checked from the database after the load (inside ``odoo-bin shell``; run.py runs it).

Prints one line ``DMS_LOAD_CHECK <json>``: for each promise the number of records breaking it
(0 = kept) and a few examples.
"""

# ruff: noqa: F821 - `env` is given by odoo-bin shell
import json
import os

from odoo import fields
from odoo.tools import float_compare

env = env(context={"active_test": False})  # noqa: F821
seed = json.load(open(os.environ["DMS_LOAD_OUT"]))
company = env.company
dealers = env["res.partner"].browse(seed["dealer_ids"])
logins = [user["login"] for user in seed["users"]]
load_users = env["res.users"].search([("login", "in", logins)])
orders = env["sale.order"].search([("dms_ordered_by_user_id", "in", load_users.ids)])
result = {}


def report(name, broken, sample):
    result[name] = {"broken": len(broken), "sample": [str(item) for item in broken[:5]], "checked": sample}


# 1. no dealer over its credit limit (dms_order's own exposure: receivables, uninvoiced confirmed orders...)
over = []
for dealer in dealers:
    info = dealer._dms_credit_info()
    if info["limit"] and float_compare(info["exposure"], info["limit"], precision_digits=2) > 0:
        over.append(f"{dealer.ref}: exposure {info['exposure']:.2f} > limit {info['limit']:.2f}")
report("no dealer over its credit limit", over, len(dealers))

# 2. wallets: never below zero; per order at most the company's share, and backed by its own debit
share = company.dms_rebate_wallet_max_share / 100.0
bad_wallet = []
for wallet in env["dms.rebate.wallet"].search([("partner_id", "in", dealers.ids)]):
    balance = sum(wallet.line_ids.mapped("amount"))
    if float_compare(balance, 0.0, precision_digits=2) < 0:
        bad_wallet.append(f"wallet {wallet.partner_id.ref} balance {balance:.2f}")
paid = orders.filtered(lambda o: o.rebate_wallet_amount)
for order in paid:
    base = sum(order.order_line.filtered(lambda line: not line.is_dms_rebate).mapped("price_subtotal"))
    if float_compare(order.rebate_wallet_amount, base * share, precision_digits=2) > 0:
        bad_wallet.append(f"{order.name}: wallet {order.rebate_wallet_amount:.2f} > {share:.0%} of {base:.2f}")
    debits = -sum(order.rebate_wallet_line_ids.mapped("amount"))
    if order.state != "cancel" and float_compare(debits, order.rebate_wallet_amount, precision_digits=2) != 0:
        bad_wallet.append(f"{order.name}: wallet debits {debits:.2f} != wallet line {order.rebate_wallet_amount:.2f}")
report("no wallet below zero or above its cap per order", bad_wallet, len(paid))

# 3. accruals and settlements booked once
env.cr.execute(
    """SELECT policy_root_id, partner_id, period_start, count(*) FROM dms_rebate_accrual
        GROUP BY 1, 2, 3 HAVING count(*) > 1"""
)
twice = [f"accrual {row}" for row in env.cr.fetchall()]
env.cr.execute(
    """SELECT settlement_id, count(*) FROM dms_rebate_wallet_line
        WHERE line_type = 'credit' AND settlement_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1"""
)
twice += [f"settlement {row[0]} credited {row[1]} times to a wallet" for row in env.cr.fetchall()]
# a rerun of the accrual job books nothing more
moves_before = env["account.move.line"].search_count([("dms_rebate_accrual_id", "!=", False)])
env["dms.rebate.accrual"]._cron_recompute()
env.flush_all()
moves_after = env["account.move.line"].search_count([("dms_rebate_accrual_id", "!=", False)])
if moves_after != moves_before:
    twice.append(f"accrual rerun booked {moves_after - moves_before} more journal items")
env.cr.rollback()
report("no settlement or accrual booked twice", twice, env["dms.rebate.accrual"].search_count([]))

# 4. no order confirmed without its approvals
unapproved = []
confirmed = orders.filtered(lambda o: o.state == "sale")
for order in confirmed:
    steps = order.dms_approval_ids
    if not steps or any(step.state != "approved" for step in steps):
        unapproved.append(f"{order.name}: {[(s.approver_type, s.state) for s in steps]}")
report("no order confirmed without its approvals", unapproved, len(confirmed))

# confirmations of the run: orders confirmed (the confirmation writes the order date) since the load
# started, each with all its approvals given (an order confirmed without them breaks promise 4 and is
# never counted)
since = os.environ.get("DMS_LOAD_SINCE")
in_run = confirmed.filtered(
    lambda o: (
        o.dms_approval_ids
        and all(step.state == "approved" for step in o.dms_approval_ids)
        and (not since or o.date_order >= fields.Datetime.to_datetime(since))
    )
)

result["counts"] = {
    "confirmed_in_run": len(in_run),
    "orders": len(orders),
    # placed since the load started (the CPU per order of run.py's report)
    "orders_in_run": len(orders.filtered(lambda o: not since or o.create_date >= fields.Datetime.to_datetime(since))),
    "confirmed": len(confirmed),
    "credit_hold": len(orders.filtered(lambda o: o.dms_state == "credit_hold")),
    "shipped": len(orders.filtered(lambda o: o.dms_state in ("shipped", "signed"))),
    "signed": len(orders.filtered(lambda o: o.dms_state == "signed")),
    "paid_by_wallet": len(paid),
    "channel_orders": env["dms.channel.order"].search_count([("placed_by_user_id", "in", load_users.ids)]),
}
print("DMS_LOAD_CHECK " + json.dumps(result, ensure_ascii=False))
