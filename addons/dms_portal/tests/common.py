# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal fixture: the dms_dealer network plus products, orders and invoices
of every dealer, and a statement per distributor."""

from odoo import Command

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


class DmsPortalMixin(DmsNetworkMixin):
    @classmethod
    def _setup_dms_portal(cls):
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        env = cls.env
        cls.categ = env["product.category"].create({"name": "DMS Portal Test Drinks"})
        Product = env["product.product"]
        cls.product_water, cls.product_tea, cls.product_min, cls.product_hidden = Product.create(
            [
                {"name": "Test Water", "default_code": "TW-01", "list_price": 10.0, "categ_id": cls.categ.id},
                {"name": "Test Tea", "default_code": "TT-01", "list_price": 25.0, "categ_id": cls.categ.id},
                {
                    "name": "Test Crate",
                    "default_code": "TC-01",
                    "list_price": 100.0,
                    "categ_id": cls.categ.id,
                    "dms_portal_min_qty": 5,
                },
                {"name": "Test Internal", "default_code": "TX-01", "list_price": 1.0, "sale_ok": False},
            ]
        )
        # each upstream dealer offers the test category at the sales price (dms_pricing catalog)
        Policy = env["dms.price.policy"]
        for seller in (cls.dist_a, cls.sub_a, cls.dist_b):
            policy = Policy.create(
                {
                    "name": f"Offer of {seller.name}",
                    "seller_id": seller.id,
                    "line_ids": [
                        Command.create({"categ_id": cls.categ.id, "compute_price": "discount", "discount": 0.0}),
                        Command.create(
                            {
                                "product_id": cls.product_tea.id,
                                "compute_price": "discount",
                                "discount": 10.0,
                                "min_qty": 10.0,
                            }
                        ),
                    ],
                }
            )
            policy.action_submit()
            policy.action_approve()
        cls.dealers = cls.dist_a | cls.sub_a | cls.retail_a | cls.dist_b | cls.sub_b
        cls.orders = env["sale.order"].create(
            [
                {
                    "partner_id": dealer.id,
                    "order_line": [Command.create({"product_id": cls.product_water.id, "product_uom_qty": 3})],
                }
                for dealer in cls.dealers
            ]
        )
        cls.order_by_dealer = {order.partner_id: order for order in cls.orders}
        for order in cls.orders:
            order.require_signature = True
            order.require_payment = False
        cls.invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": dealer.id,
                    "invoice_line_ids": [Command.create({"name": "Water", "quantity": 1, "price_unit": 100.0})],
                }
                for dealer in cls.dealers
            ]
        )
        cls.invoices.action_post()
        cls.invoice_by_dealer = {inv.partner_id: inv for inv in cls.invoices}
