# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import HttpCase, tagged

from .common import DmsChannelMixin


@tagged("post_install", "-at_install")
class TestChannelPortal(DmsChannelMixin, HttpCase):
    """Portal pages under /my/channel: each side sees its buttons, acts as itself, others get nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dms_channel(tax=False)
        cls._give_stock(cls.sub_a, cls.product_tea, 10.0)

    def _post(self, user, url, **data):
        self.authenticate(user.login, user.login)
        response = self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)), allow_redirects=False)
        self.env.invalidate_all()  # the request changed the records behind this test's cache
        return response

    def _get(self, user, url):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        return self.url_open(url, allow_redirects=False)

    def test_portal_pages_and_actions(self):
        order = self._order(self.portal_retail_a, [(self.product_tea, 4.0)])
        line = order.line_ids
        url = f"/my/channel/{order.id}"
        # listed for the buyer and the seller, with the right buttons
        response = self._get(self.portal_retail_a, "/my/channel")
        self.assertEqual(response.status_code, 200)
        self.assertIn(order.name, response.text)
        self.assertIn(order.name, self._get(self.portal_sub_a, "/my/channel?side=sales").text)
        self.assertNotIn(order.name, self._get(self.portal_sub_a, "/my/channel?side=purchases").text)
        buyer_page = self._get(self.portal_retail_a, url)
        self.assertEqual(buyer_page.status_code, 200)
        self.assertNotIn("o_dms_channel_accept", buyer_page.text)
        self.assertIn("o_dms_channel_cancel", buyer_page.text)
        seller_page = self._get(self.portal_sub_a, url)
        self.assertIn("o_dms_channel_accept", seller_page.text)
        # the upstream's upstream reads without buttons; another network and the public get nothing
        upstream_page = self._get(self.portal_a_admin, url)
        self.assertEqual(upstream_page.status_code, 200)
        self.assertNotIn("o_dms_channel_accept", upstream_page.text)
        self.assertEqual(self._get(self.portal_b_admin, url).status_code, 404)
        self.assertIn(self._get(None, url).status_code, (302, 303))
        # the buyer posting the seller's accept is refused and nothing changes
        response = self._post(self.portal_retail_a, f"{url}/accept")
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(order.state, "submitted")
        response = self._post(self.portal_a_admin, f"{url}/accept")
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(self._post(self.portal_b_admin, f"{url}/accept").status_code, 404)
        self.assertEqual(order.state, "submitted")
        # the seller accepts and ships part, with carrier and tracking number
        self._post(self.portal_sub_a, f"{url}/accept")
        self.assertEqual(order.state, "accepted")
        self.assertIn("o_dms_channel_ship", self._get(self.portal_sub_a, url).text)
        response = self._post(
            self.portal_sub_a, f"{url}/ship", **{f"ship_{line.id}": "9", "carrier": "SF", "tracking_ref": "SF9"}
        )
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(order.state, "accepted")
        self._post(self.portal_sub_a, f"{url}/ship", **{f"ship_{line.id}": "4", "carrier": "SF", "tracking_ref": "SF1"})
        self.assertEqual(order.state, "shipped")
        self.assertEqual(line.qty_shipped, 4.0)
        self.assertEqual(order.shipment_ids.tracking_ref, "SF1")
        self.assertIn("SF1", self._get(self.portal_retail_a, url).text)
        # only the buyer confirms receipt; a shortage needs a note
        response = self._post(self.portal_sub_a, f"{url}/receive")
        self.assertIn("error=", response.headers["Location"])
        response = self._post(self.portal_retail_a, f"{url}/receive", **{f"receive_{line.id}": "3"})
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(order.state, "shipped")
        self._post(self.portal_retail_a, f"{url}/receive", **{f"receive_{line.id}": "3", "note": "one missing"})
        self.assertEqual(order.state, "received_with_discrepancy")
        self._post(self.portal_sub_a, f"{url}/resolve", resolution="sent the missing one")
        self.assertEqual(order.state, "done")
        self.assertEqual(self._on_hand(self.retail_a, self.product_tea), 3.0)
        self.assertLedgerConsistent()
