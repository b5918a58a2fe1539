# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from urllib.parse import quote

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import SQL, consteq
from odoo.tools.misc import hmac

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import DmsChannelPortal

STOCK_PER_PAGE = 50
MOVES_PER_PAGE = 50
#: rows whose expiry date is at most this many days away are highlighted
NEAR_EXPIRY_DAYS = 30
STOCK_FIELDS = ["product_id", "lot_name", "expiration_date", "qty_on_hand"]
MOVE_FIELDS = ["date", "kind", "qty", "lot_name", "reference", "reason", "product_id"]


class DmsChannelStockPortal(DmsChannelPortal):
    """Channel stock (进销存) in the portal: the dealer's on-hand, its ledger, and its stock count (盘点).

    Rows are searched *as the portal user* (record rules: its dealer, and for a dealer administrator
    its downstream, read only); a stock count is posted only for the user's own dealer, through
    ``dms.channel.stock.move._post_adjustment``, with a one-time token bound to the dealer's ledger.
    """

    def _dms_stock_dealers(self):
        """``(own dealer, dealers the user reads)``: a dealer administrator reads its downstream too."""
        user = request.env.user
        if not user.has_group("dms_dealer.group_dms_portal_user"):
            raise NotFound()
        me = user.sudo().partner_id.commercial_partner_id
        dealers = me
        if user.has_group("dms_dealer.group_dms_portal_admin") and me.dealer_path:
            dealers = me._get_dealer_downstream(include_self=True)
        return me, dealers

    def _dms_stock_dealer(self, dealer=None):
        """``(own dealer, chosen dealer, dealers)``; a dealer the user may not read is a 404."""
        me, dealers = self._dms_stock_dealers()
        if not dealer:
            return me, me, dealers
        try:
            dealer_id = int(dealer)
        except (TypeError, ValueError):
            raise NotFound() from None
        if dealer_id not in dealers.ids:
            raise NotFound()
        return me, dealers.browse(dealer_id), dealers

    def _dms_stock_count_token(self, dealer):
        """One-time token of a stock count form: spent by any ledger move of the dealer (a count included)."""
        request.env["dms.channel.stock.move"].flush_model(["dealer_id"])
        last = request.env.execute_query(
            SQL("SELECT COALESCE(MAX(id), 0) FROM dms_channel_stock_move WHERE dealer_id = %s", dealer.id)
        )[0][0]
        return hmac(request.env(su=True), "dms_channel_stock_count", (dealer.id, last))

    def _dms_stock_page_values(self, dealer, page):
        """The page of ``dealer``'s stock rows (one query for the rows, one for the count)."""
        Stock = request.env["dms.channel.stock"]
        domain = [("dealer_id", "=", dealer.id)]
        pager = portal_pager(
            url="/my/channel/stock",
            url_args={"dealer": dealer.id},
            total=Stock.search_count(domain),
            page=page,
            step=STOCK_PER_PAGE,
        )
        rows = Stock.search_fetch(domain, STOCK_FIELDS, limit=STOCK_PER_PAGE, offset=pager["offset"])
        soon = fields.Date.context_today(request.env.user) + timedelta(days=NEAR_EXPIRY_DAYS)
        near = {row.id for row in rows if row.expiration_date and row.expiration_date <= soon}
        return {"rows": rows.sudo(), "near": near, "pager": pager}

    @http.route(
        ["/my/channel/stock", "/my/channel/stock/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=True,
    )
    def dms_channel_stock(self, page=1, dealer=None, error=None, done=None, **kw):
        me, dealer, dealers = self._dms_stock_dealer(dealer)
        can_count = dealer == me
        values = self._prepare_portal_layout_values()
        values.update(self._dms_stock_page_values(dealer, page))
        values.update(
            page_name="dms_channel_stock",
            me=me,
            dealer=dealer,
            dealers=dealers,
            can_count=can_count,
            token=self._dms_stock_count_token(me) if can_count else False,
            count_products=self._dms_stock_count_products(me) if can_count else False,
            error=error,
            done=done,
        )
        return request.render("dms_channel.portal_my_channel_stock", values)

    @http.route(
        ["/my/channel/stock/<int:product_id>", "/my/channel/stock/<int:product_id>/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=True,
    )
    def dms_channel_stock_product(self, product_id, page=1, dealer=None, **kw):
        me, dealer, dealers = self._dms_stock_dealer(dealer)
        Move = request.env["dms.channel.stock.move"]
        domain = [("dealer_id", "=", dealer.id), ("product_id", "=", product_id)]
        total = Move.search_count(domain)
        if not total:
            raise NotFound()
        pager = portal_pager(
            url=f"/my/channel/stock/{product_id}",
            url_args={"dealer": dealer.id},
            total=total,
            page=page,
            step=MOVES_PER_PAGE,
        )
        moves = Move.search_fetch(domain, MOVE_FIELDS, limit=MOVES_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="dms_channel_stock_product",
            me=me,
            dealer=dealer,
            moves=moves.sudo(),
            product=moves.sudo().product_id[:1],
            pager=pager,
        )
        return request.render("dms_channel.portal_my_channel_stock_product", values)

    def _dms_stock_new_line(self, post):
        """The line counted that the dealer does not hold yet: ``(product, lot, expiry, qty)`` or None."""
        product_id = (post.get("new_product_id") or "").strip()
        raw_qty = (post.get("new_qty") or "").strip()
        if not product_id and not raw_qty:
            return None
        try:
            product = request.env["product.product"].sudo().browse(int(product_id))
            qty = float(raw_qty)
            expiry = fields.Date.to_date((post.get("new_expiry") or "").strip() or False)
        except ValueError:
            raise UserError(
                request.env._("Choose the product, and enter the quantity and expiry date as such.")
            ) from None
        if qty < 0:
            raise UserError(request.env._("A counted quantity cannot be negative."))
        return product, (post.get("new_lot") or "").strip() or False, expiry or False, qty

    def _dms_stock_count_products(self, me):
        """Goods the dealer may count in (its authorised assortment; the first 200 by name)."""
        domain = request.env["dms.assortment"]._get_authorised_domain(me)
        # the assortment is the brand's catalogue: read as the system, within the dealer's authorised domain
        return request.env["product.product"].sudo().search(domain, limit=200, order="name, id")

    def _dms_stock_counts(self, me, post):
        """``(stock rows, {row id: counted qty})`` from the form; rows of another dealer are refused."""
        counts = {}
        for key, raw in post.items():
            if not key.startswith("count_") or not (raw or "").strip():
                continue
            try:
                stock_id = int(key.removeprefix("count_"))
                counts[stock_id] = float(raw)
            except ValueError:
                raise UserError(request.env._("Counted quantities must be numbers.")) from None
        if not counts and not self._dms_stock_new_line(post):
            raise UserError(request.env._("Enter the counted quantity of at least one line."))
        rows = request.env["dms.channel.stock"].search([("id", "in", list(counts)), ("dealer_id", "=", me.id)])
        if len(rows) != len(counts):
            raise Forbidden()
        if any(qty < 0 for qty in counts.values()):
            raise UserError(request.env._("A counted quantity cannot be negative."))
        return rows.sudo(), counts

    @http.route("/my/channel/stock/count", type="http", auth="user", website=True, methods=["POST"])
    def dms_channel_stock_count(self, token=None, reason=None, dealer=None, **post):
        """Stock count (盘点) of the user's own dealer: the variance of each counted line, posted once."""
        me, _dealers = self._dms_stock_dealers()
        if dealer and str(dealer) != str(me.id):
            raise Forbidden()
        Move = request.env["dms.channel.stock.move"]
        try:
            if not (reason or "").strip():
                raise UserError(request.env._("Give the reason of the stock count variance."))
            rows, counts = self._dms_stock_counts(me, post)
            new_line = self._dms_stock_new_line(post)
            with request.env.cr.savepoint():
                # lock the counted rows first: a second submit waits for the first, then finds its token spent
                products = rows.product_id | (new_line[0] if new_line else rows.product_id.browse())
                for product in products.sorted("id"):
                    request.env["dms.channel.stock"].sudo()._lock_rows(me, product)
                if not consteq(token or "", self._dms_stock_count_token(me)):
                    raise UserError(
                        request.env._(
                            "This stock count was already posted, or the stock changed since the form was "
                            "opened: open it again."
                        )
                    )
                moves = Move.browse()
                for row in rows.sorted(lambda r: (r.product_id.id, r.lot_name or "")):
                    moves |= Move._post_adjustment(me, row.product_id, counts[row.id], reason, lot_name=row.lot_name)
                if new_line:
                    product, lot, expiry, qty = new_line
                    moves |= Move._post_count_new(me, product, qty, reason, lot_name=lot, expiration_date=expiry)
        except (UserError, AccessError, ValidationError) as exc:
            return request.redirect(f"/my/channel/stock?error={quote(str(exc.args[0]))}")
        if moves:
            done = request.env._("Stock count posted: %(count)s variance line(s).", count=len(moves))
        else:
            done = request.env._("Stock count matches the stock on hand: nothing posted.")
        return request.redirect(f"/my/channel/stock?done={quote(done)}")
