# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One payment split over chosen orders of the buyer: an amount each, never more than the payment
nor than what an order owes, race-free; the statement and the running balance stay right."""

from odoo import SUPERUSER_ID, Command, api, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.dms_dealer.tests.common import REFUSED, SERIALIZATION_FAILURE, DmsRaceMixin, DmsRpcMixin

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelPaymentSplit(DmsRpcMixin, DmsChannelMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 100.0)

    def _account(self):
        return self.env["dms.channel.account"]._channel_get(self.sub_a, self.retail_a)

    def _shipped_order(self, qty):
        order = self._order(self.portal_retail_a, [(self.product_tea, qty)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        return order

    def _split_payment(self, amount, split, user=None, confirm=True):
        payment = (
            self.env["dms.channel.payment"]
            .with_user(user or self.portal_sub_a)
            .create(
                {
                    "buyer_id": self.retail_a.id,
                    "amount": amount,
                    "method": "bank",
                    "allocation_ids": [
                        Command.create({"order_id": order.id, "amount": value}) for order, value in split
                    ],
                }
            )
        )
        if confirm:
            payment.action_confirm()
        return payment

    def _open(self):
        rows, unallocated = self._account()._channel_order_lines()
        return {row["order"]: row["open"] for row in rows}, unallocated

    def test_split_pays_the_named_orders_and_the_balance_stays_right(self):
        first, second, third = self._shipped_order(3.0), self._shipped_order(2.0), self._shipped_order(1.0)
        payment = self._split_payment(250.0, [(second, 150.0), (third, 60.0)])  # 40 not named: oldest due
        self.assertEqual(payment.amount_allocated, 210.0)
        open_amounts, unallocated = self._open()
        self.assertEqual((open_amounts[first], open_amounts[second], open_amounts[third]), (260.0, 50.0, 40.0))
        self.assertEqual(unallocated, 0.0)
        account = self._account()
        # the statement counts the payment once, whatever its split
        self.assertEqual((account.amount_shipped, account.amount_paid, account.balance), (600.0, 250.0, 350.0))
        self.assertEqual(account._channel_entries()[-1]["balance"], 350.0)
        self.assertEqual(sum(open_amounts.values()), account.balance)
        # the buyer reads the split of a confirmed payment, not a draft's
        self.assertEqual(payment.allocation_ids.with_user(self.portal_retail_a).mapped("amount"), [150.0, 60.0])
        draft = self._split_payment(10.0, [(first, 10.0)], confirm=False)
        with self.assertRaises(AccessError):
            draft.allocation_ids.with_user(self.portal_retail_a).read(["amount"])
        self.assertFalse(payment.allocation_ids.with_user(self.portal_b_admin).has_access("read"))

    def test_split_refused_beyond_the_payment_the_order_or_the_parties(self):
        first, second = self._shipped_order(3.0), self._shipped_order(2.0)
        with self.assertRaises(ValidationError):
            self._split_payment(100.0, [(first, 80.0), (second, 30.0)], confirm=False)
        with self.assertRaisesRegex(UserError, "owes"):
            self._split_payment(500.0, [(second, 250.0)])
        self.assertFalse(
            self.env["dms.channel.payment"]
            .search([("buyer_id", "=", self.retail_a.id)])
            .filtered(lambda payment: payment.state == "confirmed")
        )
        # an order not shipped yet owes nothing: it cannot be named
        accepted = self._order(self.portal_retail_a, [(self.product_tea, 1.0)])
        accepted.with_user(self.portal_sub_a).action_accept()
        with self.assertRaisesRegex(UserError, "nothing shipped"):
            self._split_payment(50.0, [(accepted, 50.0)])
        # another buyer's order, a zero amount, an order and a split at once
        other = self._order(self.portal_sub_a, [(self.product_tea, 1.0)])
        with self.assertRaises(AccessError):
            self._split_payment(10.0, [(other, 10.0)], confirm=False)
        with self.assertRaises(ValidationError):
            self._split_payment(10.0, [(first, 0.0)], confirm=False)
        with self.assertRaises(ValidationError):
            self.env["dms.channel.payment"].with_user(self.portal_sub_a).create(
                {
                    "buyer_id": self.retail_a.id,
                    "amount": 50.0,
                    "order_id": first.id,
                    "allocation_ids": [Command.create({"order_id": second.id, "amount": 10.0})],
                }
            )

    def test_attacks_on_the_split(self):
        first, second = self._shipped_order(3.0), self._shipped_order(2.0)
        draft = self._split_payment(100.0, [(first, 100.0)], confirm=False)
        # the buyer cannot add, change or remove what the seller's payment names
        Allocation = self.env["dms.channel.payment.allocation"]
        with self.assertRaises(AccessError):
            Allocation.with_user(self.portal_retail_a).create(
                {"payment_id": draft.id, "order_id": second.id, "amount": 10.0}
            )
        with self.assertRaises(AccessError):
            draft.allocation_ids.with_user(self.portal_retail_a).write({"amount": 1.0})
        self.assertRpcRefused(
            self.portal_retail_a, "dms.channel.payment.allocation", "write", draft.allocation_ids.ids, {"amount": 1.0}
        )
        draft.with_user(self.portal_sub_a).action_confirm()
        # double click: the second confirmation is refused, the payment counts once
        with self.assertRaises(UserError):
            draft.with_user(self.portal_sub_a).action_confirm()
        # once confirmed, even the seller cannot change the split (ORM, JSON-RPC, forged context)
        with self.assertRaises(UserError):
            draft.allocation_ids.with_user(self.portal_sub_a).write({"amount": 50.0})
        with self.assertRaises(UserError):
            draft.allocation_ids.with_user(self.portal_sub_a).unlink()
        with self.assertRaises(UserError):
            Allocation.with_user(self.portal_sub_a).create(
                {"payment_id": draft.id, "order_id": second.id, "amount": 1.0}
            )
        with self.assertRaises(UserError):
            draft.with_user(self.portal_sub_a).write(
                {"allocation_ids": [Command.create({"order_id": second.id, "amount": 1.0})]}
            )
        self.assertRpcRefused(
            self.portal_sub_a,
            "dms.channel.payment.allocation",
            "write",
            draft.allocation_ids.ids,
            {"amount": 50.0},
            exception=("UserError", "AccessError"),
            context={"dms_workflow": "dms_workflow_engine"},
        )
        self.assertRpcRefused(
            self.portal_sub_a,
            "dms.channel.payment",
            "web_save",
            [draft.id],
            {"state": "draft"},
            specification={},
            exception=("UserError", "AccessError"),
        )
        self.env.invalidate_all()
        self.assertEqual((draft.state, draft.allocation_ids.amount), ("confirmed", 100.0))
        # a copy is a new draft payment without the split (a duplicate never pays twice)
        copy = draft.with_user(self.portal_sub_a).copy()
        self.assertRecordValues(copy, [{"state": "draft", "amount_allocated": 0.0}])
        open_amounts, _unallocated = self._open()
        self.assertEqual(open_amounts[first], 200.0)

    def test_portal_form_records_a_split(self):
        first, second = self._shipped_order(3.0), self._shipped_order(2.0)
        account = self._account()
        self.authenticate(self.portal_sub_a.login, self.portal_sub_a.login)
        page = self.url_open(f"/my/channel/account/{account.id}")
        self.assertIn(f'name="split_{first.id}"', page.text)
        response = self.url_open(
            f"/my/channel/account/{account.id}/payment",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "amount": "120",
                "method": "bank",
                f"split_{first.id}": "20",
                f"split_{second.id}": "100",
                "confirm": "1",
            },
            allow_redirects=False,
        )
        self.assertNotIn("error=", response.headers["Location"])
        open_amounts, _unallocated = self._open()
        self.assertEqual((open_amounts[first], open_amounts[second]), (280.0, 100.0))
        # too much for an order: refused with a message, nothing recorded
        response = self.url_open(
            f"/my/channel/account/{account.id}/payment",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "amount": "500",
                f"split_{second.id}": "150",
                "confirm": "1",
            },
            allow_redirects=False,
        )
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self._open()[0][second], 100.0)


@tagged("post_install", "-at_install")
class TestChannelPaymentSplitRace(DmsRaceMixin, TransactionCase):
    """Two payments naming the same order, confirmed at once on two cursors: the order is never overpaid."""

    def setUp(self):
        super().setUp()
        with self._race_committed() as env:
            dealer = {"is_company": True, "is_dealer": True, "dealer_state": "active"}
            seller = env["res.partner"].create(dict(dealer, name="Split Race Seller", dealer_type="distributor"))
            buyer = env["res.partner"].create(
                dict(dealer, name="Split Race Buyer", dealer_type="retailer", dealer_parent_id=seller.id)
            )
            product = env["product.product"].create(
                {"name": "Split Race Tea", "type": "consu", "list_price": 100.0, "taxes_id": [Command.clear()]}
            )
            self.ids_ = {"partners": [seller.id, buyer.id], "product": product.id}
            self.addCleanup(self._cleanup)
            env["dms.channel.stock.move"]._post(
                [{"dealer_id": seller.id, "product_id": product.id, "qty": 5.0, "kind": "sell_in"}]
            )
            order = env["dms.channel.order"].create(
                {"buyer_id": buyer.id, "line_ids": [Command.create({"product_id": product.id, "product_qty": 3.0})]}
            )
            self.ids_["order"] = order.id
            order.action_submit()
            order.action_accept()
            order.action_ship()  # owes 300
            payments = env["dms.channel.payment"]._workflow_create(
                [
                    {
                        "seller_id": seller.id,
                        "buyer_id": buyer.id,
                        "amount": 200.0,
                        "allocation_ids": [Command.create({"order_id": order.id, "amount": 200.0})],
                    }
                    for _i in range(2)
                ]
            )
            self.ids_["payments"] = payments.ids
            self.account_id = payments.account_id.id

    def _cleanup(self):
        with self._race_committed() as env:
            cr = env.cr
            self._race_forget(env, "dms.channel.payment", self.ids_.get("payments", []))
            cr.execute("DELETE FROM dms_channel_payment WHERE id = ANY(%s)", [self.ids_.get("payments", [])])
            for table in ("dms_channel_stock_move", "dms_channel_stock"):
                cr.execute(f"DELETE FROM {table} WHERE product_id = %s", [self.ids_["product"]])  # noqa: S608
            if "order" in self.ids_:
                self._race_forget(env, "dms.channel.order", [self.ids_["order"]])
                cr.execute("DELETE FROM dms_channel_shipment WHERE order_id = %s", [self.ids_["order"]])
                cr.execute("DELETE FROM dms_channel_order WHERE id = %s", [self.ids_["order"]])
            cr.execute("DELETE FROM dms_channel_account WHERE seller_id = %s", [self.ids_["partners"][0]])
            env["product.product"].browse(self.ids_["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids_["partners"]).unlink()

    def test_two_payments_at_once_never_overpay_an_order(self):
        def confirm(env, payment_id):
            env["dms.channel.payment"].browse(payment_id).action_confirm()
            return "confirmed"

        results = self._race_run(confirm, self.ids_["payments"])
        self.assertEqual(sorted(results.values()).count("confirmed"), 1, results)
        loser = next(pid for pid, outcome in results.items() if outcome != "confirmed")
        self.assertIn(results[loser], (REFUSED, SERIALIZATION_FAILURE), results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.race_context)
            if results[loser] == SERIALIZATION_FAILURE:
                # Odoo retries the request: the retry sees the winner's payment
                with self.assertRaisesRegex(UserError, "owes"):
                    env["dms.channel.payment"].browse(loser).action_confirm()
            payments = env["dms.channel.payment"].browse(self.ids_["payments"])
            self.assertEqual(sorted(payments.mapped("state")), ["confirmed", "draft"])
            rows, _unallocated = env["dms.channel.account"].browse(self.account_id)._channel_order_lines()
            self.assertEqual(rows[0]["open"], 100.0)
            cr.rollback()
