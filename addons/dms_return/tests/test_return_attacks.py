# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import sys
import threading
import traceback

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.dms_dealer.tests.common import DmsRpcMixin
from odoo.addons.dms_portal.tools import photos

from .common import DmsReturnCommon

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestReturnRpc(DmsReturnCommon, DmsRpcMixin, HttpCase):
    """The dealer's client calls what it can over JSON-RPC."""

    def test_dealer_cannot_approve_or_write_state(self):
        request = self._submitted(qty=2.0)
        user = self.portal_a_user
        self.assertRpcRefused(user, "dms.return.request", "action_approve", request.ids)
        self.assertRpcRefused(user, "dms.return.request", "write", request.ids, {"state": "approved"})
        self.assertRpcRefused(
            user, "dms.return.request", "action_refund", request.ids, exception=("AccessError", "UserError")
        )
        self.assertRpcRefused(
            user, "dms.return.request", "web_save", request.ids, {"state": "done"}, specification={"state": {}}
        )
        self.assertRpcRefused(
            user,
            "dms.return.request",
            "create",
            [{"order_id": self.order.id, "reason_id": self.reason_quality.id, "state": "approved"}],
        )
        self.assertEqual(request.state, "submitted")

    def test_forged_quantities_and_other_dealers(self):
        line = self.order.order_line
        self.assertRpcRefused(
            self.portal_a_user,
            "dms.return.request",
            "create",
            [
                {
                    "order_id": self.order.id,
                    "reason_id": self.reason_quality.id,
                    "line_ids": [Command.create({"sale_line_id": line.id, "qty": 999})],
                }
            ],
            exception="ValidationError",
        )
        # another dealer asks on dist_a's order
        self.assertRpcRefused(
            self.portal_b_admin,
            "dms.return.request",
            "create",
            [
                {
                    "order_id": self.order.id,
                    "reason_id": self.reason_quality.id,
                    "line_ids": [Command.create({"sale_line_id": line.id, "qty": 1})],
                }
            ],
        )
        request = self._submitted(qty=2.0)
        self.assertRpcRefused(self.portal_b_admin, "dms.return.request", "action_cancel", request.ids)
        # the upstream administrator reads but does not act on a downstream request
        sub_order = self._delivered_order(self.sub_a, qty=3.0)
        sub_request = self._request(qty=1.0, order=sub_order)
        self.assertRpcRefused(self.portal_a_admin, "dms.return.request", "action_submit", sub_request.ids)
        self.assertEqual(
            self.rpc(self.portal_a_admin, "dms.return.request", "search_count", [("id", "=", sub_request.id)]), 1
        )
        self.assertEqual(self.rpc(self.portal_b_admin, "dms.return.request", "search_count", []), 0)
        self.assertRpcRefused(self.portal_a_user, "dms.return.request.line", "write", request.line_ids.ids, {"qty": 10})

    def test_duplicate_starts_as_a_draft_within_quantities(self):
        request = self._submitted(qty=6.0)
        request.with_user(self.user_region_east).action_approve()
        with self.assertRaises(Exception):  # noqa: B017 - 6 + 6 > 10: the copy's lines are refused
            request.with_user(self.user_hq).copy()
        small = self._submitted(qty=1.0)
        copy = small.with_user(self.user_hq).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.submit_uid)
        self.assertFalse(copy.picking_ids)

    def test_portal_form_and_photo_cap(self):
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        page = self.url_open(f"/my/dms/orders/{self.order.id}")
        self.assertIn("o_dms_return_request", page.text)
        form = self.url_open(f"/my/dms/orders/{self.order.id}/return")
        self.assertIn("o_dms_return_form", form.text)
        csrf = http.Request.csrf_token(self)
        # a file that is not an image is refused, nothing is created
        response = self.url_open(
            f"/my/dms/orders/{self.order.id}/return",
            data={"csrf_token": csrf, "reason_id": self.reason_quality.id, f"qty_{self.line.id}": "2"},
            files={"photos": ("x.pdf", b"%PDF-1.4 nope", "application/pdf")},
        )
        self.assertIn("o_dms_return_error", response.text)
        self.assertFalse(self.order.dms_return_request_ids)
        # too large: refused before it is read
        big = PNG + b"\x00" * (photos.MAX_PHOTO_BYTES + 1)
        response = self.url_open(
            f"/my/dms/orders/{self.order.id}/return",
            data={"csrf_token": csrf, "reason_id": self.reason_quality.id, f"qty_{self.line.id}": "2"},
            files={"photos": ("big.png", big, "image/png")},
        )
        self.assertIn("too large", response.text)
        self.assertFalse(self.order.dms_return_request_ids)
        response = self.url_open(
            f"/my/dms/orders/{self.order.id}/return",
            data={
                "csrf_token": csrf,
                "reason_id": self.reason_damage.id,
                f"qty_{self.line.id}": "2",
                "description": "Leaking caps",
            },
            files={"photos": ("leak.png", PNG, "image/png")},
        )
        request = self.order.dms_return_request_ids
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.photo_ids.mimetype, "image/png")
        self.assertEqual(base64.b64decode(request.photo_ids.datas), PNG)
        self.assertIn(request.name, response.text)
        self.assertIn(request.name, self.url_open("/my/dms/returns").text)
        # another dealer sees neither the page nor the form
        self.authenticate(self.portal_b_admin.login, self.portal_b_admin.login)
        self.assertEqual(self.url_open(f"/my/dms/returns/{request.id}").status_code, 404)
        self.assertIn(self.url_open(f"/my/dms/orders/{self.order.id}/return").status_code, (403, 404))

    def test_portal_signoff_with_discrepancy(self):
        order = self._delivered_order(self.dist_a, qty=4.0)
        self.authenticate(self.portal_a_user.login, self.portal_a_user.login)
        line = order.order_line
        response = self.url_open(
            f"/my/dms/orders/{order.id}/receipt",
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"disc_qty_{line.id}": "1",
                f"disc_kind_{line.id}": "shortage",
                "disc_note": "one case missing",
            },
        )
        self.assertEqual(order.dms_state, "signed")
        request = order.dms_return_request_ids
        self.assertEqual(request.reason_id, self.reason_shortage)
        self.assertIn(request.name, response.text)


@tagged("post_install", "-at_install")
class TestReturnRace(TransactionCase):
    """Two approvers click Approve on one request at once, on two real cursors: it is approved once.

    Fixtures are committed (each cursor must see them) and removed in cleanup. The delivery is a
    done move without a transfer and the reason a shortage (nothing ships back), so cleanup can undo it.
    """

    def setUp(self):
        super().setUp()
        # no e-mail sent after commit from the threads (it would wait for the registry lock of the main thread)
        self.context = dict(DISABLED_MAIL_CONTEXT, mail_notify_force_send=False, mail_activity_quick_update=True)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            dealer = env["res.partner"].create(
                {
                    "name": "Return Race Dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_type": "distributor",
                    "dealer_state": "active",
                    "credit_limit": 1e9,
                }
            )
            product = env["product.product"].create({"name": "Return Race Tea", "is_storable": True, "list_price": 5.0})
            order = env["sale.order"].create(
                {
                    "partner_id": dealer.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
                }
            )
            order.action_dms_submit()
            order.action_confirm()
            order.picking_ids.action_cancel()
            move = env["stock.move"].create(
                {
                    "name": "race delivery",
                    "product_id": product.id,
                    "product_uom_qty": 5,
                    "quantity": 5,
                    "product_uom": product.uom_id.id,
                    "location_id": env.ref("stock.stock_location_stock").id,
                    "location_dest_id": env.ref("stock.stock_location_customers").id,
                    "sale_line_id": order.order_line.id,
                    "state": "done",
                }
            )
            request = env["dms.return.request"].create(
                {
                    "order_id": order.id,
                    "reason_id": env.ref("dms_return.reason_shortage").id,
                    "request_type": "exchange",
                    "line_ids": [Command.create({"sale_line_id": order.order_line.id, "qty": 2})],
                }
            )
            request.action_submit()
            cr.commit()
        self.ids = {
            "dealer": dealer.id,
            "product": product.id,
            "order": order.id,
            "move": move.id,
            "request": request.id,
        }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            request = env["dms.return.request"].browse(self.ids["request"])
            request._workflow_write({"state": "cancel"})
            request.unlink()
            env["stock.move"].browse(self.ids["move"]).write({"state": "draft"})
            env["stock.move"].browse(self.ids["move"]).unlink()
            order = env["sale.order"].browse(self.ids["order"])
            order.with_context(disable_cancel_warning=True).action_cancel()
            order.picking_ids.move_ids.unlink()
            order.picking_ids.unlink()
            for model, ids in (("sale.order", [order.id]), ("dms.return.request", [request.id])):
                env["mail.activity"].search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
                env["mail.followers"].search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
                env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)]).unlink()
            order.unlink()
            env["stock.quant"].search([("product_id", "=", self.ids["product"])]).sudo().unlink()
            # valuation layers keep the product: archive it
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.active = False
            env["res.partner"].browse(self.ids["dealer"]).unlink()
            cr.commit()

    def test_two_cursors_approve_once(self):
        barrier = threading.Barrier(2)
        results = []
        envs = [api.Environment(self.env.registry.cursor(), SUPERUSER_ID, self.context) for _i in range(2)]
        for env in envs:
            self.addCleanup(env.cr.close)

        def approve(env):
            cr = env.cr
            try:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SELECT 1")  # both take their snapshot first
                barrier.wait(timeout=20)
                env["dms.return.request"].browse(self.ids["request"]).action_approve()
                cr.commit()
                results.append("approved")
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                results.append("serialization_failure")
            except UserError:
                cr.rollback()
                results.append("refused")
            except Exception as exc:  # noqa: BLE001 - reported by the test
                cr.rollback()
                results.append(repr(exc))

        threads = [threading.Thread(target=approve, args=(env,), daemon=True) for env in envs]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=40)
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            frames = sys._current_frames()
            self.fail("".join("".join(traceback.format_stack(frames[t.ident])) for t in stuck))
        self.assertEqual(results.count("approved"), 1, results)
        self.assertEqual(len(results), 2, results)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.context)
            request = env["dms.return.request"].browse(self.ids["request"])
            self.assertEqual(request.state, "received")
            logs = env["dms.workflow.log"].search(
                [("res_model", "=", "dms.return.request"), ("res_id", "=", request.id), ("transition", "=", "approve")]
            )
            self.assertEqual(len(logs), 1, "approved exactly once")
            # Odoo's retry of the loser sees the new state and refuses
            with self.assertRaises(UserError):
                request.action_approve()
            cr.rollback()
