# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PricelistRules(dict):
    """``{(pricelist id, date): (product ids, rules)}`` fetched once for many order lines.

    Passed in the context by ``sale.order.line._compute_pricelist_item_id``; a client's context
    holds JSON values only, never this class, so it cannot hand rules of its own to the lookup.
    """

    __hash__ = object.__hash__  # one fetch is equal only to itself (contexts may be compared)

    def __eq__(self, other):
        return self is other


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def _get_applicable_rules(self, products, date, **kwargs):
        prefetched = self.env.context.get("dms_pricelist_rules")
        if isinstance(prefetched, PricelistRules) and self and not kwargs and products._name == "product.product":
            entry = prefetched.get((self.id, date))
            # the rules of more products than asked: core keeps, per product, the first that applies to it
            if entry and set(products.ids) <= entry[0]:
                return entry[1].with_context(self.env.context)  # pylint: disable=context-overridden  # as core does
        return super()._get_applicable_rules(products, date, **kwargs)
