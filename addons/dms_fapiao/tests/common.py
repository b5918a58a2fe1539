# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command

from odoo.addons.dms_portal.tests.common import DmsPortalMixin

TAX_ID = "91350100M000100Y43"


class DmsFapiaoMixin(DmsPortalMixin):
    @classmethod
    def _setup_dms_fapiao(cls):
        cls._setup_dms_portal()
        env = cls.env
        cls.product_service = env["product.product"].create(
            {"name": "Fapiao Service", "type": "service", "invoice_policy": "order", "taxes_id": [Command.clear()]}
        )
        cls.dist_a.write(
            {
                "dms_fapiao_title": "Test Distributor A Ltd",
                "dms_fapiao_tax_id": TAX_ID,
                "dms_fapiao_bank": "CMB Pudong",
                "dms_fapiao_account": "6225 0000",
                "dms_fapiao_address": "88 Zhangjiang Road",
                "dms_fapiao_phone": "021-5888",
            }
        )
        order = env["sale.order"].create(
            {
                "partner_id": cls.dist_a.id,
                "order_line": [Command.create({"product_id": cls.product_service.id, "price_unit": 1000.0})],
            }
        )
        order.action_dms_submit()
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        cls.invoiced_order = order

    def _request(self, amount, user=None, fapiao_type="normal", order=None):
        request = (
            self.env["dms.fapiao.request"]
            .with_user(user or self.portal_a_user)
            .create(
                {
                    "partner_id": self.dist_a.id,
                    "fapiao_type": fapiao_type,
                    "line_ids": [
                        Command.create({"sale_order_id": (order or self.invoiced_order).id, "amount": amount})
                    ],
                }
            )
        )
        request.action_submit()
        return request.with_user(self.env.user)
