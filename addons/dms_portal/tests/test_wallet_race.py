# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two portal carts of one dealer spend its rebate wallet at the same time (two real transactions,
pattern of dms_rebate's test_concurrency). Fixtures are committed and removed in cleanUp."""

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalWalletRace(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            dealer = env["res.partner"].create(
                {
                    "name": "Portal Race Dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                }
            )
            product = env["product.product"].create({"name": "Portal Race Tea", "list_price": 100.0, "taxes_id": []})
            wallet = env["dms.rebate.wallet"]._get_or_create(dealer, company)
            env["dms.rebate.wallet.line"].create(
                {
                    "wallet_id": wallet.id,
                    "line_type": "credit",
                    "amount": 300.0,
                    "expiry_date": fields.Date.add(fields.Date.today(), days=30),
                }
            )
            carts = env["sale.order"].create(
                [
                    {
                        "partner_id": dealer.id,
                        "company_id": company.id,
                        "dms_portal_cart": True,
                        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 10, "tax_id": []})],
                    }
                    for _i in range(2)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
        self.data = {
            "dealer_id": dealer.id,
            "product_id": product.id,
            "wallet_id": wallet.id,
            "cart_ids": carts.ids,
            "envs": [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, {}) for _i in range(2)],
        }
        self.addCleanup(self.cleanUp)

    def cleanUp(self):
        for env in self.data["envs"]:
            env.cr.rollback()
            env.cr.close()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute("DELETE FROM dms_rebate_wallet_line WHERE wallet_id = %s", [self.data["wallet_id"]])
            cr.execute("DELETE FROM sale_order_line WHERE order_id = ANY(%s)", [self.data["cart_ids"]])
            cr.execute("DELETE FROM sale_order WHERE id = ANY(%s)", [self.data["cart_ids"]])
            cr.execute("DELETE FROM dms_rebate_wallet WHERE id = %s", [self.data["wallet_id"]])
            env["product.product"].browse(self.data["product_id"]).unlink()
            env["res.partner"].browse(self.data["dealer_id"]).unlink()

    def test_two_carts_cannot_overspend_the_wallet(self):
        """Each cart may use 200 (20 % of 1,000); the wallet holds 300: the second spender fails."""
        env1, env2 = self.data["envs"]
        cart1 = env1["sale.order"].browse(self.data["cart_ids"][0])
        cart2 = env2["sale.order"].browse(self.data["cart_ids"][1])
        for env in (env1, env2):  # both transactions start before either spends
            env.cr.execute("SELECT id FROM dms_rebate_wallet WHERE id = %s", [self.data["wallet_id"]])
        cart1._dms_portal_set_wallet("200")
        env1.cr.commit()  # pylint: disable=invalid-commit
        with self.assertRaises(pg_errors.SerializationFailure), mute_logger("odoo.sql_db"):
            cart2._dms_portal_set_wallet("200")
        env2.cr.rollback()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            wallet = env["dms.rebate.wallet"].browse(self.data["wallet_id"])
            self.assertAlmostEqual(wallet._get_balance(), 100.0)
            cart2 = env["sale.order"].browse(self.data["cart_ids"][1])
            self.assertFalse(cart2.order_line.filtered("is_dms_rebate"))
