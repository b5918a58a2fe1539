# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Price resolution: a constant number of queries whatever the number of lines K
and of policy lines R (one indexed search fetches every candidate line of the
customer for the whole batch, then :mod:`..tools.precedence` picks in memory)."""

from collections import defaultdict
from datetime import date as date_cls
from datetime import datetime

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import precedence

MAX_BASE_DEPTH = 3


class DmsPriceEngine(models.AbstractModel):
    _name = "dms.price.engine"
    _description = "DMS Price Engine"

    # ------------------------------------------------------------------
    # Context
    # ------------------------------------------------------------------
    @api.model
    def _to_date(self, date):
        if not date:
            return fields.Date.context_today(self)
        if isinstance(date, datetime):
            return fields.Datetime.context_timestamp(self, date).date()
        if isinstance(date, date_cls):
            return date
        return fields.Date.to_date(date)

    @api.model
    def _get_seller(self, partner):
        """The dealer selling to ``partner`` (empty: HQ)."""
        return partner.commercial_partner_id.dealer_parent_id

    # ------------------------------------------------------------------
    # Reads: plain SQL on flushed tables, a fixed number of queries per call
    # ------------------------------------------------------------------
    @api.model
    def _read_customers(self, partner_ids):
        """{partner id: {customer, seller_id, end_customer}} of the commercial partners of
        ``partner_ids`` (customer: id, level, territory chain): one query for any number of partners."""
        self.env["res.partner"].flush_model(
            ["commercial_partner_id", "dealer_level_id", "dealer_parent_id", "is_dealer", "dealer_type", "territory_id"]
        )
        self.env["dms.territory"].flush_model(["parent_path"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, cp.id, cp.dealer_level_id, cp.dealer_parent_id, cp.is_dealer, cp.dealer_type,
                       t.parent_path
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
             LEFT JOIN dms_territory t ON t.id = cp.territory_id
                 WHERE p.id = ANY(%s)
                """,
                list(partner_ids),
            )
        )
        result = {}
        for pid, cid, level_id, seller_id, is_dealer, dealer_type, parent_path in rows:
            territory_ids = tuple(int(x) for x in (parent_path or "").split("/") if x)
            result[pid] = {
                "customer": precedence.Customer(cid, level_id or False, territory_ids),
                "seller_id": seller_id or False,
                "end_customer": bool(seller_id) and (not is_dealer or dealer_type == "retailer"),
            }
        return result

    @api.model
    def _read_customer(self, partner_id):
        """Commercial partner of ``partner_id``: see :meth:`_read_customers`."""
        return self._read_customers([partner_id])[partner_id]

    @api.model
    def _read_products(self, product_ids, company):
        """{product id: dict} with template, category chain (deepest first), sales price, variant
        extra, cost (company-dependent), floor settings and the currency of the product prices."""
        self.env["product.product"].flush_model(
            ["product_tmpl_id", "standard_price", "product_template_attribute_value_ids"]
        )
        self.env["product.template"].flush_model(
            ["categ_id", "list_price", "company_id", "dms_floor_price", "dms_suggested_retail_price"]
        )
        self.env["product.template.attribute.value"].flush_model(["price_extra"])
        self.env["product.category"].flush_model(["parent_path"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT pp.id, pt.id, pt.categ_id, pc.parent_path, pt.list_price,
                       COALESCE((SELECT SUM(ptav.price_extra)
                                   FROM product_variant_combination pvc
                                   JOIN product_template_attribute_value ptav
                                     ON ptav.id = pvc.product_template_attribute_value_id
                                  WHERE pvc.product_product_id = pp.id), 0),
                       COALESCE((pp.standard_price ->> %s)::float, 0),
                       COALESCE(pt.dms_floor_price, 0), COALESCE(pt.dms_suggested_retail_price, 0),
                       COALESCE(rc.currency_id, %s)
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN product_category pc ON pc.id = pt.categ_id
             LEFT JOIN res_company rc ON rc.id = pt.company_id
                 WHERE pp.id = ANY(%s)
                """,
                str(company.id),
                company.currency_id.id,
                list(product_ids),
            )
        )
        result = {}
        for pid, tid, _categ_id, parent_path, list_price, extra, cost, min_price, srp, currency_id in rows:
            chain = tuple(reversed([int(x) for x in (parent_path or "").split("/") if x]))
            result[pid] = {
                "info": precedence.Product(pid, tid, chain),
                "list_price": (list_price or 0.0) + (extra or 0.0),
                "cost": cost or 0.0,
                "min_price": float(min_price or 0.0),
                "srp": float(srp or 0.0),
                "currency_id": currency_id,
            }
        return result

    @api.model
    def _read_margins(self, categ_ids):
        """{category id: minimum margin or None} for categories that enforce one."""
        if not categ_ids:
            return {}
        self.env["product.category"].flush_model(["dms_has_min_margin", "dms_min_margin"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id, dms_min_margin FROM product_category WHERE id = ANY(%s) AND dms_has_min_margin",
                list(categ_ids),
            )
        )
        return {cid: margin or 0.0 for cid, margin in rows}

    def _candidate_query(self, where):
        self.env["dms.price.policy.line"].flush_model()
        self.env["dms.price.policy"].flush_model()
        return SQL(
            """
            SELECT l.id, l.policy_id, p.version, p.is_promotion, l.partner_id, l.dealer_level_id,
                   l.territory_id, l.product_id, l.product_tmpl_id, l.categ_id, COALESCE(l.min_qty, 0),
                   p.date_start, p.date_end,
                   l.compute_price, COALESCE(l.fixed_price, 0), COALESCE(l.discount, 0), l.base,
                   l.base_policy_id, p.code, p.currency_id, p.seller_id
              FROM dms_price_policy_line l
              JOIN dms_price_policy p ON p.id = l.policy_id
             WHERE %s
            """,
            where,
        )

    @api.model
    def _read_candidates(self, custs, company, date, product_ids, template_ids, categ_ids):
        """Every line that may price these products for these customers (``custs``: values of
        :meth:`_read_customers`): one indexed query whatever the number of customers. The rows are a
        superset (any seller, level and territory of the batch); :func:`precedence.select_line`
        keeps, per customer, the lines of its own seller that target it (see :meth:`_customer_index`)."""
        sellers = {cust["seller_id"] for cust in custs}
        where = SQL(
            """
            p.state = 'active' AND p.company_id = %(company)s
            AND (p.seller_id = ANY(%(sellers)s) OR (%(hq)s AND p.seller_id IS NULL))
            AND (p.date_start IS NULL OR p.date_start <= %(date)s)
            AND (p.date_end IS NULL OR p.date_end >= %(date)s)
            AND (l.product_id = ANY(%(products)s) OR l.product_tmpl_id = ANY(%(templates)s)
                 OR l.categ_id = ANY(%(categs)s))
            AND (l.partner_id = ANY(%(partners)s)
                 OR (l.partner_id IS NULL
                     AND (l.dealer_level_id IS NULL OR l.dealer_level_id = ANY(%(levels)s))
                     AND (l.territory_id IS NULL OR l.territory_id = ANY(%(territories)s))))
            """,
            company=company.id,
            sellers=[s for s in sellers if s],
            hq=False in sellers,
            date=date,
            products=list(product_ids),
            templates=list(template_ids),
            categs=list(categ_ids),
            partners=list({cust["customer"].partner_id for cust in custs}),
            levels=list({cust["customer"].level_id for cust in custs if cust["customer"].level_id}),
            territories=list({t for cust in custs for t in cust["customer"].territory_ids}),
        )
        return self.env.execute_query(self._candidate_query(where))

    @api.model
    def _candidate_index(self, rows):
        """Split candidate rows once per batch: ``(row by id, {(seller, partner): [cand]} of customer
        lines, {seller: [cand]} of the other lines)``."""
        row_by_id, specific, general = {}, defaultdict(list), defaultdict(list)
        for row in rows:
            cand = precedence.Candidate(*row[:13])
            row_by_id[row[0]] = row
            if cand.partner_id:
                specific[(row[20] or False, cand.partner_id)].append(cand)
            else:
                general[row[20] or False].append(cand)
        return row_by_id, specific, general

    @api.model
    def _customer_index(self, cust, specific, general, memo):
        """{scope: [cand]} of the lines that may price ``cust``: its seller's lines targeting it. The
        lines of its profile (seller, level, territory chain) are indexed once per batch (``memo``)."""
        customer = cust["customer"]
        key = (cust["seller_id"], customer.level_id, customer.territory_ids)
        if key not in memo:
            memo[key] = self._index_by_scope(
                [c for c in general.get(cust["seller_id"], ()) if precedence.targets(c, customer)]
            )
        own = specific.get((cust["seller_id"], customer.partner_id))
        if not own:
            return memo[key]
        by_scope = defaultdict(list, {scope: list(cands) for scope, cands in memo[key].items()})
        for scope, cands in self._index_by_scope(own).items():
            by_scope[scope].extend(cands)
        return by_scope

    @api.model
    def _rows_to_candidates(self, rows):
        """(candidates, {line id: row}) from query rows."""
        return [precedence.Candidate(*row[:13]) for row in rows], {row[0]: row for row in rows}

    @api.model
    def _index_by_scope(self, candidates):
        by_scope = defaultdict(list)
        for cand in candidates:
            if cand.product_id:
                key = ("p", cand.product_id)
            elif cand.template_id:
                key = ("t", cand.template_id)
            else:
                key = ("c", cand.categ_id)
            by_scope[key].append(cand)
        return by_scope

    @api.model
    def _pool(self, by_scope, info):
        pool = by_scope.get(("p", info.product_id), []) + by_scope.get(("t", info.template_id), [])
        for categ_id in info.categ_chain:
            pool += by_scope.get(("c", categ_id), [])
        return pool

    # ------------------------------------------------------------------
    # Resolution
    # ------------------------------------------------------------------
    @api.model
    def _kind_labels(self):
        return {
            precedence.KIND_CUSTOMER: self.env._("Customer price"),
            precedence.KIND_LEVEL_TERRITORY: self.env._("Level and territory price"),
            precedence.KIND_LEVEL: self.env._("Level price"),
            precedence.KIND_TERRITORY: self.env._("Territory price"),
            precedence.KIND_PROMOTION: self.env._("Promotion price"),
            precedence.KIND_EVERYONE: self.env._("Price for everyone"),
        }

    @api.model
    def _rate_getter(self, currency, company, date):
        rates = {}

        def convert(amount, from_currency_id):
            if from_currency_id == currency.id:
                return amount
            if from_currency_id not in rates:
                rates[from_currency_id] = self.env["res.currency"]._get_conversion_rate(
                    self.env["res.currency"].browse(from_currency_id), currency, company, date
                )
            return amount * rates[from_currency_id]

        return convert

    @api.model
    def _resolve_policy_prices(self, partner, lines, date=None, currency=None, company=None):
        """Policy price of each ``(product, qty)`` (qty in the product's UoM) for ``partner``.

        Returns a list of dicts (same order) with price (in ``currency``), policy_line_id,
        explanation, floor (in ``currency``) and source ("policy" or False when no policy applies).
        One partner of :meth:`_resolve_policy_prices_batch`.
        """
        return self._resolve_policy_prices_batch([(partner, lines)], date=date, currency=currency, company=company)[0]

    @api.model
    def _resolve_policy_prices_batch(self, requests, date=None, currency=None, company=None):
        """:meth:`_resolve_policy_prices` of many partners: ``requests`` is a list of ``(partner, lines)``,
        the result a list (same order) of the lists of dicts.

        Reads are plain SQL, the same for 1 or N partners and any number of lines (customers, products,
        margins, candidate lines: 4 queries, plus the currencies when not cached and one per depth of
        "discount off a policy" lines); the precedence runs in memory, the lines of one customer
        profile (seller, level, territory chain) indexed once per call.
        """
        if not any(lines for _partner, lines in requests):
            return [[] for _request in requests]
        company = company or self.env.company
        currency = currency or company.currency_id
        date = self._to_date(date)
        # sudo: a price must not depend on who asks (portal, rep, API); every read below is bounded
        # by explicit ids (these customers, their sellers, these products).
        self = self.sudo()  # noqa: PLW0642
        custs = self._read_customers({partner.id for partner, lines in requests if lines})
        pdata = self._read_products({product.id for _partner, lines in requests for product, _qty in lines}, company)
        categ_ids = {c for data in pdata.values() for c in data["info"].categ_chain}
        template_ids = {data["info"].template_id for data in pdata.values()}
        margins = self._read_margins(categ_ids)
        rows = self._read_candidates(list(custs.values()), company, date, pdata, template_ids, categ_ids)
        row_by_id, specific, general = self._candidate_index(rows)
        memo = {}
        winners_by_request, base_items = [], []
        for index, (partner, lines) in enumerate(requests):
            if not lines:
                winners_by_request.append([])
                continue
            cust = custs[partner.id]
            customer = cust["customer"]
            by_scope = self._customer_index(cust, specific, general, memo)
            winners = []
            for product, qty in lines:
                info = pdata[product.id]["info"]
                winner = precedence.select_line(self._pool(by_scope, info), customer, info, qty, date)
                winner = row_by_id[winner.line_id] if winner else None
                winners.append(winner)
                if winner and winner[13] == "discount" and winner[16] == "policy":
                    base_items.append((winner, product.id, qty, index, customer))
            winners_by_request.append(winners)
        base_prices = self._get_base_policy_prices_batch(base_items, pdata, date)
        convert = self._rate_getter(currency, company, date)
        labels = self._kind_labels()
        digits = currency.decimal_places
        floors = {}
        results_by_request = []
        for index, ((partner, lines), winners) in enumerate(zip(requests, winners_by_request, strict=True)):
            end_customer = lines and custs[partner.id]["end_customer"]
            results = []
            for winner, (product, _qty) in zip(winners, lines, strict=True):
                data = pdata[product.id]
                if (product.id, end_customer) not in floors:
                    floors[(product.id, end_customer)] = self._floor(data, margins, end_customer, currency, convert)
                floor = floors[(product.id, end_customer)]
                if not winner:
                    result = self._empty_result()
                    result["floor"] = floor
                    results.append(result)
                    continue
                price = currency.round(self._line_price(winner, data, base_prices.get(index, {}), convert))
                results.append(
                    {
                        "price": price,
                        "policy_line_id": winner[0],
                        "explanation": self._explain(winner, price, digits, labels),
                        "floor": floor,
                        "source": "policy",
                    }
                )
            results_by_request.append(results)
        return results_by_request

    @api.model
    def _floor(self, data, margins, end_customer, currency, convert):
        """Floor price of a product (``_read_products`` data) in ``currency``, or False."""
        margin = next((margins[c] for c in data["info"].categ_chain if c in margins), None)
        floor = precedence.floor_price(
            min_price=data["min_price"],
            cost=data["cost"],
            margin=margin,
            suggested_retail=data["srp"],
            end_customer=end_customer,
        )
        return currency.round(convert(floor, data["currency_id"])) if floor else False

    @api.model
    def _explain(self, winner, price, digits, labels):
        """The explanation of a policy price (winning candidate row)."""
        cand = precedence.Candidate(*winner[:13])
        price_str = f"{price:.{digits}f}"
        explanation = self.env._(
            "%(kind)s %(price)s from policy %(code)s v%(version)s",
            kind=labels[precedence.target_kind(cand)],
            price=price_str,
            code=winner[18],
            version=winner[2],
        )
        if cand.min_qty:
            qty_str = f"{cand.min_qty:g}"
            explanation += self.env._(", tier ≥ %(qty)s", qty=qty_str)
        if winner[13] == "discount":
            discount_str = f"{winner[15]:g}"
            explanation += self.env._(" (%(discount)s%% off)", discount=discount_str)
        return explanation

    @api.model
    def _empty_result(self):
        return {"price": 0.0, "policy_line_id": False, "explanation": "", "floor": False, "source": False}

    @api.model
    def _line_price(self, row, data, base_prices, convert):
        """Price of a winning line (query row) in the target currency."""
        compute, fixed, discount, base = row[13], row[14], row[15], row[16]
        if compute == "fixed":
            return convert(float(fixed), row[19])
        if base == "policy" and (row[0], data["info"].product_id) in base_prices:
            base_price, base_currency = base_prices[(row[0], data["info"].product_id)]
            base_amount = convert(base_price, base_currency)
        else:
            base_amount = convert(data["list_price"], data["currency_id"])
        return precedence.apply_rule("discount", base_amount, discount=discount)

    @api.model
    def _get_base_policy_prices(self, items, customer, pdata, date, depth=0):
        """{(line id, product id): (price, currency id)} of the base policies of discount lines
        (``items``: ``(row, product id, qty)``) for one customer: see :meth:`_get_base_policy_prices_batch`."""
        items = [(row, pid, qty, 0, customer) for row, pid, qty in items]
        return self._get_base_policy_prices_batch(items, pdata, date, depth).get(0, {})

    @api.model
    def _get_base_policy_prices_batch(self, items, pdata, date, depth=0):
        """{key: {(line id, product id): (price, currency id)}} of the base policies of discount lines,
        ``items`` being ``(row, product id, qty, key, customer)`` (key: the request the line belongs to).

        One query per depth level (at most MAX_BASE_DEPTH), whatever the number of lines and customers."""
        if not items or depth >= MAX_BASE_DEPTH:
            return {}
        policy_ids = list({row[17] for row, *_rest in items})
        product_ids = list({item[1] for item in items})
        infos = [pdata[pid]["info"] for pid in product_ids]
        where = SQL(
            "l.policy_id = ANY(%s) AND (l.product_id = ANY(%s) OR l.product_tmpl_id = ANY(%s) OR l.categ_id = ANY(%s))",
            policy_ids,
            product_ids,
            list({i.template_id for i in infos}),
            list({c for i in infos for c in i.categ_chain}),
        )
        rows = self.env.execute_query(self._candidate_query(where))
        by_policy = defaultdict(list)
        for row in rows:
            by_policy[row[1]].append(row)
        pools = {policy_id: self._rows_to_candidates(pool) for policy_id, pool in by_policy.items()}
        picked = []
        for row, pid, qty, key, customer in items:
            cands, by_id = pools.get(row[17], ([], {}))
            best = precedence.select_line(cands, customer, pdata[pid]["info"], qty, None)
            picked.append((row, pid, qty, key, customer, by_id[best.line_id] if best else None))
        deeper = self._get_base_policy_prices_batch(
            [
                (best, pid, qty, key, customer)
                for _row, pid, qty, key, customer, best in picked
                if best and best[13] == "discount" and best[16] == "policy"
            ],
            pdata,
            date,
            depth + 1,
        )
        company = self.env.company
        result = defaultdict(dict)
        for row, pid, _qty, key, _customer, best in picked:
            if not best:
                continue
            currency = self.env["res.currency"].browse(best[19])
            if best[13] == "fixed":
                price = float(best[14])
            else:
                if (best[0], pid) in deeper.get(key, {}):
                    base, base_currency = deeper[key][(best[0], pid)]
                else:
                    base, base_currency = pdata[pid]["list_price"], pdata[pid]["currency_id"]
                base = (
                    self.env["res.currency"].browse(base_currency)._convert(base, currency, company, date, round=False)
                )
                price = precedence.apply_rule("discount", base, discount=best[15])
            result[key][(row[0], pid)] = (price, best[19])
        return dict(result)

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    @api.model
    def _get_prices(self, partner, lines, date=None, currency=None):
        """Price ``lines`` (list of ``(product.product, qty)``) for ``partner``.

        Policies first, then the partner's pricelist, then the sales price. Returns a list
        (same order) of dicts: price (in ``currency``, default company currency),
        policy_line_id, explanation, floor, source ("policy", "pricelist" or "list_price").
        Prices are expressed like the product's sales price (taxes as configured on it).
        One partner of :meth:`_get_prices_batch`.
        """
        return self._get_prices_batch([(partner, lines)], date=date, currency=currency)[0]

    @api.model
    def _get_prices_batch(self, requests, date=None, currency=None):
        """:meth:`_get_prices` of many partners in one call.

        ``requests``: list of ``(partner, [(product.product, qty), ...])``; returns a list (same order)
        of what :meth:`_get_prices` returns for each. The number of queries does not grow with the
        partners nor the lines: the policy reads of :meth:`_resolve_policy_prices_batch`, then for the
        lines no policy prices, the partners' pricelists (one computation for all partners) and one
        rule search per distinct pricelist.
        """
        company = self.env.company
        currency = currency or company.currency_id
        date = self._to_date(date)
        # one prefetch set for every product and partner of the call: their fields are read once, not per record
        product_ids = list({product.id for _partner, lines in requests for product, _qty in lines})
        partner_ids = list({partner.id for partner, _lines in requests})
        requests = [
            (
                partner.sudo().with_prefetch(partner_ids),
                [(product.sudo().with_prefetch(product_ids), qty) for product, qty in lines],
            )
            for partner, lines in requests
        ]
        results = self._resolve_policy_prices_batch(requests, date=date, currency=currency, company=company)
        missing = [
            (index, i)
            for index, request_results in enumerate(results)
            for i, res in enumerate(request_results)
            if not res["source"]
        ]
        if missing:
            self.sudo()._fill_from_pricelist(requests, results, missing, date, currency, company)
        return results

    @api.model
    def _fill_from_pricelist(self, requests, results, missing, date, currency, company):
        """Price the ``missing`` ``(request index, line index)`` from the partners' pricelists (rules
        searched once per distinct pricelist), else from the sales price."""
        indexes = list(dict.fromkeys(index for index, _i in missing))
        partners = self.env["res.partner"].union(*[requests[index][0] for index in indexes])
        commercial = partners.commercial_partner_id.with_company(company)
        commercial.mapped("property_product_pricelist")  # one computation for all partners
        pricelist_of = {
            index: requests[index][0].commercial_partner_id.with_company(company).property_product_pricelist
            for index in indexes
        }
        by_pricelist = defaultdict(list)
        for index, i in missing:
            by_pricelist[pricelist_of[index]].append((index, i))
        datetime_ = fields.Datetime.to_datetime(date)
        digits = currency.decimal_places
        # the price of a rule (or of the sales price: no rule) for a product and quantity, computed once per
        # call; without a rule the quantity plays no part (the product's sales price in ``currency``)
        computed = {}
        missing_ids = list({requests[index][1][i][0].id for index, i in missing})
        # what the rules' domains read, for all the missing products at once (not per pricelist group)
        self.env["product.product"].browse(missing_ids).categ_id.mapped("parent_path")
        for pricelist, todo in by_pricelist.items():
            # every group prefetches all the missing products: one read of their fields, not one per pricelist
            products = (
                self.env["product.product"]
                .browse({requests[index][1][i][0].id: True for index, i in todo})
                .with_prefetch(missing_ids)
            )
            rules = pricelist._get_applicable_rules(products, datetime_) if pricelist else []
            for index, i in todo:
                product, qty = requests[index][1][i]
                rule = self.env["product.pricelist.item"]
                for candidate in rules:
                    if candidate._is_applicable_for(product, qty):
                        rule = candidate
                        break
                key = (rule.id, product.id, qty) if rule else (False, product.id)
                if key not in computed:
                    price = rule._compute_price(product, qty, product.uom_id, date=date, currency=currency)
                    computed[key] = currency.round(price)
                price = computed[key]
                price_str = f"{price:.{digits}f}"
                if rule:
                    results[index][i].update(
                        price=price,
                        source="pricelist",
                        explanation=self.env._(
                            "Pricelist %(pricelist)s: %(price)s",
                            pricelist=pricelist.display_name,
                            price=price_str,
                        ),
                    )
                else:
                    results[index][i].update(
                        price=price,
                        source="list_price",
                        explanation=self.env._("Sales price %(price)s", price=price_str),
                    )

    @api.model
    def _get_catalog_products(self, partner):
        """Products ``partner`` may buy: all saleable products when HQ serves it, else those
        covered by its seller's active policies."""
        seller = self._get_seller(partner)
        Product = self.env["product.product"]
        if not seller:
            return Product.search([("sale_ok", "=", True)])
        today = fields.Date.context_today(self)
        lines = (
            self.env["dms.price.policy.line"]
            .sudo()
            .search_fetch(
                [
                    (
                        "policy_id",
                        "any",
                        [
                            ("state", "=", "active"),
                            ("seller_id", "=", seller.id),
                            ("company_id", "=", self.env.company.id),
                            "|",
                            ("date_start", "=", False),
                            ("date_start", "<=", today),
                            "|",
                            ("date_end", "=", False),
                            ("date_end", ">=", today),
                        ],
                    )
                ],
                ["product_id", "product_tmpl_id", "categ_id"],
            )
        )
        if not lines:
            return Product
        domain = [
            ("sale_ok", "=", True),
            "|",
            "|",
            ("id", "in", lines.product_id.ids),
            ("product_tmpl_id", "in", lines.product_tmpl_id.ids),
            ("categ_id", "child_of", lines.categ_id.ids),
        ]
        return Product.search(domain)
