# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load-test fixture, run inside ``odoo-bin shell`` on a database with the demo data (run.py does).

Adds, idempotently: N portal users spread over the brand-served demo distributors (password =
login) with API keys; API keys for the back-office users; a rule sending every order to its
region manager; stock for the catalog; rebate wallet credit; a submitted price policy for HQ to
approve during the run; every scheduled job but the mail queue postponed to the next night.
Writes what the locust users need to $DMS_LOAD_OUT (JSON).
"""

# ruff: noqa: F821 - `env` is given by odoo-bin shell
import datetime
import json
import os

from odoo import Command

N_USERS = int(os.environ.get("DMS_LOAD_USERS", "30"))
OUT = os.environ["DMS_LOAD_OUT"]
env = env(context={"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True})  # noqa: F821
Partner, Users = env["res.partner"], env["res.users"]
company = env.company
dealers = Partner.search(
    [("is_dealer", "=", True), ("dealer_type", "=", "distributor"), ("dealer_state", "=", "active")], order="ref"
)
assert dealers, "no demo distributor: the database needs the demo data"
# credit: each distributor can hold a busy day of orders; the check at the end proves none goes over
for dealer in dealers:
    dealer.with_company(company).credit_limit = max(dealer.with_company(company).credit_limit, 300000.0)

# the products every load dealer may buy, in stock
catalogs = [set(dealer._dms_portal_catalog_items()) for dealer in dealers]
skus = sorted(set.intersection(*catalogs))[:12]
assert len(skus) >= 4, f"too few common SKUs: {skus}"
products = env["product.product"].search([("default_code", "in", skus)])
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
for product in products.filtered("is_storable"):
    if product.qty_available < 50000:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100000.0)

portal_groups = [env.ref("base.group_portal").id, env.ref("dms_dealer.group_dms_portal_user").id]
users = []
for index in range(1, N_USERS + 1):
    login = f"load.u{index:02d}"
    dealer = dealers[(index - 1) % len(dealers)]
    user = Users.with_context(active_test=False).search([("login", "=", login)])
    if not user:
        contact = Partner.create(
            {"name": f"压测用户 {index:02d}", "parent_id": dealer.id, "email": f"{login}@example.com"}
        )
        user = Users.with_context(no_reset_password=True).create(
            {"login": login, "password": login, "partner_id": contact.id, "groups_id": [Command.set(portal_groups)]}
        )
    key = env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "load test", None)
    users.append({"login": login, "password": login, "key": key, "dealer_id": dealer.id})

back_office = {}
for login in ("east", "north", "south", "hq", "warehouse"):
    user = Users.search([("login", "=", login)])
    assert user, f"demo user {login} missing"
    back_office[login] = {
        "login": login,
        "password": login,
        "key": env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "load test", None),
    }

# every order waits for its region manager; the demo's large-order rule stays as it is
Rule = env["dms.order.approval.rule"]
if not Rule.search([("name", "=", "压测: 区域经理审批")]):
    Rule.create(
        {
            "name": "压测: 区域经理审批",
            "sequence": 50,
            "step_ids": [Command.create({"approver_type": "region_manager"})],
        }
    )

# rebate wallet credit to pay from
for dealer in dealers:
    wallet = env["dms.rebate.wallet"]._get_or_create(dealer, company)
    if wallet.balance < 20000:
        env["dms.rebate.wallet.line"].create(
            {"wallet_id": wallet.id, "line_type": "credit", "amount": 50000.0, "name": "压测返利"}
        )

# a price policy HQ approves while the dealers order (submitted by admin: HQ is another person)
admin = env.ref("base.user_admin")
policy = env["dms.price.policy"].search([("name", "=", "压测价格政策")], order="id desc", limit=1)
if not policy or policy.state not in ("draft", "to_approve"):
    policy = (
        env["dms.price.policy"]
        .with_user(admin)
        .create(
            {
                "name": "压测价格政策",
                "line_ids": [
                    Command.create({"product_id": products[0].id, "compute_price": "discount", "discount": 2.0}),
                ],
            }
        )
    )
if policy.state == "draft":
    policy.with_user(admin).action_submit()

# the server runs a cron worker as in production (it sends the e-mails the requests queue); the scheduled
# jobs of the night (and those calling outside services: partner autocomplete, lead enrichment) are not
# part of the daytime peak measured here: every job but the mail queue waits until tomorrow night
tomorrow_night = datetime.datetime.combine(datetime.date.today() + datetime.timedelta(days=1), datetime.time(2))
env["ir.cron"].search([("active", "=", True)]).filtered(
    lambda cron: cron != env.ref("mail.ir_cron_mail_scheduler_action")
).write({"nextcall": tomorrow_night})
env.cr.commit()
# the planner's statistics, as autovacuum keeps them on a production server: a database just built (or copied)
# has none, and a PostgreSQL may run without autovacuum (this project's machine does); no measurable change in
# the trace, where the tables are small: kept so that the load never runs on plans made blind
env.cr.execute("ANALYZE")
env.cr.commit()

with open(OUT, "w") as out:
    json.dump(
        {"users": users, "back_office": back_office, "skus": skus, "policy_id": policy.id, "dealer_ids": dealers.ids},
        out,
        ensure_ascii=False,
    )
print(f"DMS_LOAD_SEED users={len(users)} skus={len(skus)} dealers={len(dealers)}")
