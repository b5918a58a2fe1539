# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The price engine, batched for a simulation: one call prices a whole batch of past order
lines (many customers, many dates) with a draft policy layered in as if it were approved.

Nothing here is reachable from a client: the method is private (JSON-RPC refuses names
starting with ``_``), takes the draft as a Python record, reads no context key, and writes
nothing. The precedence itself is :func:`odoo.addons.dms_pricing.tools.precedence.select_line`,
the same pure function that prices real orders."""

from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.dms_pricing.tools import precedence

#: states of the versions that priced past orders (with their own validity windows)
PAST_STATES = ("active", "expired", "superseded")


class DmsPriceEngine(models.AbstractModel):
    _inherit = "dms.price.engine"

    @api.model
    def _dms_simulate_policy_prices(self, draft, items, company, date_from, date_to):
        """Winner of each item when ``draft`` is approved, over the period ``date_from``-``date_to``.

        :param draft: the draft ``dms.price.policy`` (read, never written). It is layered in
            over the whole period whatever its own validity dates; the version it revises is
            left out, as approving the draft would supersede it.
        :param items: list of dicts with ``partner_id``, ``product_id``, ``qty`` (product UoM)
            and ``date`` (the order's date)
        :return: list (same order) of dicts ``policy_id``, ``line_id`` and ``price`` (company
            currency, product UoM), or None when no policy line would price the item.

        A constant number of queries per call whatever the number of items, customers and
        dates (one more per depth of "discount off another policy" winners).
        """
        if not items:
            return []
        # sudo: the caller checked the user may run simulations; every read below is bounded
        # by explicit ids (these customers, these products, this company) and nothing is written
        self = self.sudo()  # noqa: PLW0642
        currency = company.currency_id
        customers = self._read_customers({item["partner_id"] for item in items})
        pdata = self._read_products({item["product_id"] for item in items}, company)
        categ_ids = {c for data in pdata.values() for c in data["info"].categ_chain}
        template_ids = {data["info"].template_id for data in pdata.values()}
        replaced = draft.previous_version_id.id or 0
        where = SQL(
            """
            p.company_id = %(company)s
            AND (l.product_id = ANY(%(products)s) OR l.product_tmpl_id = ANY(%(templates)s)
                 OR l.categ_id = ANY(%(categs)s))
            AND (p.id = %(draft)s
                 OR (p.state = ANY(%(states)s) AND p.id != %(replaced)s
                     AND (p.date_start IS NULL OR p.date_start <= %(date_to)s)
                     AND (p.date_end IS NULL OR p.date_end >= %(date_from)s)))
            """,
            company=company.id,
            products=list(pdata),
            templates=list(template_ids),
            categs=list(categ_ids),
            draft=draft.id,
            states=list(PAST_STATES),
            replaced=replaced,
            date_from=date_from,
            date_to=date_to,
        )
        rows = self.env.execute_query(self._candidate_query(where))
        by_seller = defaultdict(list)
        row_by_id = {}
        for row in rows:
            cand = precedence.Candidate(*row[:13])
            if row[1] == draft.id:  # as if approved over the whole period
                cand = cand._replace(date_start=None, date_end=None)
            by_seller[row[20] or False].append(cand)  # the policy's seller
            row_by_id[row[0]] = row
        index = {seller: self._index_by_scope(cands) for seller, cands in by_seller.items()}
        winners = []
        for item in items:
            cust = customers[item["partner_id"]]
            info = pdata[item["product_id"]]["info"]
            pool = self._pool(index.get(cust["seller_id"], {}), info)
            winner = precedence.select_line(pool, cust["customer"], info, item["qty"], item["date"])
            winners.append(row_by_id[winner.line_id] if winner else None)
        # base prices of "discount off a policy" winners: the engine's own reader, all customers at once
        base_prices = self._get_base_policy_prices_batch(
            [
                (winner, item["product_id"], item["qty"], item["partner_id"], customers[item["partner_id"]]["customer"])
                for winner, item in zip(winners, items, strict=True)
                if winner and winner[13] == "discount" and winner[16] == "policy"
            ],
            pdata,
            date_to,
        )
        convert = self._rate_getter(currency, company, date_to)
        results = []
        for winner, item in zip(winners, items, strict=True):
            if not winner:
                results.append(None)
                continue
            price = self._line_price(
                winner, pdata[item["product_id"]], base_prices.get(item["partner_id"], {}), convert
            )
            results.append({"policy_id": winner[1], "line_id": winner[0], "price": currency.round(price)})
        return results
