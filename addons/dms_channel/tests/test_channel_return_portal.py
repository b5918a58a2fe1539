# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import DmsChannelMixin
from .test_channel_return import PNG


@tagged("post_install", "-at_install")
class TestChannelReturnPortal(DmsChannelMixin, HttpCase):
    """Returns and shipment cancellation on the portal order page, as each party."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)

    def _post(self, user, url, files=None, **data):
        self.authenticate(user.login, user.login)
        response = self.url_open(
            url, data=dict(data, csrf_token=http.Request.csrf_token(self)), files=files, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def _get(self, user, url):
        self.authenticate(user.login, user.login)
        return self.url_open(url, allow_redirects=False)

    def test_portal_shipment_cancel_and_return(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 4.0)])
        order.with_user(self.portal_sub_a).action_accept()
        order.with_user(self.portal_sub_a).action_ship()
        url = f"/my/channel/{order.id}"
        shipment = order.shipment_ids
        self.assertIn("o_dms_channel_shipment_cancel", self._get(self.portal_sub_a, url).text)
        self.assertNotIn("o_dms_channel_shipment_cancel", self._get(self.portal_retail_a, url).text)
        # the buyer posting the seller's cancel: refused, nothing changes; another network: 404
        response = self._post(self.portal_retail_a, f"/my/channel/shipment/{shipment.id}/cancel", reason="x")
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(
            self._post(self.portal_b_admin, f"/my/channel/shipment/{shipment.id}/cancel", reason="x").status_code, 404
        )
        self.assertEqual(shipment.state, "done")
        self._post(self.portal_sub_a, f"/my/channel/shipment/{shipment.id}/cancel", reason="Wrong truck")
        self.assertEqual((shipment.state, order.state), ("cancel", "accepted"))
        order.with_user(self.portal_sub_a).action_ship()
        order.with_user(self.portal_retail_a).action_receive()
        line = order.line_ids
        page = self._get(self.portal_retail_a, url).text
        self.assertIn("o_dms_channel_return_form", page)
        self.assertNotIn("o_dms_channel_return_form", self._get(self.portal_sub_a, url).text)
        # the seller cannot post the buyer's return request
        response = self._post(self.portal_sub_a, f"{url}/return/new", reason="not mine", **{f"return_{line.id}": "1"})
        self.assertIn("error=", response.headers["Location"])
        self.assertFalse(order.return_ids)
        response = self._post(
            self.portal_retail_a,
            f"{url}/return/new",
            files={"photo": ("broken.png", base64.b64decode(PNG), "image/png")},
            reason="Two bottles broken",
            **{f"return_{line.id}": "2"},
        )
        self.assertNotIn("error=", response.headers["Location"])
        ret = order.return_ids
        self.assertEqual((ret.state, ret.line_ids.qty), ("requested", 2.0))
        self.assertTrue(ret.photo)
        # both sides see the photo; the seller has the buttons
        seller_page = self._get(self.portal_sub_a, url).text
        self.assertIn(f"/web/image/dms.channel.return/{ret.id}/photo", seller_page)
        self.assertIn("o_dms_channel_return_accept", seller_page)
        self.assertNotIn("o_dms_channel_return_accept", self._get(self.portal_retail_a, url).text)
        image = self._get(self.portal_retail_a, f"/web/image/dms.channel.return/{ret.id}/photo")
        self.assertEqual(image.status_code, 200)
        # another network gets Odoo's placeholder, never the photo
        other = self._get(self.portal_b_admin, f"/web/image/dms.channel.return/{ret.id}/photo")
        self.assertNotEqual(other.content, image.content)
        response = self._post(self.portal_retail_a, f"/my/channel/return/{ret.id}/accept")
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self._post(self.portal_b_admin, f"/my/channel/return/{ret.id}/accept").status_code, 404)
        self._post(self.portal_sub_a, f"/my/channel/return/{ret.id}/accept")
        self.assertEqual(ret.state, "accepted")
        self.assertEqual(self._on_hand(self.sub_a, self.product_tea), 8.0)
        self.assertLedgerConsistent()
