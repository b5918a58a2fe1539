# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixture: the dms_dealer network, a stocked product, and a delivered, invoiced
order of ``dist_a`` (10 cases of tea at 100, no taxes)."""

from contextlib import contextmanager

from odoo import Command, fields

from odoo.addons.dms_order.tests.common import DmsOrderCommon


class DmsReturnCommon(DmsOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_warehouse = cls.env["res.users"].create(
            {
                "name": "Warehouse",
                "login": "dms_warehouse",
                "email": "warehouse@example.com",
                "password": "dms_warehouse",
                "groups_id": [
                    Command.set([cls.env.ref("base.group_user").id, cls.env.ref("stock.group_stock_user").id])
                ],
            }
        )
        cls.env.ref("dms_return.mail_activity_dms_return_receive").default_user_id = cls.user_warehouse
        cls.reason_quality = cls.env.ref("dms_return.reason_quality")
        cls.reason_damage = cls.env.ref("dms_return.reason_damage")
        cls.reason_shortage = cls.env.ref("dms_return.reason_shortage")
        cls.order = cls._delivered_order(cls.dist_a, qty=10.0)
        cls.line = cls.order.order_line

    @classmethod
    def _delivered_order(cls, dealer, qty=10.0, invoice=True):
        order = cls._create_order(dealer, amount=100.0 * qty, qty=qty, product=cls.product_tea)
        order.action_dms_submit()
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        if invoice:
            order._create_invoices().action_post()
        return order

    def _request(self, qty=2.0, reason=None, request_type="refund", order=None, user=None):
        order = order or self.order
        Request = self.env["dms.return.request"]
        if user:
            Request = Request.with_user(user)
        return Request.with_env(self.env).browse(
            Request.create(
                {
                    "order_id": order.id,
                    "reason_id": (reason or self.reason_quality).id,
                    "request_type": request_type,
                    "line_ids": [Command.create({"sale_line_id": order.order_line[0].id, "qty": qty})],
                }
            ).id
        )

    def _submitted(self, qty=2.0, **kw):
        request = self._request(qty=qty, user=self.portal_a_user, **kw)
        request.with_user(self.portal_a_user).action_submit()
        return request.with_env(self.env)

    @contextmanager
    def assertRefused(self, exception, text):
        """Like ``assertRaisesRegex``, but in a savepoint (Odoo's ``assertRaises``): nothing stays written."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception.args[0]))

    @staticmethod
    def _days_ago(days):
        return fields.Datetime.subtract(fields.Datetime.now(), days=days)
