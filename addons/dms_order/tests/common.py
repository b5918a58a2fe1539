# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsNetworkMixin


class DmsOrderCommon(DmsNetworkMixin, AccountTestInvoicingCommon):
    """Dealer network + accounting + two products (stocked and service), no taxes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls._setup_dms_network()
        # the test user runs the channel (as admin does)
        cls.env.user.groups_id |= cls.env.ref("dms_dealer.group_dms_hq_manager")
        cls.company = cls.env.company
        cls.company.dms_cross_territory_mode = "warn"
        cls.product_tea = cls.env["product.product"].create(
            {
                "name": "Test Jade Tea",
                "type": "consu",
                "is_storable": True,
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_service = cls.env["product.product"].create(
            {
                "name": "Test Display Service",
                "type": "service",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(cls.product_tea, cls.warehouse.lot_stock_id, 10000.0)
        cls.finance_users = cls.env["res.users"].search(
            [("groups_id", "in", cls.env.ref("dms_dealer.group_dms_finance").id), ("share", "=", False)]
        )

    @classmethod
    def _create_order(cls, partner, amount=100.0, qty=1.0, product=None, user=None, **vals):
        product = product or cls.product_service
        values = {
            "partner_id": partner.id,
            "user_id": (user or partner.user_id).id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": amount / qty})
            ],
        }
        values.update(vals)
        return cls.env["sale.order"].create(values)

    @classmethod
    def _posted_invoice(cls, partner, amount, due_date=None, post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due_date or fields.Date.today(),
                "invoice_date_due": due_date or fields.Date.today(),
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.product_service.id, "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move
